"""Reads of the indices domain: inputs of a period from the database, computed results for pages and reports."""

from __future__ import annotations

from dataclasses import dataclass

from dxmonitor.indices.engine import IndexResult, compute, load_methodology, rank_intervals
from dxmonitor.indices.models import IndexValue

DEFAULT_METHODOLOGY = {2021: "dti-province-922", 2022: "dti-province-922", 2023: "dti-province-922"}


def methodology_for(year: int) -> str:
    return DEFAULT_METHODOLOGY.get(year, "dti-province-405")


def load_period_values(methodology_code: str, period: int) -> tuple[dict, dict, dict]:
    """({unit_code: {indicator: value}}, {unit_code: name}, {unit_code: ranking group}) for a period."""
    values: dict[str, dict[str, float | None]] = {}
    names: dict[str, str] = {}
    groups: dict[str, str] = {}
    rows = IndexValue.objects.filter(methodology=methodology_code, period=period).select_related("unit")
    for row in rows:
        values.setdefault(row.unit.code, {})[row.indicator] = row.value
        names[row.unit.code] = row.unit.name
        groups[row.unit.code] = row.unit.ranking_group or "province"
    return values, names, groups


def compute_period(year: int, methodology_code: str | None = None) -> tuple[IndexResult | None, dict[str, str]]:
    code = methodology_code or methodology_for(year)
    values, names, groups = load_period_values(code, year)
    if not values:
        return None, names
    previous_values, _, previous_groups = load_period_values(methodology_for(year - 1), year - 1)
    previous = compute(load_methodology(methodology_for(year - 1)), previous_values, previous_groups) \
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


def published_results(*, year: int, with_intervals: bool = False) -> list[PublishedResult]:
    """The ranking of a year, best first (what reports and the dashboard show)."""
    result, names = compute_period(year)
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
                                   rank_p05=iv.p05 if iv else None, rank_p95=iv.p95 if iv else None))
    return out


def years() -> list[int]:
    return sorted(set(IndexValue.objects.values_list("period", flat=True)))
