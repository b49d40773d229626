"""Excel round trip of a unit's project list: a template (with the unit's current projects filled in) and an atomic
import whose errors name the cell ("Ô J5: ..."). Nothing is written unless every row is right."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from dxmonitor.core.text import clean_text, fold, nfc
from dxmonitor.investments import selectors
from dxmonitor.investments.models import Element, Kind, Pillar, Project, Status
from dxmonitor.investments.services import ImportReport, ImportRow, ProjectInput, projects_import

SHEET, META = "Dự án", "_meta"
HEADER_ROW, FIRST_ROW = 3, 4
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
#: (column, field, header, width)
COLUMNS = [
    ("A", "code", "Mã dự án", 16), ("B", "name", "Tên dự án", 48), ("C", "description", "Mô tả, mục tiêu", 48),
    ("D", "programme", "Chương trình", 24), ("E", "pillar", "Trụ cột", 18), ("F", "kind", "Loại sản phẩm", 22),
    ("G", "elements", "Yếu tố chuyển đổi số (cách nhau bởi dấu phẩy)", 30),
    ("H", "approval_number", "Số quyết định phê duyệt", 22), ("I", "approval_date", "Ngày phê duyệt", 14),
    ("J", "total_cost", "Tổng mức đầu tư (đồng)", 20), ("K", "start", "Ngày bắt đầu", 14),
    ("L", "finish", "Ngày kết thúc", 14), ("M", "status", "Tình trạng", 16),
    ("N", "allocations", "Kế hoạch vốn theo năm (2025: 10000000000; 2026: ...)", 34),
    ("O", "builds", "Nền tảng/CSDL xây dựng (mã)", 22), ("P", "uses", "Nền tảng/CSDL sử dụng (mã)", 22),
    ("Q", "baseline_reason", "Lý do điều chỉnh tổng mức/tiến độ", 30),
    ("R", "baseline_approved_by", "Cấp phê duyệt điều chỉnh", 24),
]
COLUMN_OF = {f: c for c, f, _h, _w in COLUMNS}
COLUMN_OF.update({"platforms": "O", "risk": "A", "risk_reason": "A", "owner_unit": "A", "capital_sources": "J",
                  "reason": "Q", "approved_by": "R"})


def _labels(choices: Any) -> dict[str, str]:
    """Folded Vietnamese label or code -> code."""
    from django.utils import translation

    with translation.override("vi"):
        out = {fold(str(label)): value for value, label in choices.choices}
    out.update({fold(value): value for value in choices.values})
    return out


def _vi_label(choices: Any, value: str) -> str:
    from django.utils import translation

    with translation.override("vi"):
        return str(dict(choices.choices).get(value, value))


def template_workbook(unit: Any) -> bytes:
    """The unit's list: one row per existing project (cost and schedule of the current baseline), then empty rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = f"Danh mục dự án đầu tư công về chuyển đổi số — {unit.name}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = ("Mỗi dòng một dự án. Ngày dạng dd/mm/yyyy; số tiền bằng đồng. Thay đổi tổng mức hoặc tiến độ của dự án"
                " đã có cần ghi lý do và cấp phê duyệt (cột Q, R): hệ thống lưu thành một lần điều chỉnh mới.")
    ws["A2"].alignment = Alignment(wrap_text=False)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, _field, header, width in COLUMNS:
        cell = ws[f"{col}{HEADER_ROW}"]
        cell.value, cell.font, cell.fill = header, Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[col].width = width
    choices = {
        "E": [_vi_label(Pillar, v) for v in Pillar.values], "F": [_vi_label(Kind, v) for v in Kind.values],
        "M": [_vi_label(Status, v) for v in Status.values],
    }
    for col, labels in choices.items():
        dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
        dv.add(f"{col}{FIRST_ROW}:{col}{FIRST_ROW + 500}")
        ws.add_data_validation(dv)
    row = FIRST_ROW
    for p in selectors.with_details(Project.objects.filter(owner_unit=unit).order_by("code")):
        b = sorted(p.baselines.all(), key=lambda x: x.number)[-1]
        values: dict[str, Any] = {
            "code": p.code, "name": p.name, "description": p.description, "programme": p.programme,
            "pillar": _vi_label(Pillar, p.pillar), "kind": _vi_label(Kind, p.kind),
            "elements": ", ".join(_vi_label(Element, e) for e in p.elements), "approval_number": p.approval_number,
            "approval_date": p.approval_date, "total_cost": b.total_cost, "start": b.start, "finish": b.finish,
            "status": _vi_label(Status, p.status),
            "allocations": "; ".join(f"{a.year}: {a.amount}" for a in sorted(p.allocations.all(), key=lambda a: a.year)),
            "builds": ", ".join(x.code for x in p.platform_links.all() if x.relation == "builds"),
            "uses": ", ".join(x.code for x in p.platform_links.all() if x.relation == "uses"),
        }
        for col, field, _h, _w in COLUMNS:
            value = values.get(field)
            ws[f"{col}{row}"] = value
            if isinstance(value, dt.date):
                ws[f"{col}{row}"].number_format = "DD/MM/YYYY"
            if field == "total_cost":
                ws[f"{col}{row}"].number_format = "#,##0"
        row += 1
    ws.freeze_panes = f"C{FIRST_ROW}"
    meta = wb.create_sheet(META)
    meta["A1"], meta["B1"] = "unit", unit.key
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class ImportErrors(ValidationError):
    """The file was refused as a whole; `messages` name the cell of each problem."""


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(str(value))
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(_("a date like 31/12/2025"))


