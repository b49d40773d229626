"""Excel round trip of a directive's task list: a template to fill, and an atomic import naming each bad cell."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from dxmonitor.core.text import clean_text, nfc
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.selectors import resolve_unit
from dxmonitor.tasks.models import DeadlineKind, Directive, Priority, Recurrence
from dxmonitor.tasks.services import TaskInput, tasks_create

HEADER = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp (cách nhau bởi ;)",
          "Hạn hoàn thành (dd/mm/yyyy)", "Loại hạn", "Mức ưu tiên", "Chỉ tiêu (số)", "Đơn vị tính của chỉ tiêu"]
DEADLINE_KINDS = {"ngày": ("date", ""), "hằng tháng": ("recurring", "monthly"), "hằng quý": ("recurring", "quarterly"),
                  "hằng năm": ("recurring", "yearly"), "thường xuyên": ("continuing", "")}
PRIORITIES = {"cao": Priority.HIGH, "bình thường": Priority.NORMAL, "thấp": Priority.LOW}
FIRST_ROW = 5


class ImportErrors(ValidationError):
    pass


def template_workbook(directive: Directive) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiem vu"
    ws["A1"] = f"Danh sách nhiệm vụ — {directive.number} ngày {directive.issued_on:%d/%m/%Y}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Mã văn bản trong hệ thống: {directive.pk}. Điền từ dòng {FIRST_ROW}; không sửa dòng tiêu đề."
    ws["A3"] = "Loại hạn: ngày | hằng tháng | hằng quý | hằng năm | thường xuyên. Ưu tiên: cao | bình thường | thấp."
    for col, title in enumerate(HEADER, start=1):
        cell = ws.cell(row=FIRST_ROW - 1, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    widths = [6, 60, 30, 40, 18, 14, 14, 12, 18]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    dv = DataValidation(type="list", formula1='"ngày,hằng tháng,hằng quý,hằng năm,thường xuyên"', allow_blank=True)
    dv.add(f"F{FIRST_ROW}:F500")
    ws.add_data_validation(dv)
    pv = DataValidation(type="list", formula1='"cao,bình thường,thấp"', allow_blank=True)
    pv.add(f"G{FIRST_ROW}:G500")
    ws.add_data_validation(pv)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(value: Any) -> str:
    return clean_text(nfc(str(value))) if value is not None else ""


def _date(value: Any, cell: str, errors: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    errors.append(f"Ô {cell}: '{text}' không phải ngày hợp lệ (dd/mm/yyyy)")
    return None


def _unit_problem(name: str, on: dt.date) -> str:
    """Why a unit name does not resolve on a date, naming today's successor when the unit was merged."""
    from dxmonitor.orgs.selectors import current_of

    try:
        unit = resolve_unit(name)
    except UnitNotFound:
        return f"không tìm thấy đơn vị '{name}'"
    now = ", ".join(u.name for u in current_of(unit, on=on))
    return f"đơn vị '{name}' không còn hiệu lực vào ngày {on:%d/%m/%Y}" + (f" (nay là {now})" if now else "")


def parse_workbook(data: bytes, directive: Directive) -> list[TaskInput]:
    """Read the filled template; every problem is reported with its cell, and nothing is returned on error."""
    errors: list[str] = []
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ImportErrors([f"Tệp không đọc được như một tệp Excel (.xlsx): {type(exc).__name__}"]) from None
    ws = wb.worksheets[0]
    header = [_text(c.value) for c in ws[FIRST_ROW - 1]][: len(HEADER)]
    if header != HEADER:
        raise ImportErrors([f"Dòng {FIRST_ROW - 1}: tiêu đề cột không đúng mẫu; hãy tải lại mẫu"])
    tasks: list[TaskInput] = []
    on = directive.issued_on
    for row in ws.iter_rows(min_row=FIRST_ROW, values_only=False):
        values = [c.value for c in row[: len(HEADER)]]
        if all(v in (None, "") for v in values[1:]):
            continue
        r = row[0].row
        content = _text(values[1])
        if not content:
            errors.append(f"Ô B{r}: thiếu nội dung nhiệm vụ")
        lead = None
        if not _text(values[2]):
            errors.append(f"Ô C{r}: thiếu đơn vị chủ trì")
        else:
            try:
                lead = resolve_unit(_text(values[2]), on=on)
            except UnitNotFound:
                errors.append(f"Ô C{r}: " + _unit_problem(_text(values[2]), on))
        coordinators = []
        for name in [n.strip() for n in _text(values[3]).split(";") if n.strip()]:
            try:
                coordinators.append(resolve_unit(name, on=on))
            except UnitNotFound:
                errors.append(f"Ô D{r}: " + _unit_problem(name, on))
        deadline = _date(values[4], f"E{r}", errors)
        kind_text = _text(values[5]).lower() or "ngày"
        if kind_text not in DEADLINE_KINDS:
            errors.append(f"Ô F{r}: loại hạn '{_text(values[5])}' không hợp lệ ({', '.join(DEADLINE_KINDS)})")
            kind, recurrence = "date", ""
        else:
            kind, recurrence = DEADLINE_KINDS[kind_text]
        if kind == DeadlineKind.DATE and deadline is None and f"Ô E{r}" not in " ".join(errors):
            errors.append(f"Ô E{r}: thiếu hạn hoàn thành")
        if kind == DeadlineKind.DATE and deadline is not None and deadline < on:
            errors.append(f"Ô E{r}: hạn {deadline:%d/%m/%Y} trước ngày ban hành văn bản")
        priority_text = _text(values[6]).lower() or "bình thường"
        if priority_text not in PRIORITIES:
            errors.append(f"Ô G{r}: mức ưu tiên '{_text(values[6])}' không hợp lệ (cao, bình thường, thấp)")
        target = None
        if values[7] not in (None, ""):
            try:
                target = Decimal(str(values[7]).replace(",", "."))
            except InvalidOperation:
                errors.append(f"Ô H{r}: chỉ tiêu '{values[7]}' không phải số")
        if lead is not None and content:
            tasks.append(TaskInput(lead_unit=lead, content=content, coordinating_units=coordinators,
                                   priority=PRIORITIES.get(priority_text, Priority.NORMAL), deadline_kind=kind,
                                   deadline=deadline if kind == DeadlineKind.DATE else None,
                                   recurrence=recurrence or Recurrence.NONE, target_value=target,
                                   target_unit=_text(values[8])))
    if errors:
        raise ImportErrors(errors)
    if not tasks:
        raise ImportErrors([f"Không có nhiệm vụ nào từ dòng {FIRST_ROW}"])
    return tasks


def import_workbook(*, actor: Any, directive: Directive, data: bytes, via: str = "web") -> int:
    """Parse and create all tasks in one transaction; on any error nothing is written."""
    tasks = parse_workbook(data, directive)
    try:
        created = tasks_create(actor=actor, directive=directive, tasks=tasks, via=via)
    except ValidationError as exc:
        raise ImportErrors([f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items()]) from None
    return len(created)


def scorecard_workbook(rows: list[Any], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bang diem"
    ws.append([title])
    ws["A1"].font = Font(bold=True)
    ws.append(["Hạng", "Mã", "Đơn vị", "Tổng", "Chưa đến hạn", "Đang thực hiện", "Quá hạn chưa xong",
               "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Tỷ lệ đúng hạn", "Số ngày quá hạn"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.rank, r.unit_code, r.unit_name, r.total, r.not_due, r.in_progress, r.overdue,
                   r.completed_on_time, r.completed_late, r.on_time_rate, r.days_overdue])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
