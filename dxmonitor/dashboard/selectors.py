"""The dashboard's reads: headline figures, map data and alerts, assembled from each domain's selectors and
cached (the cache version moves with every audited write)."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from dxmonitor.core.cache import cached
from dxmonitor.core.time import today_vn
from dxmonitor.indices import selectors as indices
from dxmonitor.orgs.selectors import units_valid_on
from dxmonitor.services import selectors as services
from dxmonitor.tasks import selectors as tasks

DATA = Path(__file__).parent / "data"
METRICS = ("dti", "cqs", "kts", "xhs", "task_on_time", "online_share")
MERGER = dt.date(2025, 7, 1)


@cache
def tiles(layout: int) -> dict[str, tuple[int, int]]:
    with (DATA / f"tiles-{layout}.csv").open(encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    return {r["code"]: (int(r["col"]), int(r["row"])) for r in csv.DictReader(rows)}


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


def headline(as_of: dt.date | None = None) -> dict[str, Any]:
    day = as_of or today_vn()

    def build() -> dict[str, Any]:
        rows = tasks.scorecard(as_of=day, date_to=day)
        due = sum(r.completed_on_time + r.completed_late + r.overdue for r in rows)
        soon = tasks.tasks_due_between(day, day + dt.timedelta(days=30))
        years = indices.years()
        dti: dict[str, Any] = {}
        if years:
            latest = indices.published_results(year=years[-1])
            prev = indices.published_results(year=years[-2]) if len(years) > 1 else []
            mean = sum(r.score for r in latest) / len(latest) if latest else None
            prev_mean = sum(r.score for r in prev) / len(prev) if prev else None
            dti = {"year": years[-1], "mean": mean, "change": (mean - prev_mean) if mean and prev_mean else None,
                   "leader": latest[0].unit_name if latest else None, "leader_score": latest[0].score if latest else None,
                   "units": len(latest)}
        latest_period = services.latest_period()
        svc = None
        if latest_period:
            y, m = map(int, latest_period.split("-"))
            summary = services.kpi_summary(date_from=dt.date(y - 1 if m < 12 else y, m % 12 + 1, 1),
                                           date_to=dt.date(y, m, 28))
            svc = {"period_end": latest_period, **(summary.__dict__ if summary else {})}
        return {
            "as_of": day, "tasks_total": sum(r.total for r in rows), "tasks_overdue": sum(r.overdue for r in rows),
            "tasks_due_30": len(soon), "tasks_on_time_rate": _share(sum(r.completed_on_time for r in rows), due),
            "dti": dti, "services": svc,
        }

    return cached(f"headline:{day.isoformat()}", build)


def map_data(metric: str, year: int) -> dict[str, Any]:
    """Tiles of the provinces valid in `year` (63 before the merger, 34 after) with the metric's values."""
    if metric not in METRICS:
        raise ValueError(f"metric: '{metric}' is not one of {', '.join(METRICS)}")

    def build() -> dict[str, Any]:
        day = dt.date(year, 12, 31) if year < MERGER.year else (dt.date(year, 12, 31) if year > 2024 else MERGER)
        layout = 63 if day < MERGER else 34
        units = {u.code: u for u in units_valid_on(day, "province")}
        values: dict[str, float | None] = {}
        if metric in ("dti", "cqs", "kts", "xhs"):
            for result in indices.published_results(year=year):
                values[result.unit_code] = result.score if metric == "dti" else result.pillars.get(metric)
        elif metric == "task_on_time":
            for score in tasks.scorecard(as_of=min(dt.date(year, 12, 31), today_vn()), date_to=dt.date(year, 12, 31)):
                if score.unit_code in units:
                    values[score.unit_code] = score.on_time_rate
        else:
            for kpi in services.kpi_by_unit(date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31)):
                values[kpi["unit_code"]] = kpi["online_share"]
        out: list[dict[str, Any]] = []
        for code, (col, row) in tiles(layout).items():
            unit = units.get(code)
            if unit is None:
                continue
            out.append({"code": code, "key": unit.key, "name": unit.name, "col": col, "row": row,
                        "value": values.get(code)})
        ranked = sorted((t for t in out if t["value"] is not None), key=lambda t: -float(t["value"]))
        for i, t in enumerate(ranked, start=1):
            t["rank"] = i
        return {"metric": metric, "year": year, "layout": layout, "tiles": out, "has_data": bool(ranked)}

    return cached(f"map:{metric}:{year}", build)


