"""Reading conclusion notices: deadline phrases, assignment structures, the dev set's figures, speed, CLI."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest

from dxmonitor.cli import main
from dxmonitor.tasks.extraction import extract
from dxmonitor.tasks.extraction.deadlines import find_deadline
from dxmonitor.tasks.extraction.evaluate import evaluate

DEVSET = Path(__file__).resolve().parents[1] / "extraction" / "devset"
SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
DOC = dt.date(2022, 8, 8)


@pytest.mark.parametrize(
    ("text", "expected", "recurrence"),
    [
        ("hoàn thành trước ngày 30/9", "2022-09-30", None),
        ("trước ngày 30 tháng 9 năm 2023", "2023-09-30", None),
        ("trong tháng 8/2022", "2022-08-31", None),
        ("trong tháng 2 năm 2024", "2024-02-29", None),
        ("trong quý III", "2022-09-30", None),
        ("quý I năm 2025", "2025-03-31", None),
        ("6 tháng cuối năm", "2022-12-31", None),
        ("6 tháng đầu năm 2023", "2023-06-30", None),
        ("trong năm 2025", "2025-12-31", None),
        ("báo cáo hằng tháng", None, "monthly"),
        ("báo cáo hằng quý", None, "quarterly"),
        ("khẩn trương hoàn thành", None, None),
        ("đầu năm 2024", None, None),
        ("trong kỳ họp lần thứ 10", None, None),
        ("trước ngày 31/02/2023", None, None),
    ],
)
def test_deadlines(text: str, expected: str | None, recurrence: str | None) -> None:
    found = find_deadline(text, DOC)
    assert (found.date.isoformat() if found.date else None) == expected
    assert found.recurrence == recurrence


def _tasks(text: str, date: dt.date = DOC) -> list[dict[str, Any]]:
    return extract(text, date=date)["tasks"]


def test_lead_coordinators_action() -> None:
    [task] = _tasks("Giao Bộ TT&TT chủ trì, phối hợp với Bộ KH&ĐT, Bộ Tài chính xây dựng hệ thống theo dõi dự án đầu tư "
                    "công trước ngày 30/9.")
    assert task["lead"] == "Bộ Thông tin và Truyền thông" and task["lead_as_written"] == "Bộ TT&TT"
    assert task["coordinators"] == ["Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"]
    assert task["action"].startswith("xây dựng hệ thống") and task["deadline"] == "2022-09-30"
    assert task["lead_unit_code"] == "BTTTT"


def test_names_in_force_on_the_document_date() -> None:
    [task] = _tasks("Giao Bộ KH&CN chủ trì xây dựng bộ chỉ số đánh giá chuyển đổi số mới trong năm 2025.", dt.date(2025, 8, 1))
    assert task["lead"] == "Bộ Khoa học và Công nghệ"
    assert not _tasks("Giao Bộ Nông nghiệp và Môi trường chủ trì xây dựng cơ sở dữ liệu đất đai.", dt.date(2022, 8, 1))


def test_several_leads_titles_collectives_inheritance_and_non_tasks() -> None:
    text = ("Bộ Y tế, Bộ Giáo dục và Đào tạo triển khai ứng dụng định danh điện tử trong năm 2023.\n"
            "Chủ tịch UBND tỉnh Điện Biên chỉ đạo nâng tỷ lệ hồ sơ trực tuyến lên 50% trong năm 2023.\n"
            "Yêu cầu các bộ, ngành, địa phương ban hành kế hoạch chuyển đổi số năm 2023 trong quý IV.\n"
            "Bộ Công an hoàn thành kết nối dữ liệu dân cư trong tháng 10/2022.\n"
            "Đồng thời, báo cáo kết quả hằng tháng về Văn phòng Chính phủ.\n"
            "Các bộ, ngành cần nỗ lực, hành động quyết liệt hơn nữa.\n"
            "Ảnh: Thủ tướng phát biểu tại phiên họp.")
    tasks = _tasks(text)
    leads = [(t["lead"], t["lead_as_written"]) for t in tasks]
    assert leads == [
        ("Bộ Y tế", "Bộ Y tế"), ("Bộ Giáo dục và Đào tạo", "Bộ Giáo dục và Đào tạo"),
        ("Ủy ban nhân dân tỉnh Điện Biên", "Chủ tịch UBND tỉnh Điện Biên"),
        ("các bộ, ngành, địa phương", "các bộ, ngành, địa phương"),
        ("Bộ Công an", "Bộ Công an"), ("Bộ Công an", "(chủ ngữ kế thừa: Bộ Công an)"),
    ]
    assert tasks[2]["targets"][0]["value"] == 50.0
    assert tasks[5]["recurrence"] == "monthly" and tasks[5]["action"].startswith("báo cáo")


def test_evidence_offsets_point_into_the_text() -> None:
    text = "Hà Nội, ngày 8 tháng 8 năm 2022\nBộ Công an hoàn thành kết nối dữ liệu dân cư trong tháng 10/2022."
    [task] = extract(text)["tasks"]
    assert text[task["evidence_start"]:task["evidence_end"]] == task["evidence"]
    assert extract(text)["date"] == "2022-08-08"


# Regression floors set just below the measured development figures (synthetic F1 0.79, held-out 1.00,
# seeds 0.54 on 2026-11-24); the target for unseen text is F1 >= 0.85 and deadline accuracy >= 0.9.
@pytest.mark.parametrize(("folder", "floor"), [("synthetic", 0.75), ("heldout", 0.85)])
def test_development_set_figures(folder: str, floor: float) -> None:
    s = evaluate(DEVSET / folder).summary()
    assert s["f1"] >= floor and s["deadline_accuracy"] >= 0.9, s


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed texts live in ../shared/seeds")
def test_seed_gold_files() -> None:
    s = evaluate(DEVSET / "seeds", SEEDS).summary()
    assert s["f1"] >= 0.5, s


def test_speed_of_a_10000_character_text() -> None:
    block = (DEVSET / "synthetic" / "01.txt").read_text(encoding="utf-8")
    text = (block * (10_000 // len(block) + 1))[:10_000]
    extract(text, date=DOC)
    t0 = time.perf_counter()
    extract(text, date=DOC)
    # The 200 ms target is measured by bench/bench_extraction.py on an idle machine; the suite runs in
    # parallel with other tests, so it only guards against a gross regression here.
    assert time.perf_counter() - t0 < 1.0


def test_cli_extract_txt_docx_and_errors(tmp_path: Path, capsys: Any) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Giao Bộ Y tế chủ trì triển khai bệnh án điện tử trong năm 2026.")
    path = tmp_path / "kl.docx"
    doc.save(str(path))
    assert main(["tasks", "extract", str(path), "--date", "2026-01-10", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["date"] == "2026-01-10" and out["tasks"][0]["deadline"] == "2026-12-31"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00 not utf8")
    assert main(["tasks", "extract", str(bad)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


@pytest.mark.django_db
def test_review_page_proposes_and_accept_creates_audited_tasks(client_as: Any) -> None:
    from dxmonitor.core.models import AuditEntry
    from dxmonitor.tasks.models import Task
    from dxmonitor.tasks.services import directive_create

    client = client_as("secretariat")
    directive = directive_create(actor=client.user, kind="conclusion", number="77/TB-VPCP", issued_on=dt.date(2025, 11, 14),
                                 title="Kết luận thử")
    text = (DEVSET / "heldout" / "01.txt").read_text(encoding="utf-8")
    page = client.post(f"/tasks/directives/{directive.pk}/read/", {"text": text}).content.decode()
    assert "<mark" in page and "Bộ Tài chính" in page
    form = {"count": "2", "keep": ["0", "1"], "lead_0": "Bộ Tài chính", "coordinators_0": "Bộ Khoa học và Công nghệ",
            "action_0": "rà soát danh mục dự án trùng lặp", "deadline_0": "2025-12-15",
            "lead_1": "Bộ Nội vụ", "action_1": "hướng dẫn bố trí công chức chuyển đổi số cấp xã", "deadline_1": "2025-12-31"}
    client.post(f"/tasks/directives/{directive.pk}/read/accept/", form)
    tasks = Task.objects.filter(directive=directive).order_by("id")
    assert [t.lead_unit.code for t in tasks] == ["BTC", "BNV"]
    assert AuditEntry.objects.filter(action="task.create", object_id=str(tasks[0].pk)).exists()
    assert client_as("unit_officer", "BTC").get(f"/tasks/directives/{directive.pk}/read/").status_code == 403
