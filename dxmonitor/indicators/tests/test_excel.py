"""Excel round trip: download the unit's template, fill it with openpyxl, upload; a bad cell is named and nothing
is stored."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from dxmonitor.indicators.excel import FIRST_ROW, SHEET, ImportErrors, import_workbook, template_workbook

pytestmark = pytest.mark.django_db


def _rows(ws: Any) -> dict[str, int]:
    return {ws[f"A{r}"].value: r for r in range(FIRST_ROW, ws.max_row + 1) if ws[f"A{r}"].value}


def _filled(content: bytes, values: dict[str, Any], comments: dict[str, str] | None = None) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb[SHEET]
    rows = _rows(ws)
    for code, value in values.items():
        ws[f"C{rows[code]}"] = value
    for code, text in (comments or {}).items():
        ws[f"F{rows[code]}"] = text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _stored(assignment: Any) -> dict[str, float | None]:
    return dict(assignment.values.values_list("indicator__code", "self_assessed"))


def test_template_is_protected_with_editable_value_cells(assignment: Any) -> None:
    wb = load_workbook(io.BytesIO(template_workbook(assignment)))
    ws = wb[SHEET]
    assert ws.protection.sheet
    assert ws["A4"].value == "Mã chỉ tiêu" and ws["A4"].protection.locked
    row = _rows(ws)["awareness"]
    assert not ws[f"C{row}"].protection.locked and not ws[f"F{row}"].protection.locked
    assert ws[f"B{row}"].protection.locked
    assert ws.data_validations.dataValidation  # ranges and Có/Không lists
    assert wb["_meta"].sheet_state == "hidden"


def test_round_trip_through_the_page(assignment: Any, people: dict, client: Any) -> None:
    client.force_login(people["officer"])
    url = f"/indicators/campaigns/{assignment.campaign_id}/units/{assignment.unit_id}/"
    template = client.get(url + "template.xlsx")
    assert template.status_code == 200
    content = _filled(template.content, {"awareness": 0.81, "institutions": "0,72", "total_dossiers": 1_250_000,
                                         "online_dossiers": "875.000", "online_dossier_share": 70, "dx_plan_issued": "Có"},
                      {"awareness": "Theo báo cáo của Sở KH&CN"})
    response = client.post(url + "upload/", {"file": io.BytesIO(content)}, follow=True)
    assert response.status_code == 200
    stored = _stored(assignment)
    assert stored["awareness"] == 0.81 and stored["institutions"] == 0.72
    assert stored["online_dossiers"] == 875000 and stored["dx_plan_issued"] == 1.0
    assert assignment.values.get(indicator__code="awareness").comment == "Theo báo cáo của Sở KH&CN"
    # the next template shows what was stored
    again = load_workbook(io.BytesIO(client.get(url + "template.xlsx").content))[SHEET]
    assert again[f"C{_rows(again)['awareness']}"].value == 0.81


def test_bad_cells_are_named_and_nothing_is_stored(assignment: Any, people: dict) -> None:
    content = _filled(template_workbook(assignment), {"awareness": 0.5, "institutions": 1.7, "digital_economy": "cao",
                                                      "total_dossiers": 100, "online_dossiers": 150})
    rows = _rows(load_workbook(io.BytesIO(content))[SHEET])
    with pytest.raises(ImportErrors) as exc:
        import_workbook(content, actor=people["officer"], assignment=assignment)
    text = "\n".join(exc.value.messages)
    assert f"Ô C{rows['institutions']}: lớn hơn mức tối đa 1" in text
    assert f"Ô C{rows['digital_economy']}: 'cao' không phải số" in text
    assert f"C{rows['online_dossiers']}, C{rows['total_dossiers']}" in text  # the rule names both cells
    assert all(x is None for x in _stored(assignment).values())


def test_foreign_or_broken_files_are_refused(assignment: Any, campaign: Any, people: dict, unit: Any) -> None:
    other = campaign.assignments.get(unit=unit("BYT"))
    with pytest.raises(ImportErrors, match="đơn vị khác"):
        import_workbook(template_workbook(other), actor=people["officer"], assignment=assignment)
    with pytest.raises(ImportErrors, match="không phải Excel"):
        import_workbook(b"not a workbook", actor=people["officer"], assignment=assignment)


def test_page_lists_every_error_and_keeps_nothing(assignment: Any, people: dict, client: Any) -> None:
    client.force_login(people["officer"])
    url = f"/indicators/campaigns/{assignment.campaign_id}/units/{assignment.unit_id}/"
    content = _filled(template_workbook(assignment), {"awareness": 0.5, "cybersecurity": -2})
    page = client.post(url + "upload/", {"file": io.BytesIO(content)}, follow=True).content.decode()
    assert "Ô C" in page and "nhỏ hơn mức tối thiểu 0" in page
    assert _stored(assignment)["awareness"] is None
