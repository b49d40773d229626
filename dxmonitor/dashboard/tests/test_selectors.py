"""Dashboard reads: honest empty states, figures equal to the domains' own reads, cache invalidation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from dxmonitor.core.time import today_vn
from dxmonitor.dashboard import cache as dash_cache
from dxmonitor.dashboard import selectors
from dxmonitor.indices import selectors as indices
from dxmonitor.investments.tests.conftest import new_project  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_without_data_every_figure_is_missing_not_zero() -> None:
    head = selectors.headline()
    assert head["tasks_total"] == 0 and head["tasks_on_time_rate"] is None
    assert head["dti"] == {} and head["services"] is None
    m = selectors.map_data("dti", 2025)
    assert m["layout"] == 34 and len(m["tiles"]) == 34 and not m["has_data"]
    assert all(t["value"] is None and t["rank"] is None for t in m["tiles"])
    assert selectors.ranking(2025) == []
    al = selectors.alerts()
    assert al["overdue_high"] == [] and al["low_online"] == [] and al["unused_services"] == []
    assert al["gaps"] is None  # the comparison needs the indicators domain: "no data", not "no gap"
    assert al["red_projects"] == []
    tr = selectors.trends()
    assert tr["dti"] == [] and tr["services"] == []
    assert selectors.public_directives() == []


def test_map_and_ranking_show_the_index_domain_results(dti_year: Callable[[int], dict[str, float]]) -> None:
    dti_year(2022)
    published = indices.published_results(year=2022)
    m = selectors.map_data("dti", 2022)
    assert m["layout"] == 63 and m["with_value"] == 63
    by_code = {t["code"]: t for t in m["tiles"]}
    for r in published:
        assert by_code[r.unit_code]["value"] == pytest.approx(r.score)
    assert by_code["48"]["rank"] == 1 and by_code["48"]["name"] == "Đà Nẵng"
    pillar = selectors.map_data("cqs", 2022)
    assert {t["code"]: t["value"] for t in pillar["tiles"]}["48"] == pytest.approx(published[0].pillars["cqs"])
    ranking = selectors.ranking(2022)
    assert [r["unit_code"] for r in ranking] == [r.unit_code for r in published]
    assert ranking[0]["unit_key"] and ranking[0]["rank_p05"] is not None
    head = selectors.headline()
    assert head["dti"]["year"] == 2022 and head["dti"]["leader"] == "Đà Nẵng"
    assert head["dti"]["mean"] == pytest.approx(sum(r.score for r in published) / len(published))
    assert head["dti"]["national"] is None  # not published by the indices domain yet
    # Another year is another map: the 34 provinces have no 2022 values.
    assert not selectors.map_data("dti", 2025)["has_data"]


def test_metric_and_year_are_checked() -> None:
    with pytest.raises(ValueError, match="metric"):
        selectors.map_data("beauty", 2022)
    with pytest.raises(ValueError, match="year"):
        selectors.map_data("dti", 1890)


def test_task_figures_and_alerts(meeting: Callable[..., Any]) -> None:
    day = today_vn()
    meeting(day - dt.timedelta(days=200), "Phiên họp thứ nhất", [
        ("BCA", "Kết nối dữ liệu dân cư", day - dt.timedelta(days=30), "high"),
        ("BYT", "Bệnh án điện tử", day + dt.timedelta(days=10), "normal"),
    ])
    head = selectors.headline()
    assert head["tasks_total"] == 2 and head["tasks_overdue"] == 1 and head["tasks_due_30"] == 1
    assert head["tasks_on_time_rate"] == 0.0  # one task due, overdue
    overdue = selectors.alerts()["overdue_high"]
    assert [t.content for t in overdue] == ["Kết nối dữ liệu dân cư"] and overdue[0].days_overdue == 30


def test_cache_follows_writes(meeting: Callable[..., Any], django_capture_on_commit_callbacks: Any) -> None:
    assert selectors.headline()["tasks_total"] == 0
    day = today_vn()
    with django_capture_on_commit_callbacks(execute=True):
        meeting(day, "Phiên họp", [("BYT", "Bệnh án điện tử toàn quốc", day + dt.timedelta(days=90), "normal")])
    assert selectors.headline()["tasks_total"] == 1


def test_bump_invalidates_without_an_audited_write(django_capture_on_commit_callbacks: Any) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert dash_cache.cached("probe", compute) == 1
    assert dash_cache.cached("probe", compute) == 1
    before = dash_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        dash_cache.bump()
    assert dash_cache.version() != before
    assert dash_cache.cached("probe", compute) == 2


def test_another_process_write_is_seen_through_the_database(django_capture_on_commit_callbacks: Any) -> None:
    from dxmonitor.dashboard.models import DataStamp

    first = dash_cache.version()
    DataStamp.objects.update_or_create(name=dash_cache.STAMP, defaults={"counter": 41})  # as if from the CLI
    dash_cache.forget()  # this process's one-second memo has run out
    assert dash_cache.version() != first


def test_unit_profile(meeting: Callable[..., Any], make_user: Any, dti_year: Callable[[int], dict[str, float]]) -> None:
    day = today_vn()
    dti_year(2022)
    meeting(day - dt.timedelta(days=100), "Phiên họp quý", [
        ("BCA", "Kết nối dữ liệu dân cư", day - dt.timedelta(days=20), "high"),
        ("BCA", "Định danh điện tử", day + dt.timedelta(days=20), "normal"),
    ])
    reader = make_user("leader")
    p = selectors.unit_profile("BCA", reader)
    assert p is not None and p["tasks_total"] == 2
    assert p["task_counts"]["overdue"] == 1 and [t["content"] for t in p["overdue"]] == ["Kết nối dữ liệu dân cư"]
    assert p["meeting"]["name"] == "Phiên họp quý"
    # At the meeting both tasks were within their deadline; one has become overdue since.
    assert [(t["status_before"], t["status"]) for t in p["changed"]] == [("not_due", "overdue")]
    assert p["history"] == [] and p["radar"] is None  # ministries have no index here
    assert selectors.unit_profile("no-such-unit", reader) is None
    province = next(u for u in selectors.map_data("dti", 2022)["tiles"] if u["code"] == "48")
    prof = selectors.unit_profile(province["key"], reader)
    assert prof is not None and prof["history"][0]["year"] == 2022 and prof["history"][0]["rank"] == 1
    assert prof["radar"]["unit"]["cqs"] > prof["radar"]["peers"]["cqs"]
    assert prof["successors"]  # Đà Nẵng (63) became Đà Nẵng (34)


def test_gap_alerts_take_the_latest_year_with_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only over-reporting beyond the threshold is an alert; a year without approved reports falls back to the
    year before; no reports at all is "no data", not "no gap"."""
    rows = {2025: [{"unit_code": "48", "gap": 0.50}, {"unit_code": "01", "gap": 0.02},
                   {"unit_code": "79", "gap": -0.40}, {"unit_code": "92", "gap": None}]}
    asked: list[int] = []

    def compare(year: int) -> list[dict[str, Any]] | None:
        asked.append(year)
        return rows.get(year)

    monkeypatch.setattr(selectors.services, "self_reported_vs_measured", compare)
    assert [g["unit_code"] for g in selectors.self_reported_gaps("2026-03")] == ["48"]
    assert asked == [2026, 2025]
    rows.clear()
    assert selectors.self_reported_gaps("2026-03") is None


def test_todays_province_has_an_index_history_from_its_predecessors(dti_year: Callable[[int], dict[str, float]],
                                                                       make_user: Any) -> None:
    """Today's Đà Nẵng (merged with Quảng Nam in 2025) did not exist in 2022: its 2022 index is computed from the
    mean of its predecessors' main indicators, and marked so."""
    given = dti_year(2022)
    profile = selectors.unit_profile("P48@2025-07-01", make_user("leader"))
    assert profile is not None
    h = profile["history"][0]
    assert h["year"] == 2022 and h["computed"] and h["of"] == 34
    assert h["score"] == pytest.approx((given["48"] + given["49"]) / 2, abs=1e-4)


def test_investment_projects_in_the_red_are_alerts(new_project: Callable[..., Any], client_as: Any) -> None:  # noqa: F811
    # Created and last reported on 2025-01-01: far past the 90 days after which reporting is stale (red).
    new_project("HN-IOC")
    [red] = selectors.alerts()["red_projects"]
    assert red["code"] == "HN-IOC" and red["signals"]
    page = client_as("leader").get("/").content.decode()
    assert 'data-testid="red-projects"' in page and "/investments/p/HN-IOC/" in page
