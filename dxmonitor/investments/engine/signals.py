"""Signals of one IT investment project, computed from its facts on a day: cost and schedule variance against the
first and the current baseline, disbursement behind plan, stale reporting, and a risk rating that stays low while
the variances grow. Every rule and threshold is documented in docs/investments.md; tests are tables.

Risk ratings run from 1 (lowest risk) to 5 (highest risk). Money is in VND (integers).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"
_ORDER = {NONE: 0, GREEN: 1, AMBER: 2, RED: 3}
CLOSED_STATUSES = frozenset({"completed", "cancelled"})


@dataclass(frozen=True)
class Thresholds:
    """Amber and red limits. Variances are fractions (0.10 = 10 %) of the baseline cost or duration, as on the
    US Federal IT Dashboard (under 10 % green, 10-30 % amber, 30 % and more red)."""

    variance_amber: float = 0.10
    variance_red: float = 0.30
    disbursed_amber: float = 0.80  # actual / planned to date under 80 %: amber
    disbursed_red: float = 0.50  # under 50 %: red
    stale_amber_days: int = 45  # no report for 45 days: amber
    stale_red_days: int = 90  # for 90 days: red
    risk_low_max: int = 2  # ratings 1-2 claim a low risk
    risk_unchanged_days: int = 180  # ... and have not changed for 180 days


DEFAULT = Thresholds()


@dataclass(frozen=True)
class BaselineFacts:
    number: int
    total_cost: int
    start: dt.date
    finish: dt.date


@dataclass(frozen=True)
class MilestoneFacts:
    planned: dt.date
    actual: dt.date | None = None


@dataclass(frozen=True)
class RiskFacts:
    rating: int
    rated_on: dt.date


@dataclass(frozen=True)
class ProjectFacts:
    as_of: dt.date
    baselines: tuple[BaselineFacts, ...]  # in order: the first is the original, the last the current one
    status: str = "in_progress"
    cost_estimate: int | None = None  # the owner's latest estimate at completion; None: the current baseline cost
    milestones: tuple[MilestoneFacts, ...] = ()
    allocations: Mapping[int, int] = field(default_factory=dict)  # year -> planned capital for that year
    disbursed: Mapping[dt.date, int] = field(default_factory=dict)  # first day of a month -> amount disbursed
    last_report_on: dt.date | None = None
    risks: tuple[RiskFacts, ...] = ()  # in order of rating


@dataclass(frozen=True)
class Signal:
    code: str
    level: str
    value: float | None = None  # the measured figure (a fraction, a ratio or days)


@dataclass(frozen=True)
class ProjectSignals:
    cost_vs_first: Signal
    cost_vs_current: Signal
    schedule_vs_first: Signal
    schedule_vs_current: Signal
    disbursement: Signal
    stale: Signal
    risk_unchanged: Signal
    forecast_finish: dt.date | None
    delay_days: int | None  # forecast finish minus the current baseline's finish

    @property
    def all(self) -> tuple[Signal, ...]:
        return (self.cost_vs_first, self.cost_vs_current, self.schedule_vs_first, self.schedule_vs_current,
                self.disbursement, self.stale, self.risk_unchanged)

    @property
    def overall(self) -> str:
        return worst(s.level for s in self.all)

    def raised(self) -> list[Signal]:
        """The amber and red signals, worst first."""
        return sorted((s for s in self.all if s.level in (AMBER, RED)), key=lambda s: -_ORDER[s.level])


def worst(levels: object) -> str:
    out = NONE
    for level in levels:  # type: ignore[attr-defined]
        if _ORDER[level] > _ORDER[out]:
            out = level
    return out


def _variance_level(value: float | None, t: Thresholds) -> str:
    if value is None:
        return NONE
    if value >= t.variance_red:
        return RED
    if value >= t.variance_amber:
        return AMBER
    return GREEN


def cost_variance(facts: ProjectFacts, baseline: BaselineFacts) -> float | None:
    """(estimate at completion - baseline cost) / baseline cost; an overrun is positive."""
    if baseline.total_cost <= 0:
        return None
    estimate = facts.cost_estimate if facts.cost_estimate is not None else facts.baselines[-1].total_cost
    return (estimate - baseline.total_cost) / baseline.total_cost


def forecast_finish(facts: ProjectFacts) -> dt.date:
    """When the project will end. Open project: the later of the current baseline's finish and its milestones'
    forecasts (done ones at their actual date, open ones at their plan, or today once the plan has passed: an open
    milestone is at least as late as today); without milestones, today once the finish has passed. Closed
    project: its last milestone (actual date where known), or the current baseline's finish."""
    current = facts.baselines[-1]
    if facts.status in CLOSED_STATUSES:
        return max((m.actual or m.planned for m in facts.milestones), default=current.finish)
    dates = [current.finish]
    if not facts.milestones:
        dates.append(facts.as_of)
    for m in facts.milestones:
        dates.append(m.actual if m.actual is not None else max(m.planned, facts.as_of))
    return max(dates)


