"""Indices are computed from approved collections: an approved value reaches the index with who submitted and
approved it, a value not yet approved does not, a stored value is used only where nothing is approved, and the
DTI 2024 ranks the 34 provinces from the approved values of their predecessors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dxmonitor.indicators.tests.conftest import MAINS, catalogue, fill  # noqa: F401 - catalogue is a fixture
from dxmonitor.indices import selectors
from dxmonitor.indices.services import values_import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
DANANG_2022 = [1.0000, 0.9000, 0.8253, 0.8487, 0.7578, 0.8575, 0.7836, 0.5197]  # published; DTI 0.8002


def _approve(make_user: Any, unit: Any, period: str, rows: dict[str, list[float]], on: dt.date) -> Any:
    from dxmonitor.indicators.services import ApprovedLoad, campaign_create, values_load_approved

    sec = make_user("secretariat", "VPCP", username=f"sec-{period}")
    officer = make_user("unit_officer", "BKHCN", username=f"off-{period}")
    units = {ref: unit(ref, on=on) for ref in rows}
    campaign = campaign_create(actor=sec, name=f"DTI {period}", period=period, deadline=on, indicator_codes=MAINS,
                               units=list(units.values()))
    values = {(units[ref].pk, code): (v, None) for ref, vs in rows.items() for code, v in zip(MAINS, vs, strict=True)}
    values_load_approved(actor=sec, load=ApprovedLoad(campaign=campaign, values=values, submitted_by=officer,
                                                      approved_by=sec, approved_at=dt.datetime(2023, 3, 1, tzinfo=dt.UTC)))
    return campaign


def test_approved_values_make_the_index_and_are_traced(make_user: Any, unit: Any,
                                                       client_as: Any) -> None:
    _approve(make_user, unit, "2022", {"48": DANANG_2022, "01": [0.6] * 8}, dt.date(2022, 12, 31))
    # A stored value for Đà Nẵng is overridden by the approved one; Huế has only a stored value and keeps it.
    values_import(actor=None, methodology_code="dti-province-922", period=2022, source="import",
                  values={"48": dict.fromkeys(MAINS, 0.1), "46": dict.fromkeys(MAINS, 0.5)})
    rows = {r.unit_code: r for r in selectors.published_results(year=2022)}
    assert round(rows["48"].score, 4) == 0.8002 and rows["48"].rank == 1
    assert set(rows) == {"48", "01", "46"}
    traces = selectors.period_inputs("dti-province-922", 2022).traces
    assert traces["48"]["awareness"]["source"] == "approved"
    assert traces["48"]["awareness"]["submitted_by"] and traces["48"]["awareness"]["approved_by"]
    assert traces["46"]["awareness"]["source"] == "import"
    page = client_as("leader").get("/indices/2022/48/").content.decode()
    cell = page.split('<tr data-code="awareness">')[1].split('data-testid="trace">')[1].split("</td>")[0]
    assert "thu thập đã phê duyệt" in cell and f"phê duyệt: {traces['48']['awareness']['approved_by']}" in cell
    assert "tự đánh giá 1,0000" in cell


def test_values_not_approved_never_reach_an_index(make_user: Any, unit: Any) -> None:
    from dxmonitor.indicators.services import assignment_submit, campaign_create

    sec = make_user("secretariat", "VPCP", username="sec-x")
    officer = make_user("unit_officer", "P01@2008-08-01", username="off-hn-x")
    campaign = campaign_create(actor=sec, name="DTI 2023", period="2023", deadline=dt.date(2024, 3, 31),
                               indicator_codes=MAINS, units=[unit("01", on=dt.date(2023, 12, 31))])
    assignment = campaign.assignments.get()
    fill(assignment, officer, dict.fromkeys(MAINS, 0.7), evidence=False)
    assignment_submit(actor=officer, assignment=assignment)
    assert selectors.published_results(year=2023) == [] and 2023 not in selectors.years()


def test_dti_2024_ranks_the_34_from_the_approved_values_of_the_63(make_user: Any,
                                                                  unit: Any) -> None:
    old = dt.date(2024, 12, 31)
    _approve(make_user, unit, "2024", {"48": [0.9] * 8, "49": [0.7] * 8, "01": [0.8] * 8}, old)
    inputs = selectors.period_inputs("dti-province-405", 2024)
    assert inputs.values["48"]["awareness"] == pytest.approx(0.8)  # the new Đà Nẵng: mean of Đà Nẵng, Quảng Nam
    assert inputs.traces["48"]["awareness"]["source"] == "predecessors"
    assert inputs.values["01"]["awareness"] == pytest.approx(0.8)
    assert inputs.ranked_units == 34


def test_the_national_dti_is_the_published_one() -> None:
    assert selectors.national_score(year=2024) == 0.7955 and selectors.national_score(year=2023) == 0.7326
    assert selectors.national_score(year=2022) is None  # only derivable, not published: shown as missing


def test_todays_provinces_have_a_series_from_their_predecessors(make_user: Any, unit: Any) -> None:
    """DTI 2022 as published stays over the 63; the same year over today's 34 is computed from predecessors."""
    _approve(make_user, unit, "2022", {"48": [0.9] * 8, "49": [0.5] * 8, "01": [0.8] * 8}, dt.date(2022, 12, 31))
    as_published = {r.unit_code: r.score for r in selectors.published_results(year=2022)}
    assert as_published["49"] == pytest.approx(0.5) and as_published["48"] == pytest.approx(0.9)
    today = {r.unit_code: r for r in selectors.published_results(year=2022, on=dt.date(2026, 1, 1))}
    assert "49" not in today and today["48"].score == pytest.approx(0.7) and today["48"].unit_name == "Đà Nẵng"


def test_a_year_under_way_is_shown_as_provisional(make_user: Any, unit: Any, client_as: Any) -> None:
    # Two of the 63 provinces approved: too few to rank the year, enough to show running results, marked.
    _approve(make_user, unit, "2022", {"48": DANANG_2022, "01": [0.6] * 8}, dt.date(2022, 12, 31))
    assert 2022 not in selectors.years() and selectors.provisional_years() == [2022]
    assert selectors.coverage(2022) == selectors.Coverage(approved=2, ranked=63)
    page = client_as("leader").get("/indices/?year=2022").content.decode()
    assert 'data-testid="provisional"' in page and "2 trên 63" in page and "/indices/2022/48/" in page
    explain = client_as("leader").get("/indices/2022/48/").content.decode()
    assert 'data-testid="provisional"' in explain
    # A year with nothing approved is not offered at all: the page falls back to the latest ranked year.
    assert 'data-testid="provisional"' not in client_as("leader").get("/indices/?year=2019").content.decode()
