"""The Excel round trip: the template carries the unit's projects, a filled file imports whole, and a bad file
changes nothing and names every bad cell."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from dxmonitor.investments.excel import FIRST_ROW, SHEET, ImportErrors, import_workbook, template_workbook
from dxmonitor.investments.models import Project
from dxmonitor.investments.tests.conftest import DANANG, HANOI

pytestmark = pytest.mark.django_db


def _book(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))


def _save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _fill(ws: Any, row: int, **cells: Any) -> None:
    for col, value in cells.items():
        ws[f"{col}{row}"] = value


def test_round_trip_creates_updates_and_rebaselines(new_project: Callable[..., Any], make_user: Any,
                                                     unit: Callable[..., Any]) -> None:
    new_project("HN-A")
    officer = make_user("unit_officer", HANOI)
    wb = _book(template_workbook(unit(HANOI)))
    ws = wb[SHEET]
    assert ws[f"A{FIRST_ROW}"].value == "HN-A" and ws[f"J{FIRST_ROW}"].value == 100_000_000_000
    # The existing project: a higher cost with its reason and approver; a new one below it, typed in NFD.
    _fill(ws, FIRST_ROW, J=125_000_000_000, Q="Bổ sung hạng mục camera", R="UBND thành phố Hà Nội")
    _fill(ws, FIRST_ROW + 1, A="HN-B", B="Nê\u0300n ta\u0309ng thanh toán", E="Chính quyền số", F="Nền tảng số",
          G="Dữ liệu, Hạ tầng", J="12.500.000.000", K="01/03/2026", L=dt.datetime(2027, 2, 28), M="Đang thực hiện",
          N="2026: 5000000000; 2027: 7500000000")
    report = import_workbook(actor=officer, unit=unit(HANOI), content=_save(wb))
    assert (report.created, report.updated, report.rebaselined) == (["HN-B"], ["HN-A"], ["HN-A"])
    a, b = Project.objects.get(code="HN-A"), Project.objects.get(code="HN-B")
    assert [x.total_cost for x in a.baselines.order_by("number")] == [100_000_000_000, 125_000_000_000]
    assert b.name == "Nền tảng thanh toán" and b.kind == "platform" and b.elements == ["data", "infrastructure"]
    assert {x.year: x.amount for x in b.allocations.all()} == {2026: 5_000_000_000, 2027: 7_500_000_000}


def test_bad_cells_are_named_and_nothing_changes(make_user: Any, unit: Callable[..., Any]) -> None:
    officer = make_user("unit_officer", HANOI)
    wb = _book(template_workbook(unit(HANOI)))
    ws = wb[SHEET]
    _fill(ws, FIRST_ROW, A="HN-C", B="Dự án đúng", E="Chính quyền số", F="Trung tâm điều hành (IOC)",
          J=10_000_000_000, K="01/01/2026", L="31/12/2026")
    _fill(ws, FIRST_ROW + 1, A="HN-D", B="Dự án sai", E="Vũ trụ số", F="Nền tảng số", J="mười tỷ", K="32/13/2026",
          L="31/12/2026", N="năm sau: 5")
    with pytest.raises(ImportErrors) as exc:
        import_workbook(actor=officer, unit=unit(HANOI), content=_save(wb))
    text = "\n".join(exc.value.messages)
    for cell in (f"E{FIRST_ROW + 1}", f"J{FIRST_ROW + 1}", f"K{FIRST_ROW + 1}", f"N{FIRST_ROW + 1}"):
        assert cell in text, (cell, text)
    assert not Project.objects.exists()  # the good row was not written either


def test_rules_of_the_services_come_back_as_cells(new_project: Callable[..., Any], make_user: Any,
                                                   unit: Callable[..., Any]) -> None:
    new_project("HN-E")
    new_project("DN-E", unit_ref=DANANG)
    officer = make_user("unit_officer", HANOI)
    wb = _book(template_workbook(unit(HANOI)))
    ws = wb[SHEET]
    _fill(ws, FIRST_ROW, J=200_000_000_000)  # a new cost without reason or approver
    _fill(ws, FIRST_ROW + 1, A="DN-E", B="Của Đà Nẵng", E="Chính quyền số", F="Khác", J=1_000_000_000,
          K="01/01/2026", L="31/12/2026")
    with pytest.raises(ImportErrors) as exc:
        import_workbook(actor=officer, unit=unit(HANOI), content=_save(wb))
    text = "\n".join(exc.value.messages)
    assert f"Q{FIRST_ROW}" in text and f"R{FIRST_ROW}" in text and f"A{FIRST_ROW + 1}" in text
    assert Project.objects.get(code="HN-E").baselines.count() == 1


@pytest.mark.parametrize(("content", "message"), [
    (b"not a workbook", "Excel"),
    (b"x" * (6 * 1024 * 1024), "5 MB"),
])
def test_files_that_are_not_the_template(make_user: Any, unit: Callable[..., Any], content: bytes,
                                         message: str) -> None:
    with pytest.raises(ImportErrors, match=message):
        import_workbook(actor=make_user("secretariat"), unit=unit(HANOI), content=content)


def test_another_units_template_is_refused(make_user: Any, unit: Callable[..., Any]) -> None:
    content = template_workbook(unit(DANANG))
    with pytest.raises(ImportErrors):
        import_workbook(actor=make_user("secretariat"), unit=unit(HANOI), content=content)
