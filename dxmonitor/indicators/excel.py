"""Excel round trip of one unit's data entry: a protected template to fill in, and an atomic import whose
errors name the cell ("Ô C5: ...")."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from dxmonitor.core.text import clean_text, nfc
from dxmonitor.indicators import selectors
from dxmonitor.indicators import validation as v
from dxmonitor.indicators.models import Assignment
from dxmonitor.indicators.services import ValueInput, ValuesRejected, values_save

SHEET = "Số liệu"
META = "_meta"
HEADER = ["Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị", "Đơn vị tính", "Kỳ trước", "Giải trình / ghi chú", "Giới hạn",
          "Trạng thái"]
HEADER_ROW = 4
FIRST_ROW = 5
VALUE_COL, COMMENT_COL = "C", "F"
STATUS_VI = {"draft": "Nháp", "submitted": "Chờ thẩm định", "returned": "Bị trả lại", "approved": "Đã phê duyệt"}
YES_NO = {1.0: "Có", 0.0: "Không"}
_EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_BYTES = 5 * 1024 * 1024


class ImportErrors(ValidationError):
    """The upload was rejected as a whole; `messages` lists every problem, each naming its cell."""


@dataclass(frozen=True)
class ImportResult:
    changed_rows: int
    issues: list[v.Issue]


def _bounds(ind: Any) -> tuple[float | None, float | None]:
    low = ind.min_value if ind.min_value is not None else (0.0 if ind.value_type in ("count", "percent") else None)
    high = ind.max_value if ind.max_value is not None else (100.0 if ind.value_type == "percent" else None)
    return low, high


def _limits(ind: Any) -> str:
    if ind.value_type == "yes_no":
        return "Có / Không"
    low, high = _bounds(ind)
    if low is None and high is None:
        return ""
    if high is None:
        assert low is not None
        return f"≥ {v.fmt_number(low)}"
    if low is None:
        return f"≤ {v.fmt_number(high)}"
    return f"{v.fmt_number(low)} – {v.fmt_number(high)}"


def _validation_for(ind: Any) -> DataValidation | None:
    if ind.value_type == "yes_no":
        return DataValidation(type="list", formula1='"Có,Không"', allow_blank=True, showErrorMessage=True,
                              error="Chọn Có hoặc Không")
    low, high = _bounds(ind)
    kind = "whole" if ind.value_type == "count" else "decimal"
    if low is not None and high is not None:
        return DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high), allow_blank=True,
                              showErrorMessage=True, error=f"Giá trị từ {v.fmt_number(low)} đến {v.fmt_number(high)}")
    if low is not None:
        return DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low), allow_blank=True,
                              showErrorMessage=True, error=f"Giá trị không nhỏ hơn {v.fmt_number(low)}")
    return None


def template_workbook(assignment: Assignment) -> bytes:
    """The unit's own template: header cells locked, the value and comment cells of open values unlocked,
    the previous period beside each field, data validation per indicator type."""
    campaign, unit = assignment.campaign, assignment.unit
    rows = selectors.entry_rows(assignment)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = f"Phiếu nhập số liệu — {campaign.name}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Đơn vị: {unit.name} ({unit.code}) · Kỳ: {campaign.period} · Hạn nộp: {campaign.deadline:%d/%m/%Y}"
    ws["A3"] = ("Nhập giá trị vào cột C (ô màu vàng) và giải trình vào cột F; không sửa các ô khác. "
                "Số thập phân dùng dấu phẩy hoặc dấu chấm (97,3). Tải lên lại tệp này trên trang nhập liệu.")
    ws["A3"].alignment = Alignment(wrap_text=False)
    for col, title in enumerate(HEADER, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for i, row in enumerate(rows):
        r = FIRST_ROW + i
        ind, val = row.indicator, row.value
        shown: float | str | None = val.self_assessed
        if ind.value_type == "yes_no" and val.self_assessed is not None:
            shown = YES_NO.get(val.self_assessed, val.self_assessed)
        prev: float | str | None = row.previous.value if row.previous else None
        if ind.value_type == "yes_no" and row.previous and row.previous.value is not None:
            prev = YES_NO.get(row.previous.value, row.previous.value)
        values = [ind.code, ind.name_vi, shown, ind.unit_of_measure, prev, val.comment, _limits(ind),
                  STATUS_VI.get(val.status, val.status)]
        for col, content in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=content)
        if row.editable:
            for letter in (VALUE_COL, COMMENT_COL):
                cell = ws[f"{letter}{r}"]
                cell.protection = Protection(locked=False)
                cell.fill = _EDITABLE_FILL
            dv = _validation_for(ind)
            if dv is not None:
                ws.add_data_validation(dv)
                dv.add(f"{VALUE_COL}{r}")
    for letter, width in zip("ABCDEFGH", (28, 60, 16, 12, 14, 40, 14, 16), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # officers may widen columns
    meta = wb.create_sheet(META)
    for r, (key, value) in enumerate((("campaign", campaign.pk), ("unit", unit.key), ("period", campaign.period),
                                      ("format", 1)), start=1):
        meta.cell(row=r, column=1, value=key)
        meta.cell(row=r, column=2, value=value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(value: Any) -> str:
    return clean_text(nfc(str(value))) if value is not None else ""


def import_workbook(content: bytes, *, actor: Any, assignment: Assignment, via: str = "excel") -> ImportResult:
    """Read a filled template and save it as draft values. All or nothing: any error rejects the whole file and
    every error is listed, each with its cell; nothing is stored."""
    if len(content) > _MAX_BYTES:
        raise ImportErrors(["Tệp lớn hơn 5 MB"])
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportErrors(["Tệp không phải Excel (.xlsx) đọc được; hãy dùng tệp mẫu tải từ hệ thống"]) from None
    if SHEET not in wb.sheetnames:
        raise ImportErrors([f"Không thấy trang tính '{SHEET}'; hãy dùng tệp mẫu tải từ hệ thống"])
    errors: list[str] = []
    if META in wb.sheetnames:
        meta = {_text(r[0]): r[1] for r in wb[META].iter_rows(min_row=1, max_row=10, max_col=2, values_only=True)
                if r[0] is not None}
        if str(meta.get("campaign")) != str(assignment.campaign_id) or _text(meta.get("unit")) != assignment.unit.key:
            raise ImportErrors(["Tệp mẫu này thuộc đợt thu thập hoặc đơn vị khác; hãy tải mẫu của chính đơn vị"])
    ws = wb[SHEET]
    for col, title in zip("ABC", HEADER[:3], strict=True):
        if _text(ws[f"{col}{HEADER_ROW}"].value) != title:
            errors.append(f"Ô {col}{HEADER_ROW}: tiêu đề phải là '{title}' (không sửa dòng tiêu đề)")
    if errors:
        raise ImportErrors(errors)
    rows = {r.indicator.code: r for r in selectors.entry_rows(assignment)}
    cell_of: dict[str, str] = {}
    parsed: dict[str, float | None] = {}
    entries: list[ValueInput] = []
    r = FIRST_ROW
    while r <= ws.max_row:
        code = _text(ws[f"A{r}"].value)
        raw, comment_raw = ws[f"{VALUE_COL}{r}"].value, ws[f"{COMMENT_COL}{r}"].value
        if not code:
            if raw not in (None, ""):
                errors.append(f"Ô A{r}: thiếu mã chỉ tiêu cho giá trị ở ô {VALUE_COL}{r}")
            r += 1
            continue
        cell = f"{VALUE_COL}{r}"
        row = rows.get(code)
        if row is None:
            errors.append(f"Ô A{r}: mã chỉ tiêu '{code}' không thuộc đợt thu thập này")
        elif code in cell_of:
            errors.append(f"Ô A{r}: chỉ tiêu '{code}' đã có ở ô A{cell_of[code][1:]}")
        else:
            cell_of[code] = cell
            try:
                value = v.parse_number(raw, row.indicator.value_type)
            except ValueError as exc:
                errors.append(f"Ô {cell}: {exc} ({row.indicator.name_vi})")
            else:
                comment = _text(comment_raw)
                if not row.editable:
                    if value != row.value.self_assessed:
                        errors.append(f"Ô {cell}: giá trị {STATUS_VI[row.value.status].lower()}, không sửa được")
                else:
                    for issue in v.check_value(selectors.spec_of(row.indicator), value):
                        errors.append(f"Ô {cell}: {issue.message_vi} ({row.indicator.name_vi})")
                    parsed[code] = value
                    entries.append(ValueInput(code, value, comment))
        r += 1
    # Rules are judged on the file's figures together with the values already stored for the other indicators.
    combined = {code: row.value.self_assessed for code, row in rows.items()} | parsed
    for issue in v.check_rules(selectors.active_rules(combined), combined):
        if issue.severity == v.ERROR:
            cells = ", ".join(cell_of.get(c, c) for c in issue.codes)
            errors.append(f"Ô {cells}: {issue.message_vi}")
    if errors:
        raise ImportErrors(errors)
    try:
        issues = values_save(actor=actor, assignment=assignment, entries=entries, via=via)
    except ValuesRejected as exc:
        raise ImportErrors([f"Ô {cell_of.get(i.indicator_code, i.indicator_code)}: {i.message_vi}"
                            for i in exc.issues]) from None
    changed = sum(1 for e in entries if rows[e.indicator_code].value.self_assessed != e.value
                  or (e.comment or "") != rows[e.indicator_code].value.comment)
    return ImportResult(changed_rows=changed, issues=issues)