def _vnd(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(_("an amount in VND"))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != int(value):
            raise ValueError(_("a whole number of VND"))
        return int(value)
    text = re.sub(r"[\s.,]|đồng|VND|vnd|đ", "", clean_text(str(value)))
    if not text.isdigit():
        raise ValueError(_("an amount in VND such as 12.500.000.000"))
    return int(text)


def _codes(value: Any) -> list[str]:
    return [c for c in (clean_text(x) for x in re.split(r"[,;\n]", str(value or ""))) if c]


def _allocations(value: Any) -> dict[int, int]:
    out: dict[int, int] = {}
    for part in re.split(r"[;\n]", str(value or "")):
        if not part.strip():
            continue
        m = re.fullmatch(r"\s*(\d{4})\s*:\s*(.+?)\s*", part)
        if not m:
            raise ValueError(_("write each year as 2025: 10000000000, separated by ;"))
        out[int(m[1])] = _vnd(m[2])
    return out


def import_workbook(*, actor: Any, unit: Any, content: bytes, via: str = "excel") -> ImportReport:
    if len(content) > MAX_BYTES:
        raise ImportErrors([_("The file is larger than 5 MB.")])
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True, read_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise ImportErrors([_("The file is not an Excel workbook (.xlsx).")]) from None
    if SHEET not in wb.sheetnames:
        raise ImportErrors([_("The workbook has no sheet named “%(sheet)s”: download the template.") % {"sheet": SHEET}])
    if META in wb.sheetnames and wb[META]["B1"].value not in (None, unit.key):
        raise ImportErrors([_("This template belongs to another unit (%(key)s).") % {"key": wb[META]["B1"].value}])
    ws = wb[SHEET]
    headers = {col: clean_text(str(ws[f"{col}{HEADER_ROW}"].value or "")) for col, *_rest in COLUMNS}
    wrong = [f"{col}{HEADER_ROW}" for col, _f, header, _w in COLUMNS if headers[col] != header]
    if wrong:
        raise ImportErrors([_("Cell %(cell)s: the header is not the template's; download the template again.")
                            % {"cell": c} for c in wrong])
    pillars, kinds, statuses, elements = _labels(Pillar), _labels(Kind), _labels(Status), _labels(Element)
    errors: list[str] = []
    rows: list[ImportRow] = []
    for r in range(FIRST_ROW, ws.max_row + 1):
        raw = {f: ws[f"{c}{r}"].value for c, f, _h, _w in COLUMNS}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(_("Row %(row)s: at most %(n)s projects per file.") % {"row": r, "n": MAX_ROWS})
            break
        parsed: dict[str, Any] = {}

        def cell(field: str, parse: Callable[[Any], Any], *, required: bool = True, row: int = r,
                 source: dict[str, Any] = raw, into: dict[str, Any] = parsed) -> None:
            value = source[field]
            if value is None or (isinstance(value, str) and not value.strip()):
                if required:
                    errors.append(_("Cell %(cell)s: required.") % {"cell": f"{COLUMN_OF[field]}{row}"})
                return
            try:
                into[field] = parse(nfc(value) if isinstance(value, str) else value)
            except (ValueError, KeyError) as exc:
                message = str(exc).strip("'\"") if isinstance(exc, ValueError) else _("unknown value")
                errors.append(_("Cell %(cell)s: %(message)s (found “%(value)s”).")
                              % {"cell": f"{COLUMN_OF[field]}{row}", "message": message, "value": value})

        def choice(table: dict[str, str]) -> Callable[[Any], str]:
            def parse(text: Any) -> str:
                key = fold(clean_text(str(text)))
                if key not in table:
                    raise ValueError(_("not one of the values of the drop-down list"))
                return table[key]
            return parse

        cell("code", lambda v: clean_text(str(v)))
        cell("name", lambda v: clean_text(str(v)))
        cell("description", lambda v: clean_text(str(v)), required=False)
        cell("programme", lambda v: clean_text(str(v)), required=False)
        cell("pillar", choice(pillars))
        cell("kind", choice(kinds))
        cell("elements", lambda v: [choice(elements)(x) for x in _codes(v)], required=False)
        cell("approval_number", lambda v: clean_text(str(v)), required=False)
        cell("approval_date", _date, required=False)
        cell("total_cost", _vnd)
        cell("start", _date)
        cell("finish", _date)
        cell("status", choice(statuses), required=False)
        cell("allocations", _allocations, required=False)
        cell("builds", _codes, required=False)
        cell("uses", _codes, required=False)
        cell("baseline_reason", lambda v: clean_text(str(v)), required=False)
        cell("baseline_approved_by", lambda v: clean_text(str(v)), required=False)
        if {"code", "name", "pillar", "kind", "total_cost", "start", "finish"} - parsed.keys():
            continue
        rows.append(ImportRow(row=r, data=ProjectInput(
            code=parsed["code"], name=parsed["name"], owner_unit=unit, pillar=parsed["pillar"], kind=parsed["kind"],
            total_cost=parsed["total_cost"], start=parsed["start"], finish=parsed["finish"],
            description=parsed.get("description", ""), programme=parsed.get("programme", ""),
            elements=parsed.get("elements", []), approval_number=parsed.get("approval_number", ""),
            approval_date=parsed.get("approval_date"), status=parsed.get("status", Status.PLANNED),
            allocations=parsed.get("allocations", {}), builds=parsed.get("builds", []), uses=parsed.get("uses", [])),
            baseline_reason=parsed.get("baseline_reason", ""),
            baseline_approved_by=parsed.get("baseline_approved_by", "")))
    if errors:
        raise ImportErrors(errors)
    if not rows:
        raise ImportErrors([_("The sheet has no project rows (data start on row %(row)s).") % {"row": FIRST_ROW}])
    try:
        return projects_import(actor=actor, unit=unit, rows=rows, via=via)
    except ValidationError as exc:
        raise ImportErrors(_cell_messages(exc)) from None


def _cell_messages(exc: ValidationError) -> list[str]:
    """"row 5" / "total_cost: ..." from the services -> "Ô J5: ..."."""
    out = []
    for key, messages in exc.message_dict.items():
        row = key.removeprefix("row ").strip()
        for m in messages:
            field, _sep, text = m.partition(": ")
            base = field.split(".")[0]
            if text and base in COLUMN_OF and row.isdigit():
                out.append(_("Cell %(cell)s: %(message)s") % {"cell": f"{COLUMN_OF[base]}{row}", "message": text})
            elif row.isdigit():
                out.append(_("Row %(row)s: %(message)s") % {"row": row, "message": m})
            else:
                out.append(m)
    return out
