"""Reads of the indices domain: the inputs of a period, computed results for pages and reports.

An index is computed from two kinds of input, never from anything else:
1. the **approved** (final) values of the indicators domain (`indicators.selectors.approved_values`): values a
   unit submitted, a reviewer checked and the secretariat approved; a value that is not approved never reaches
   an index. Values of units that no longer exist on the ranking day (the 63 provinces, for the DTI 2024 ranked
   over the 34) are carried to their successors as the mean of the predecessors, as the ministry did;
2. values stored as `IndexValue` from other sources (published results, imported files), used for a unit and
   indicator only where no approved value exists. Every input keeps its source for "explain".
Nothing is stored: results are computed when read, so an approval or a reopening changes the index at once (both
are audited writes, and the audit bumps the cache version the dashboard's aggregates depend on).
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from django.apps import apps

from dxmonitor.indices.engine import IndexResult, compute, load_methodology, rank_intervals
from dxmonitor.indices.models import IndexValue
from dxmonitor.orgs.selectors import current_of, unit_by_key, units_valid_on

DEFAULT_METHODOLOGY = {2021: "dti-province-922", 2022: "dti-province-922", 2023: "dti-province-922"}
#: What is ranked: the provinces, or the ministry-level bodies in their two groups (with and without public services).
KINDS = ("province", "ministry")
Kind = Literal["province", "ministry"]
#: A year of approved collections is ranked once at least this share of its units have approved values.
MIN_COVERAGE = 0.5
MERGER_DAY = dt.date(2025, 7, 1)


def methodology_for(year: int, kind: Kind = "province") -> str:
    if kind == "ministry":
        return "dti-ministry-922" if year <= 2023 else "dti-ministry-405"
    return DEFAULT_METHODOLOGY.get(year, "dti-province-405")


def ranking_day(year: int, kind: Kind = "province") -> dt.date:
    """The day whose units a year's ranking is over: the 63 provinces up to 2023, the 34 from the DTI 2024 on
    (published in October 2025 over the merged provinces); ministries as they stood at the end of the year."""
    return MERGER_DAY if year == 2024 and kind == "province" else dt.date(year, 12, 31)


def _kind_of(methodology_code: str) -> Kind:
    return "province" if load_methodology(methodology_code).unit_kind == "province" else "ministry"


@dataclass
class PeriodInputs:
    values: dict[str, dict[str, float | None]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    #: {unit code: {indicator: trace}}: source, and for approved values who submitted and approved them.
    traces: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    ranked_units: int = 0
    approved_units: int = 0


def _indicators() -> Any | None:
    if not apps.is_installed("dxmonitor.indicators"):
        return None
    module = importlib.import_module("dxmonitor.indicators.selectors")
    return module if hasattr(module, "approved_values") else None


def _raw_inputs(m: Any, period: int) -> dict[tuple[str, str], tuple[str, float | None, dict[str, Any]]]:
    """{(unit key, indicator): (unit name, value, trace)}: approved values first, stored values where none."""
    raw: dict[tuple[str, str], tuple[str, float | None, dict[str, Any]]] = {}
    indicators = _indicators()
    if indicators is not None:
        for r in indicators.approved_values(period, sorted(m.codes)):
            if r.value is None:
                continue
            raw[(r.unit_key, r.indicator_code)] = (r.unit_name, r.value, {
                "source": "approved", "submitted_by": r.submitted_by, "approved_by": r.approved_by,
                "approved_at": r.approved_at, "self_assessed": r.self_assessed, "reviewed": r.reviewed,
                "final": r.value, "evidence": r.evidence_count, "unit_key": r.unit_key})
    rows = IndexValue.objects.filter(methodology=m.code, period=period).select_related("unit", "entered_by")
    for row in rows:
        raw.setdefault((row.unit.key, row.indicator), (row.unit.name, row.value, {
            "source": row.source, "entered_by": row.entered_by.get_username() if row.entered_by else "",
            "entered_at": row.entered_at}))
    return raw


def period_inputs(methodology_code: str, period: int, *, on: dt.date | None = None) -> PeriodInputs:
    """The inputs of a period for the units valid on `on` (default: the year's ranking day): approved
    collections first, stored values where no approved value exists. A value of a unit that no longer exists on
    that day is carried to its successors as the mean of the predecessors' values (the ministry's rule for the
    DTI 2024), unless the successor has its own value; so the 34 provinces of today have a series back to 2021."""
    m = load_methodology(methodology_code)
    day = on or ranking_day(period, _kind_of(methodology_code))
    ranked = {u.key: u for u in units_valid_on(day).filter(ranking_group__in=m.ranking_groups)}
    inputs = PeriodInputs(ranked_units=len(ranked))
    raw = _raw_inputs(m, period)
    carried: dict[str, dict[str, list[tuple[str, float]]]] = {}
    successors: dict[str, list[Any]] = {}
    for (key, code), (name, value, trace) in raw.items():
        if key in ranked:
            unit = ranked[key]
            inputs.values.setdefault(unit.code, {})[code] = value
            inputs.traces.setdefault(unit.code, {})[code] = trace
            inputs.names[unit.code] = unit.name
            inputs.groups[unit.code] = unit.ranking_group or "province"
            continue
        if value is None:
            continue
        if key not in successors:
            successors[key] = [u for u in current_of(unit_by_key(key), on=day) if u.key in ranked]
        for succ in successors[key]:
            carried.setdefault(succ.key, {}).setdefault(code, []).append((name, value))
    for key, by_code in carried.items():
        unit = ranked[key]
        own = inputs.values.setdefault(unit.code, {})
        for code, preds in by_code.items():
            if code in own:
                continue  # the unit's own value wins
            own[code] = sum(v for _n, v in preds) / len(preds)
            inputs.traces.setdefault(unit.code, {})[code] = {
                "source": "predecessors", "from": [f"{n} ({v:.4f})" for n, v in preds]}
        inputs.names[unit.code] = unit.name
        inputs.groups[unit.code] = unit.ranking_group or "province"
    inputs.approved_units = sum(1 for traces in inputs.traces.values()
                                if any(t.get("source") == "approved" for t in traces.values()))
    return inputs


def load_period_values(methodology_code: str, period: int, *, on: dt.date | None = None) -> tuple[dict, dict, dict]:
    """({unit_code: {indicator: value}}, {unit_code: name}, {unit_code: ranking group}) for a period."""
    inputs = period_inputs(methodology_code, period, on=on)
    return inputs.values, inputs.names, inputs.groups


def compute_period(year: int, methodology_code: str | None = None, *, on: dt.date | None = None,
                   kind: Kind = "province") -> tuple[IndexResult | None, dict[str, str]]:
    """The index of a year over the units valid on `on` (default: the year's ranking day, so the 63 provinces up
    to 2023). The change from the year before is computed over the same units."""
    kind = _kind_of(methodology_code) if methodology_code else kind
    code = methodology_code or methodology_for(year, kind)
    day = on or ranking_day(year, kind)
    values, names, groups = load_period_values(code, year, on=day)
    if not values:
        return None, names
    previous_values, _, previous_groups = load_period_values(methodology_for(year - 1, kind), year - 1, on=day)
    previous = compute(load_methodology(methodology_for(year - 1, kind)), previous_values, previous_groups) \
        if previous_values else None
    return compute(load_methodology(code), values, groups, previous=previous), names


@dataclass(frozen=True)
class PublishedResult:
    unit_code: str
    unit_name: str
    score: float
    rank: int
    rank_change: int | None
    pillars: dict[str, float | None]
    rank_p05: int | None = None
    rank_p95: int | None = None
    group: str = "province"


def published_results(*, year: int, with_intervals: bool = False, on: dt.date | None = None,
                      kind: Kind = "province") -> list[PublishedResult]:
    """The ranking of a year, best first (what reports and the dashboard show). With `on`, the ranking of the
    units valid that day, earlier years computed from their predecessors (today's 34 provinces back to 2021).
    Ministries (`kind="ministry"`) are ranked within their group (`group` of each row)."""
    result, names = compute_period(year, on=on, kind=kind)
    if result is None:
        return []
    intervals = {r.unit: r for r in rank_intervals(result, draws=2000)} if with_intervals else {}
    out = []
    for u in sorted(result.units, key=lambda u: (u.rank or 10**6, u.unit)):
        if u.score is None or u.rank is None:
            continue
        iv = intervals.get(u.unit)
        out.append(PublishedResult(unit_code=u.unit, unit_name=names.get(u.unit, u.unit), score=u.score, rank=u.rank,
                                   rank_change=u.rank_change, pillars=u.pillars,
                                   rank_p05=iv.p05 if iv else None, rank_p95=iv.p95 if iv else None,
                                   group=u.group))
    return out


NATIONAL_PUBLISHED = Path(__file__).resolve().parent / "data" / "national-published.yaml"


@cache
def _national() -> dict[int, float]:
    rows = yaml.safe_load(NATIONAL_PUBLISHED.read_text(encoding="utf-8")) or []
    return {int(r["year"]): float(r["value"]) for r in rows}


def national_score(*, year: int) -> float | None:
    """The national DTI of a year as published by the ministry (the national index is not computed here: its
    24, later 12, indicators are not collected by dxmonitor), or None."""
    return _national().get(year)


@dataclass(frozen=True)
class Coverage:
    """How far a year's approved collections go: units with approved values out of the units ranked."""

    approved: int
    ranked: int

    @property
    def complete(self) -> bool:
        return bool(self.ranked) and self.approved >= MIN_COVERAGE * self.ranked


def coverage(year: int, kind: Kind = "province") -> Coverage:
    inputs = period_inputs(methodology_for(year, kind), year)
    return Coverage(approved=inputs.approved_units, ranked=inputs.ranked_units)


def provisional_years() -> list[int]:
    """Years whose collection is still under way: some values approved, too few to rank (`MIN_COVERAGE`). Pages
    may show their running results, marked as provisional."""
    indicators = _indicators()
    if indicators is None:
        return []
    ranked = set(years())
    return sorted(int(p) for p in indicators.approved_periods()
                  if len(p) == 4 and p.isdigit() and int(p) not in ranked)


def years(kind: Kind = "province") -> list[int]:
    """Years with an index: stored values, or approved collections covering at least `MIN_COVERAGE` of the
    units ranked that year (a collection still under way is not ranked)."""
    out = set(IndexValue.objects.filter(methodology__startswith=f"dti-{kind}-").values_list("period", flat=True))
    indicators = _indicators()
    if indicators is not None:
        for period in indicators.approved_periods():
            if not (len(period) == 4 and period.isdigit()) or int(period) in out:
                continue
            if coverage(int(period), kind).complete:
                out.add(int(period))
    return sorted(out)