def schedule_variance(facts: ProjectFacts, baseline: BaselineFacts) -> float:
    """(forecast finish - baseline finish) / baseline duration; a slip is positive."""
    duration = max(1, (baseline.finish - baseline.start).days)
    return (forecast_finish(facts) - baseline.finish).days / duration


def planned_to_date(facts: ProjectFacts) -> int:
    """Capital planned up to `as_of`: earlier years' allocations in full, this year's pro rata by month."""
    year, month = facts.as_of.year, facts.as_of.month
    total = sum(amount for y, amount in facts.allocations.items() if y < year)
    return total + facts.allocations.get(year, 0) * month // 12


def disbursed_to_date(facts: ProjectFacts) -> int:
    return sum(amount for month, amount in facts.disbursed.items() if month <= facts.as_of)


def _last_change(risks: tuple[RiskFacts, ...]) -> RiskFacts | None:
    """The rating event that set the current value (re-confirming the same rating is not a change)."""
    if not risks:
        return None
    changed = risks[0]
    for previous, r in itertools.pairwise(risks):
        if r.rating != previous.rating:
            changed = r
    return changed


def evaluate(facts: ProjectFacts, t: Thresholds = DEFAULT) -> ProjectSignals:
    if not facts.baselines:
        raise ValueError("a project needs at least one baseline")
    first, current = facts.baselines[0], facts.baselines[-1]
    open_project = facts.status not in CLOSED_STATUSES

    cv_first, cv_current = cost_variance(facts, first), cost_variance(facts, current)
    sv_first, sv_current = schedule_variance(facts, first), schedule_variance(facts, current)
    finish = forecast_finish(facts)

    planned, actual = planned_to_date(facts), disbursed_to_date(facts)
    ratio = actual / planned if planned > 0 else None
    if ratio is None or not open_project:
        disbursement = Signal("disbursement", NONE, ratio)
    else:
        level = RED if ratio < t.disbursed_red else AMBER if ratio < t.disbursed_amber else GREEN
        disbursement = Signal("disbursement", level, ratio)

    if not open_project:
        stale = Signal("stale", NONE, None)
    elif facts.last_report_on is None:
        stale = Signal("stale", RED, None)
    else:
        days = (facts.as_of - facts.last_report_on).days
        stale = Signal("stale", RED if days >= t.stale_red_days else AMBER if days >= t.stale_amber_days else GREEN,
                       float(days))

    variance_level = worst([_variance_level(cv_first, t), _variance_level(sv_first, t)])
    changed = _last_change(facts.risks)
    if changed is None or not open_project:
        risk = Signal("risk_unchanged", NONE, None)
    else:
        unchanged_days = (facts.as_of - changed.rated_on).days
        stuck = (facts.risks[-1].rating <= t.risk_low_max and unchanged_days >= t.risk_unchanged_days
                 and variance_level in (AMBER, RED))
        risk = Signal("risk_unchanged", variance_level if stuck else GREEN, float(unchanged_days))

    return ProjectSignals(
        cost_vs_first=Signal("cost_vs_first", _variance_level(cv_first, t), cv_first),
        cost_vs_current=Signal("cost_vs_current", _variance_level(cv_current, t), cv_current),
        schedule_vs_first=Signal("schedule_vs_first", _variance_level(sv_first, t), sv_first),
        schedule_vs_current=Signal("schedule_vs_current", _variance_level(sv_current, t), sv_current),
        disbursement=disbursement, stale=stale, risk_unchanged=risk,
        forecast_finish=finish, delay_days=(finish - current.finish).days,
    )
