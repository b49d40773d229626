"""Signals as tables: each row is a project's facts on a day and the level every rule must give."""

from __future__ import annotations

import datetime as dt

import pytest

from dxmonitor.investments.engine.signals import (
    AMBER,
    GREEN,
    NONE,
    RED,
    BaselineFacts,
    MilestoneFacts,
    ProjectFacts,
    RiskFacts,
    evaluate,
    forecast_finish,
    planned_to_date,
)

D = dt.date
B1 = BaselineFacts(1, 100_000_000_000, D(2024, 1, 1), D(2025, 12, 31))  # 100 bn VND over two years


def facts(**kw: object) -> ProjectFacts:
    base: dict[str, object] = {"as_of": D(2025, 6, 30), "baselines": (B1,), "last_report_on": D(2025, 6, 1)}
    base.update(kw)
    return ProjectFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("estimate", "level", "value"), [
    (None, GREEN, 0.0),                    # no estimate: the current baseline cost
    (109_000_000_000, GREEN, 0.09),
    (110_000_000_000, AMBER, 0.10),        # 10 % is amber
    (129_900_000_000, AMBER, 0.299),
    (130_000_000_000, RED, 0.30),          # 30 % is red
    (80_000_000_000, GREEN, -0.20),        # an underrun is not an overrun signal
])
def test_cost_variance_against_the_first_baseline(estimate: int | None, level: str, value: float) -> None:
    s = evaluate(facts(cost_estimate=estimate)).cost_vs_first
    assert s.level == level and s.value == pytest.approx(value)


def test_rebaselining_hides_nothing_the_first_baseline_still_shows_the_growth() -> None:
    b2 = BaselineFacts(2, 150_000_000_000, D(2024, 1, 1), D(2026, 12, 31))
    s = evaluate(facts(baselines=(B1, b2), cost_estimate=155_000_000_000))
    assert s.cost_vs_current.level == GREEN and s.cost_vs_current.value == pytest.approx(5 / 150)
    assert s.cost_vs_first.level == RED and s.cost_vs_first.value == pytest.approx(0.55)
    assert s.schedule_vs_current.level == GREEN and s.schedule_vs_first.level == RED  # one year on a two-year plan


@pytest.mark.parametrize(("milestones", "as_of", "finish", "level"), [
    ((MilestoneFacts(D(2025, 12, 31)),), D(2025, 6, 30), D(2025, 12, 31), GREEN),          # on plan
    ((MilestoneFacts(D(2025, 3, 31)),), D(2025, 6, 30), D(2025, 12, 31), GREEN),           # late step, end holds
    ((MilestoneFacts(D(2025, 12, 31)),), D(2026, 3, 31), D(2026, 3, 31), AMBER),            # 90 days of 730: 12 %
    ((MilestoneFacts(D(2025, 12, 31), D(2026, 9, 30)),), D(2026, 10, 1), D(2026, 9, 30), RED),  # 273 days: 37 %
    ((), D(2026, 1, 10), D(2026, 1, 10), GREEN),                                              # no milestone: 10 days
])
def test_schedule_variance(milestones: tuple[MilestoneFacts, ...], as_of: dt.date, finish: dt.date,
                           level: str) -> None:
    f = facts(milestones=milestones, as_of=as_of, last_report_on=as_of)
    assert forecast_finish(f) == finish
    assert evaluate(f).schedule_vs_first.level == level


@pytest.mark.parametrize(("disbursed", "level"), [
    (60_000_000_000, GREEN),   # planned to June 2025: 40 bn (2024) + 60 bn x 6/12 = 70 bn; 86 %
    (56_000_000_000, GREEN),   # exactly 80 %
    (55_000_000_000, AMBER),   # 79 %
    (34_000_000_000, RED),     # 49 %
])
def test_disbursement_behind_plan(disbursed: int, level: str) -> None:
    f = facts(allocations={2024: 40_000_000_000, 2025: 60_000_000_000},
              disbursed={D(2024, 12, 1): disbursed - 1, D(2025, 5, 1): 1, D(2025, 7, 1): 10**12})  # July: future
    assert planned_to_date(f) == 70_000_000_000
    assert evaluate(f).disbursement.level == level


@pytest.mark.parametrize(("last", "status", "level"), [
    (D(2025, 6, 1), "in_progress", GREEN),
    (D(2025, 5, 16), "in_progress", AMBER),   # 45 days
    (D(2025, 4, 1), "in_progress", RED),      # 90 days
    (None, "in_progress", RED),               # never reported
    (None, "completed", NONE),                # a finished project owes no report
])
def test_stale_reporting(last: dt.date | None, status: str, level: str) -> None:
    assert evaluate(facts(last_report_on=last, status=status)).stale.level == level


@pytest.mark.parametrize(("risks", "estimate", "level"), [
    # low rating set long ago, cost 40 % over the first baseline: the rating is stale optimism
    ((RiskFacts(2, D(2024, 1, 15)),), 140_000_000_000, RED),
    # the same rating re-confirmed recently is still unchanged since 2024
    ((RiskFacts(2, D(2024, 1, 15)), RiskFacts(2, D(2025, 6, 1))), 140_000_000_000, RED),
    # amber variance, low rating unchanged: amber
    ((RiskFacts(1, D(2024, 1, 15)),), 115_000_000_000, AMBER),
    # the rating was raised when the cost grew: fine
    ((RiskFacts(2, D(2024, 1, 15)), RiskFacts(4, D(2025, 3, 1))), 140_000_000_000, GREEN),
    # a low rating changed recently (3 -> 2) is not "never changes"
    ((RiskFacts(3, D(2024, 1, 15)), RiskFacts(2, D(2025, 5, 1))), 140_000_000_000, GREEN),
    # no variance: a low rating is right
    ((RiskFacts(1, D(2024, 1, 15)),), None, GREEN),
    ((), 140_000_000_000, NONE),
])
def test_risk_rating_that_never_changes_while_variances_grow(risks: tuple[RiskFacts, ...], estimate: int | None,
                                                              level: str) -> None:
    assert evaluate(facts(risks=risks, cost_estimate=estimate)).risk_unchanged.level == level


def test_overall_is_the_worst_and_raised_lists_worst_first() -> None:
    s = evaluate(facts(cost_estimate=115_000_000_000, last_report_on=None))
    assert s.overall == RED
    assert [x.code for x in s.raised()] == ["stale", "cost_vs_first", "cost_vs_current"]


def test_a_project_needs_a_baseline() -> None:
    with pytest.raises(ValueError, match="baseline"):
        evaluate(facts(baselines=()))
