"""Reports: Decree 30 structure, traceable figures, honest empty sections, periods, access, PDF pages."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from dxmonitor.cli import main
from dxmonitor.reports.numbers import vn_int, vn_pct
from dxmonitor.reports.periods import parse_period
from dxmonitor.reports.services import report_build

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025-H1", dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        ("2025-H2", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        ("2025-Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_periods(code: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("bad", ["25", "2025-H3", "2025-Q5", "2025-13", "năm 2025"])
def test_bad_period_names_the_field(bad: str) -> None:
    with pytest.raises(ValueError, match="period"):
        parse_period(bad)


def test_previous_period() -> None:
    assert parse_period("2025-H1").previous().code == "2024-H2"
    assert parse_period("2025-Q1").previous().code == "2024-Q4"
    assert parse_period("2025").previous().code == "2024"


@pytest.mark.parametrize(("value", "text"), [(1500000, "1.500.000"), (0.973, "97,3 %"), (None, "–")])
def test_vietnamese_numbers(value: Any, text: str) -> None:
    assert (vn_pct(value) if isinstance(value, float) or value is None else vn_int(value)) == text


def _texts(path: Path) -> list[str]:
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts.extend(line for cell in row.cells for line in cell.text.split("\n"))
    return texts


@pytest.mark.django_db
def test_national_report_has_decree_30_layout(tmp_path: Path) -> None:
    archive = report_build(actor=None, kind="national", period="2025-H2", with_pdf=False, via="test")
    path = tmp_path / "r.docx"
    path.write_bytes(archive.docx.read())
    texts = _texts(path)
    joined = "\n".join(texts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert any(t.startswith("Số:") for t in texts)
    assert any(t.startswith("Hà Nội, ngày") for t in texts)
    assert "BÁO CÁO" in texts
    assert "6 tháng cuối năm 2025" in joined
    assert "Nơi nhận:" in texts
    assert "PHỤ LỤC: NGUỒN CỦA CÁC SỐ LIỆU" in texts
    doc = Document(str(path))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt in (13, 14)


@pytest.mark.django_db
def test_figures_are_traceable_and_match_the_registry() -> None:
    archive = report_build(actor=None, kind="national", period="2026", with_pdf=False, via="test")
    figures = {f["label"]: f for f in archive.figures}
    assert figures["Số tỉnh, thành phố"]["value"] == 34
    assert figures["Số tỉnh, thành phố"]["query"] == "orgs.counts_by_kind"
    before = report_build(actor=None, kind="national", period="2024", with_pdf=False, via="test")
    assert {f["label"]: f["value"] for f in before.figures}["Số tỉnh, thành phố"] == 63


@pytest.mark.django_db
def test_unit_report_needs_a_known_unit() -> None:
    with pytest.raises(ValueError, match="unit"):
        report_build(actor=None, kind="unit", period="2025", with_pdf=False)
    from dxmonitor.orgs.contracts import UnitNotFound

    with pytest.raises(UnitNotFound):
        report_build(actor=None, kind="unit", period="2025", unit_code="Tỉnh Không Có", with_pdf=False)
    archive = report_build(actor=None, kind="unit", period="2025", unit_code="BKHCN", with_pdf=False)
    assert "Bộ Khoa học và Công nghệ" in archive.title


@pytest.mark.django_db
def test_cli_build_writes_docx(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "bao-cao.docx"
    assert main(["report", "build", "brief", "--period", "2026-Q3", "--out", str(out), "--no-pdf"]) == 0
    assert out.exists() and (tmp_path / "bao-cao-phu-luc.xlsx").exists()
    assert main(["report", "build", "national", "--period", "2026-H3", "--out", str(out)]) == 2
    assert "period" in capsys.readouterr().err


@pytest.mark.django_db
def test_access(client_as: Any) -> None:
    assert client_as("unit_officer", "BKHCN").get("/reports/").status_code == 403
    assert client_as("leader").post("/reports/build/", {"kind": "national", "period": "2025"}).status_code == 403
    client = client_as("secretariat")
    response = client.post("/reports/build/", {"kind": "national", "period": "2025-H1"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "orgs.counts_by_kind" in page
    assert client_as("leader").get("/api/v1/reports/").json()[0]["period"] == "2025-H1"


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice and poppler are installed by `make install`")
def test_pdf_renders_to_png_pages() -> None:
    archive = report_build(actor=None, kind="national", period="2025", with_pdf=True, via="test")
    assert archive.pdf
    out = ROOT / "test-artifacts" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / "national-2025.pdf"
    pdf.write_bytes(archive.pdf.read())
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "national-2025")], check=True, timeout=120)
    assert list(out.glob("national-2025*.png"))


@pytest.mark.django_db
def test_schedule_builds_due_reports_once() -> None:
    from dxmonitor.reports.models import ReportArchive
    from dxmonitor.reports.tasks_queue import schedule_due

    first = schedule_due(dt.date(2026, 11, 24))
    assert first == ["2026-H1", "2025-H2", "2025"]
    assert set(ReportArchive.objects.values_list("period", flat=True)) == {"2026-H1", "2025-H2", "2025"}
    assert schedule_due(dt.date(2026, 11, 24)) == []


@pytest.mark.django_db
def test_report_figures_equal_the_dashboard(make_user: Any, unit: Any) -> None:
    from dxmonitor.dashboard.selectors import headline
    from dxmonitor.tasks.services import TaskInput, directive_create, task_create

    sec = make_user("secretariat")
    directive = directive_create(actor=sec, kind="conclusion", number="8/TB-VPCP", issued_on=dt.date(2026, 1, 5),
                                 title="Kết luận")
    for deadline in (dt.date(2026, 3, 31), dt.date(2026, 12, 31)):
        task_create(actor=sec, directive=directive, data=TaskInput(lead_unit=unit("BYT"), content=f"Việc {deadline}",
                                                                   deadline=deadline))
    archive = report_build(actor=None, kind="national", period="2026-H1", with_pdf=False)
    figures = {f["label"]: f["value"] for f in archive.figures}
    head = headline(dt.date(2026, 6, 30))
    assert figures["Tổng số nhiệm vụ"] == head["tasks_total"] == 2
    assert figures["Quá hạn chưa hoàn thành"] == head["tasks_overdue"] == 1
