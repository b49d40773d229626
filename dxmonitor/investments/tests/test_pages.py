"""Pages, exports and API of the investments domain, seen by each role."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from dxmonitor.investments.tests.conftest import DANANG, HANOI

pytestmark = pytest.mark.django_db


def test_portfolio_totals_and_filters(client_as: Any, new_project: Callable[..., Any]) -> None:
    new_project("HN-P", cost=120e9)
    new_project("DN-P", unit_ref=DANANG, cost=80e9, pillar="society", kind="software", name="Học bạ số")
    c = client_as("leader")
    body = c.get("/investments/").content.decode()
    assert "HN-P" in body and "DN-P" in body
    assert 'data-testid="total-cost">200,0<' in body  # billions of VND, Vietnamese decimals
    only = c.get("/investments/?pillar=society").content.decode()
    assert "DN-P" in only and "HN-P" not in only
    rows = list(csv.DictReader(io.StringIO(c.get("/investments/export.csv").content.decode("utf-8-sig"))))
    assert {r["code"]: int(r["current_cost"]) for r in rows} == {"HN-P": 120_000_000_000, "DN-P": 80_000_000_000}
    wb = load_workbook(io.BytesIO(c.get("/investments/export.xlsx?unit=" + HANOI).content))
    assert [r[0] for r in wb.active.iter_rows(min_row=2, values_only=True)] == ["HN-P"]
    assert c.get("/investments/export.pdf").status_code == 400


def test_officers_see_their_unit_only(client_as: Any, client: Any, new_project: Callable[..., Any]) -> None:
    new_project("HN-Q")
    new_project("DN-Q", unit_ref=DANANG)
    c = client_as("unit_officer", DANANG)
    body = c.get("/investments/").content.decode()
    assert "DN-Q" in body and "HN-Q" not in body
    assert c.get("/investments/p/HN-Q/").status_code == 404
    assert c.post("/investments/p/HN-Q/risk/", {"rating": 3, "reason": "x", "rated_on": "2025-05-01"}).status_code == 404
    client.logout()
    assert client.get("/investments/").status_code == 302  # to the login page


def test_project_page_and_its_forms(client_as: Any, new_project: Callable[..., Any], make_user: Any) -> None:
    project = new_project("HN-R")
    c = client_as("unit_officer", HANOI)
    body = c.get("/investments/p/HN-R/").content.decode()
    assert 'data-testid="first-cost">100,0<' in body and 'data-testid="baseline-form"' in body
    r = c.post("/investments/p/HN-R/baseline/", {"total_cost": "130.000.000.000", "start": "2025-01-01",
                                                 "finish": "2027-06-30", "reason": "Mở rộng",
                                                 "approved_by": "UBND thành phố"}, follow=True)
    assert "130,0" in r.content.decode()
    assert [b.total_cost for b in project.baselines.order_by("number")] == [100_000_000_000, 130_000_000_000]
    r = c.post("/investments/p/HN-R/baseline/", {"total_cost": "abc", "start": "2025-01-01", "finish": "x"},
               follow=True)
    assert "total_cost" in r.content.decode() and project.baselines.count() == 2
    leader = client_as("leader")
    assert 'data-testid="baseline-form"' not in leader.get("/investments/p/HN-R/").content.decode()
    assert leader.post("/investments/p/HN-R/risk/", {"rating": 5, "reason": "x", "rated_on": "2025-05-01"},
                       follow=True).status_code == 200
    assert project.risk_ratings.count() == 1  # refused: leaders read


def test_api(client_as: Any, new_project: Callable[..., Any]) -> None:
    new_project("HN-S")
    c = client_as("unit_officer", HANOI)
    rows = c.get("/api/v1/investments/projects").json()
    assert rows[0]["code"] == "HN-S" and rows[0]["first_cost"] == 100_000_000_000
    assert {s["code"] for s in rows[0]["signals"]} >= {"cost_vs_first", "stale"}
    r = c.post("/api/v1/investments/projects/HN-S/reports", {"report_on": "2025-06-30",
               "disbursed": {"2025-06": 9_000_000_000}, "cost_estimate": 140_000_000_000},
               content_type="application/json")
    assert r.status_code == 201
    detail = c.get("/api/v1/investments/projects/HN-S").json()
    assert detail["money"]["disbursed_total"] == 9_000_000_000 and detail["cost_estimate"] == 140_000_000_000
    bad = c.post("/api/v1/investments/projects/HN-S/baselines", {"total_cost": 1, "start": "2025-01-01",
                 "finish": "2026-01-01", "reason": "", "approved_by": ""}, content_type="application/json")
    assert bad.status_code == 422 and "reason" in bad.json()["detail"]
    other = client_as("unit_officer", DANANG)
    assert other.get("/api/v1/investments/projects/HN-S").status_code == 404
    assert c.get("/api/v1/investments/duplicates").json() == []


def test_duplicates_page(client_as: Any, new_project: Callable[..., Any]) -> None:
    new_project("HN-U")
    new_project("DN-U", unit_ref=DANANG, cost=50e9)
    body = client_as("leader").get("/investments/duplicates/").content.decode()
    assert body.count('data-testid="dup-group"') == 1 and "150,0" in body and "DN-U" in body


def test_import_page(client_as: Any, unit: Callable[..., Any]) -> None:
    from dxmonitor.investments.excel import FIRST_ROW, SHEET

    c = client_as("unit_officer", HANOI)
    page = c.get("/investments/import/").content.decode()
    assert HANOI in page
    wb = load_workbook(io.BytesIO(c.get(f"/investments/template.xlsx?unit={HANOI}").content))
    ws = wb[SHEET]
    for col, v in {"A": "HN-T", "B": "Kho dữ liệu", "E": "Chính quyền số", "F": "Cơ sở dữ liệu", "J": 5_000_000_000,
                   "K": "01/02/2026", "L": "31/01/2027"}.items():
        ws[f"{col}{FIRST_ROW}"] = v
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "du-an.xlsx"
    r = c.post("/investments/import/", {"unit": HANOI, "file": buf})
    assert 'data-testid="result"' in r.content.decode()
    assert c.get(f"/investments/template.xlsx?unit={DANANG}").status_code == 403
    assert client_as("leader").get("/investments/import/").status_code == 403
