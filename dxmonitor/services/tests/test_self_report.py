"""Self-reported against measured: the approved online dossier share a unit reported (a percentage, in the
indicators domain) beside the share measured from its dossier records (a fraction), with the gap flagged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dxmonitor.indicators.tests.conftest import catalogue  # noqa: F401 - a fixture
from dxmonitor.services import selectors
from dxmonitor.services.models import KpiAggregate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _report(make_user: Any, unit: Any, shares: dict[str, float]) -> None:
    from dxmonitor.indicators.services import ApprovedLoad, campaign_create, values_load_approved

    sec = make_user("secretariat")
    units = {code: unit(code, on=dt.date(2025, 12, 31)) for code in shares}
    campaign = campaign_create(actor=sec, name="Số liệu 2025", period="2025", deadline=dt.date(2026, 3, 31),
                               indicator_codes=["online_dossier_share"], units=list(units.values()))
    values_load_approved(actor=sec, load=ApprovedLoad(campaign=campaign, approved_by=sec, values={
        (units[c].pk, "online_dossier_share"): (v, None) for c, v in shares.items()}))


def test_reported_percent_against_measured_fraction(make_user: Any, unit: Any) -> None:
    _report(make_user, unit, {"01": 62.0, "48": 90.0, "79": 50.0})
    for month, (hn, dn) in {"2025-03": (0.58, 0.40), "2025-09": (0.62, 0.40)}.items():
        KpiAggregate.objects.create(unit_code="01", period=month, received=100, online_share=hn)
        KpiAggregate.objects.create(unit_code="48", period=month, received=300, online_share=dn)
    rows = {r["unit_code"]: r for r in selectors.self_reported_vs_measured(2025)}
    assert rows["48"]["reported"] == pytest.approx(0.90) and rows["48"]["measured"] == pytest.approx(0.40)
    assert rows["48"]["gap"] == pytest.approx(0.50) and rows["48"]["flagged"]
    assert rows["01"]["gap"] == pytest.approx(0.02) and not rows["01"]["flagged"]
    assert rows["79"]["measured"] is None and not rows["79"]["flagged"]  # nothing measured: no verdict
    assert list(rows) == ["48", "01", "79"]
    assert selectors.self_reported_vs_measured(2024) is None


def test_kpi_page_scores_drill_down_and_exports(make_user: Any, unit: Any, client_as: Any) -> None:
    import csv
    import io

    from dxmonitor.services.models import Procedure, ProcedureUse

    _report(make_user, unit, {"48": 90.0})
    KpiAggregate.objects.create(unit_code="48", period="2025-09", received=300, online_share=0.4,
                                scores={"score_766": 61.5, "score_online": 14.0, "score_transparency": None})
    Procedure.objects.create(code="1.001", name="Đăng ký khai sinh", offered_online=True, fee_vnd=0)
    ProcedureUse.objects.create(unit_code="48", period="2025-09", procedure_code="1.001", received=120, online=80)
    c = client_as("leader")
    body = c.get("/services/").content.decode()
    assert 'data-testid="score-766">61,5<' in body and 'data-testid="gaps-table"' in body and "50,0 %" in body
    rows = list(csv.DictReader(io.StringIO(c.get("/services/export/units.csv").content.decode("utf-8-sig"))))
    assert rows[0]["unit_code"] == "48" and float(rows[0]["score_766"]) == 61.5
    gaps = c.get("/services/export/gaps.json").json()
    assert gaps[0]["flagged"] is True and gaps[0]["gap"] == pytest.approx(0.5)
    page = c.get("/services/procedures/?unit=48").content.decode()
    assert "Đăng ký khai sinh" in page and "66,7 %" in page
    assert c.get("/services/export/nothing.csv").status_code == 404
    assert client_as("unit_officer", "P01@2008-08-01").get("/services/export/units.csv").status_code == 403