def alerts(as_of: dt.date | None = None) -> dict[str, Any]:
    day = as_of or today_vn()

    def build() -> dict[str, Any]:
        overdue_high = tasks.overdue_tasks(as_of=day, priority="high")
        latest = services.latest_period()
        low_online = []
        if latest:
            y, m = map(int, latest.split("-"))
            rows = services.kpi_by_unit(date_from=dt.date(y, m, 1), date_to=dt.date(y, m, 28))
            names = {u.code: u.name for u in units_valid_on(day, "province")}
            low_online = sorted(({"unit": names.get(r["unit_code"], r["unit_code"]), "online_share": r["online_share"]}
                                 for r in rows if r["online_share"] is not None and r["online_share"] < 0.3),
                                key=lambda r: r["online_share"])[:10]
        return {"overdue_high": overdue_high[:10], "low_online": low_online}

    return cached(f"alerts:{day.isoformat()}", build)


def ranking(year: int) -> list[Any]:
    return cached(f"ranking:{year}", lambda: indices.published_results(year=year, with_intervals=True))


def available_years() -> list[int]:
    def build() -> list[int]:
        years = set(indices.years())
        latest = services.latest_period()
        if latest:
            years.add(int(latest[:4]))
        years.add(today_vn().year)
        return sorted(years)

    return cached("years", build)


def default_year() -> int:
    years = cached("index-years", indices.years) or available_years()
    return years[-1]


def task_trend() -> list[dict[str, Any]]:
    day = today_vn()
    return cached(f"task-trend:{day.isoformat()}", lambda: tasks.monthly_trend(months=12, as_of=day))


def unit_profile(unit_key: str) -> dict[str, Any] | None:
    """Everything about one ministry or province: tasks, index history with peers, service use, lineage."""
    from dxmonitor.orgs.contracts import UnitNotFound
    from dxmonitor.orgs.selectors import lineage_links, unit_by_key

    try:
        unit = unit_by_key(unit_key)
    except UnitNotFound:
        return None

    def build() -> dict[str, Any]:
        day = today_vn()
        scores = [r for r in tasks.scorecard(as_of=day, date_to=day) if r.unit_key == unit.key]
        overdue = [t for t in tasks.overdue_tasks(as_of=day) if t.lead_unit_code == unit.code]
        history = []
        radar = None
        for year in indices.years():
            results = indices.published_results(year=year)
            # The ranking of a year is over the provinces of that year: the 63 until 2023, the 34 from 2024.
            on = dt.date(year, 6, 30) if year < 2024 else (MERGER if year == 2024 else dt.date(year, 12, 31))
            mine = next((r for r in results if r.unit_code == unit.code), None) if unit.valid_on(on) else None
            if mine is None:
                continue
            history.append({"year": year, "score": mine.score, "rank": mine.rank, "of": len(results)})
            mean = {p: sum((r.pillars.get(p) or 0) for r in results) / len(results) for p in ("cqs", "kts", "xhs")}
            radar = {"year": year, "unit": mine.pillars, "peers": mean}
        before, after = lineage_links(unit)
        unit_info = {"key": unit.key, "code": unit.code, "name": unit.name, "kind": unit.kind}
        series = services.monthly_series(unit_code=unit.code) if unit.valid_to is None else []
        return {
            "unit": unit_info,
            "chart": {"unit": unit_info, "history": history, "radar": radar, "services": series},
            "tasks": scores[0].__dict__ if scores else None, "overdue": overdue[:20],
            "history": history, "radar": radar,
            "services": series,
            "predecessors": [link.predecessor.name for link in before],
            "successors": [link.successor.name for link in after],
        }

    return cached(f"profile:{unit.key}", build)
