"""Reminders are idempotent; the Excel template survives the round trip; imports are atomic; CLI contract."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core import mail
from openpyxl import load_workbook

from dxmonitor.cli import main
from dxmonitor.tasks.excel import FIRST_ROW, ImportErrors, import_workbook, template_workbook
from dxmonitor.tasks.models import Notification, Task
from dxmonitor.tasks.reminders import run_reminders
from dxmonitor.tasks.services import TaskInput, directive_create, task_create

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def directive(make_user: Any) -> Any:
    return directive_create(actor=make_user("secretariat"), kind="conclusion", number="55/TB-VPCP",
                            issued_on=D(2024, 8, 8), title="Kết luận phiên họp lần thứ ba")


def test_reminders_are_sent_once(directive: Any, make_user: Any, unit: Any) -> None:
    officer = make_user("unit_officer", "BKHCN", email="canbo@bkhcn.gov.vn")
    task_create(actor=make_user("secretariat"), directive=directive, data=TaskInput(
        lead_unit=unit("BKHCN", on=D(2024, 8, 8)), content="Ban hành kế hoạch", deadline=D(2025, 9, 30)))
    first = run_reminders(as_of=D(2025, 9, 23))  # 7 days before
    assert first.sent == 1 and len(mail.outbox) == 1 and "7 ngày" in mail.outbox[0].subject
    again = run_reminders(as_of=D(2025, 9, 23))
    assert again.sent == 0 and len(mail.outbox) == 1
    run_reminders(as_of=D(2025, 10, 2))  # overdue
    run_reminders(as_of=D(2025, 10, 3))  # still overdue: not repeated
    assert [n.kind for n in Notification.objects.filter(user=officer).order_by("id")] == ["due_soon", "overdue"]


def _filled(directive: Any, rows: list[list[Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(template_workbook(directive)))
    ws = wb.active
    for i, row in enumerate(rows):
        for j, value in enumerate(row, start=1):
            ws.cell(row=FIRST_ROW + i, column=j, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_excel_round_trip(directive: Any, make_user: Any) -> None:
    data = _filled(directive, [
        [1, "Xây dựng kho dữ liệu dùng chung", "Bộ TT&TT", "Bộ Công an; UBND tỉnh Thanh Hóa", "31/12/2025", "ngày", "cao", 100, "%"],
        [2, "Báo cáo tiến độ", "Bộ KH&ĐT", "", None, "hằng quý", "bình thường", None, None],
    ])
    assert import_workbook(actor=make_user("secretariat"), directive=directive, data=data) == 2
    first = Task.objects.get(directive=directive, content="Xây dựng kho dữ liệu dùng chung")
    assert first.lead_unit.code == "BTTTT" and first.priority == "high" and first.deadline_original == D(2025, 12, 31)
    assert sorted(link.unit.code for link in first.coordinator_links.all()) == ["38", "BCA"]
    recurring = Task.objects.get(directive=directive, content="Báo cáo tiến độ", parent__isnull=True)
    assert recurring.occurrences.count() > 0


def test_bad_excel_names_cells_and_writes_nothing(directive: Any, make_user: Any) -> None:
    data = _filled(directive, [
        [1, "Việc hợp lệ", "Bộ Y tế", "", "30/11/2025", "ngày", "", None, None],
        [2, "Việc lỗi ngày", "Bộ Y tế", "", "31/02/2025", "ngày", "", None, None],
        [3, "Việc lỗi đơn vị", "Bộ Không Tồn Tại", "", "30/11/2025", "ngày", "gấp", "nhiều", None],
    ])
    with pytest.raises(ImportErrors) as exc:
        import_workbook(actor=make_user("secretariat"), directive=directive, data=data)
    text = "\n".join(exc.value.messages)
    assert f"Ô E{FIRST_ROW + 1}" in text and "31/02/2025" in text
    assert f"Ô C{FIRST_ROW + 2}" in text and f"Ô G{FIRST_ROW + 2}" in text and f"Ô H{FIRST_ROW + 2}" in text
    assert not Task.objects.filter(directive=directive).exists()


def test_unit_not_yet_or_no_longer_valid_is_named(make_user: Any) -> None:
    later = directive_create(actor=make_user("secretariat"), kind="conclusion", number="9/TB-VPCP",
                             issued_on=D(2025, 8, 8), title="Sau sắp xếp")
    data = _filled(later, [[1, "Việc", "Bộ TT&TT", "", "30/11/2025", "ngày", "", None, None]])
    with pytest.raises(ImportErrors, match="Bộ Khoa học và Công nghệ"):
        import_workbook(actor=make_user("secretariat"), directive=later, data=data)


def test_not_an_excel_file(directive: Any, make_user: Any) -> None:
    with pytest.raises(ImportErrors, match="Excel"):
        import_workbook(actor=make_user("secretariat"), directive=directive, data=b"not a workbook")


def test_cli_scorecard_contract(directive: Any, make_user: Any, unit: Any, capsys: Any) -> None:
    sec = make_user("secretariat")
    for deadline in (D(2025, 9, 30), D(2026, 3, 31), D(2027, 1, 1)):
        task_create(actor=sec, directive=directive, data=TaskInput(lead_unit=unit("BYT"), content=f"Việc {deadline}",
                                                                   deadline=deadline))
    assert main(["tasks", "scorecard", "--as-of", "2026-01-01", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    row = next(r for r in rows if r["unit_code"] == "BYT")
    assert set(row) == {"unit_code", "unit_name", "total", "not_due", "in_progress", "overdue", "completed_on_time",
                        "completed_late", "on_time_rate"}
    assert row["total"] == 3 and row["overdue"] == 1 and row["not_due"] == 2 and row["on_time_rate"] == 0.0
    assert row["total"] == sum(row[k] for k in ("not_due", "in_progress", "overdue", "completed_on_time", "completed_late"))
    assert main(["tasks", "remind", "--as-of", "2026-01-01"]) == 0
