"""The dashboard's reads: headline figures, map data, rankings, trends, alerts and unit profiles, assembled from
each domain's public selectors and cached by data version (`dashboard.cache`).

Every figure is either read from a domain or shown as missing (None / empty list): nothing here invents a number.
A domain whose read function has not landed yet (the indicators module, a national DTI) yields "no data".
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from dxmonitor.core.time import today_vn
from dxmonitor.dashboard import tilemap
from dxmonitor.dashboard.cache import cached
from dxmonitor.indices import selectors as indices
from dxmonitor.investments import selectors as investments
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.selectors import lineage_links, unit_by_key, units_valid_on
from dxmonitor.services import selectors as services
from dxmonitor.tasks import selectors as tasks

#: metric -> (Vietnamese label, English label, "index" for 0..1 scores shown with 4 decimals, "share" for %)
METRICS: dict[str, tuple[str, str, str]] = {
    "dti": ("Chỉ số DTI", "DTI", "index"),
    "cqs": ("DTI — trụ cột chính quyền số", "DTI — digital government pillar", "index"),
    "kts": ("DTI — trụ cột kinh tế số", "DTI — digital economy pillar", "index"),
    "xhs": ("DTI — trụ cột xã hội số", "DTI — digital society pillar", "index"),
    "task_on_time": ("Tỷ lệ nhiệm vụ hoàn thành đúng hạn", "On-time task rate", "share"),
    "online_share": ("Tỷ lệ hồ sơ nộp trực tuyến", "Share of dossiers filed online", "share"),
}
PILLARS = ("cqs", "kts", "xhs")
LOW_ONLINE_SHARE = 0.30  # alert: a province receiving under 30 % of its dossiers online last month
UNUSED_SHARE_ALERT = 0.50  # alert: a unit where under half of the services it offers online were really used
GAP_ALERT = services.GAP_THRESHOLD  # alert: self-reported share more than 15 points above the measured share


def metric_label(metric: str, lang: str) -> str:
    vi, en, _kind = METRICS[metric]
    return vi if lang == "vi" else en


def _optional_selectors(app: str) -> ModuleType | None:
    """A domain's selectors module, or None while that app has not landed (or is not installed)."""
    from django.apps import apps

    if not apps.is_installed(f"dxmonitor.{app}"):
        return None
    name = f"dxmonitor.{app}.selectors"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def _share(num: float, den: float) -> float | None:
    return num / den if den else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _month_range(period: str, months: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the `months` whole months ending with `period` (YYYY-MM)."""
    y, m = map(int, period.split("-"))
    end = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    sy, sm = y, m - months + 1
    while sm < 1:
        sy, sm = sy - 1, sm + 12
    return dt.date(sy, sm, 1), end


def _results(year: int) -> list[Any]:
    """The indices domain's ranking of a year, computed once per data version for all the pieces that use it."""
    return cached(f"results:{year}", lambda: indices.published_results(year=year))


def _index_years() -> list[int]:
    return cached("index-years", indices.years)


def _province_names(day: dt.date) -> dict[str, dict[str, str]]:
    return {u.code: {"name": u.name, "key": u.key} for u in units_valid_on(day, "province")}


# ---- headline -----------------------------------------------------------------------------------------------


def _dti_summary() -> dict[str, Any]:
    """The latest DTI year: provincial mean and its change, the leader, and the national value when the indices
    domain publishes one (it does not yet: shown as missing)."""
    years = _index_years()
    if not years:
        return {}
    latest = _results(years[-1])
    prev = _results(years[-2]) if len(years) > 1 else []
    mean = _mean([r.score for r in latest])
    prev_mean = _mean([r.score for r in prev])
    national_of: Callable[..., float | None] | None = getattr(indices, "national_score", None)
    national = national_of(year=years[-1]) if national_of else None
    prev_national = national_of(year=years[-2]) if national_of and len(years) > 1 else None
    return {
        "year": years[-1], "mean": mean, "units": len(latest),
        "change": mean - prev_mean if mean is not None and prev_mean is not None else None,
        "leader": latest[0].unit_name if latest else None, "leader_score": latest[0].score if latest else None,
        "national": national,
        "national_change": national - prev_national if national is not None and prev_national is not None else None,
    }


def _services_summary() -> dict[str, Any] | None:
    latest = services.latest_period()
    if not latest:
        return None
    start, end = _month_range(latest, 12)
    summary = services.kpi_summary(date_from=start, date_to=end)
    if summary is None:
        return None
    return {"period_from": start, "period_to": end, "received": summary.received,
            "online_share": summary.online_share, "on_time_share": summary.on_time_share,
            "online_payment_share": summary.online_payment_share}


def headline(as_of: dt.date | None = None) -> dict[str, Any]:
    """The four headline figures of the overview on a day."""
    day = as_of or today_vn()

    def build() -> dict[str, Any]:
        rows = tasks.scorecard(as_of=day, date_to=day)
        due = sum(r.completed_on_time + r.completed_late + r.overdue for r in rows)
        return {
            "as_of": day,
            "tasks_total": sum(r.total for r in rows),
            "tasks_due": due,
            "tasks_overdue": sum(r.overdue for r in rows),
            "tasks_due_30": len(tasks.tasks_due_between(day, day + dt.timedelta(days=30))),
            "tasks_on_time_rate": _share(sum(r.completed_on_time for r in rows), due),
            "dti": _dti_summary(),
            "services": _services_summary(),
        }

    return cached(f"headline:{day.isoformat()}", build)


# ---- map and ranking ----------------------------------------------------------------------------------------


def _metric_values(metric: str, year: int, codes: set[str]) -> dict[str, float | None]:
    values: dict[str, float | None] = {}
    if metric in ("dti", *PILLARS):
        for result in _results(year):
            values[result.unit_code] = result.score if metric == "dti" else result.pillars.get(metric)
    elif metric == "task_on_time":
        end = min(dt.date(year, 12, 31), today_vn())
        for score in tasks.scorecard(as_of=end, date_from=dt.date(year, 1, 1), date_to=end):
            if score.unit_code in codes and score.on_time_rate is not None:
                values[score.unit_code] = score.on_time_rate
    elif metric == "online_share":
        for kpi in services.kpi_by_unit(date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31)):
            values[kpi["unit_code"]] = kpi["online_share"]
    return {code: v for code, v in values.items() if code in codes}


def map_data(metric: str, year: int) -> dict[str, Any]:
    """Tiles of the provinces of `year` (63 before the merger, 34 after) with one metric's values and ranks."""
    if metric not in METRICS:
        raise ValueError(f"metric: '{metric}' is not one of {', '.join(METRICS)}")
    if not 2000 <= year <= 2100:
        raise ValueError(f"year: {year} is outside 2000–2100")

    def build() -> dict[str, Any]:
        day = tilemap.reference_day(year)
        size = tilemap.layout_for_day(day)
        units = _province_names(day)
        values = _metric_values(metric, year, set(units))
        out: list[dict[str, Any]] = []
        for tile in tilemap.layout(size):
            unit = units.get(tile.code)
            if unit is None:
                continue
            out.append({"code": tile.code, "key": unit["key"], "name": unit["name"], "col": tile.col,
                        "row": tile.row, "value": values.get(tile.code), "rank": None})
        ranked = sorted((t for t in out if t["value"] is not None), key=lambda t: -float(t["value"]))
        rank, previous = 0, None
        for i, t in enumerate(ranked, start=1):
            if t["value"] != previous:  # equal values share a rank
                rank, previous = i, t["value"]
            t["rank"] = rank
        present = [float(t["value"]) for t in ranked]
        return {"metric": metric, "kind": METRICS[metric][2], "year": year, "layout": size, "tiles": out,
                "has_data": bool(ranked), "with_value": len(ranked), "mean": _mean(present),
                "min": min(present) if present else None, "max": max(present) if present else None}

    return cached(f"map:{metric}:{year}", build)


def ranking(year: int) -> list[dict[str, Any]]:
    """The DTI ranking of a year with the rank intervals the index engine computes (90 % of resamples)."""

    def build() -> list[dict[str, Any]]:
        day = tilemap.reference_day(year)
        units = _province_names(day)
        # Names from the units registry on the year's reference day, so the ranking names what the map shows.
        return [{"rank": r.rank, "unit_code": r.unit_code,
                 "unit_name": units[r.unit_code]["name"] if r.unit_code in units else r.unit_name,
                 "unit_key": units[r.unit_code]["key"] if r.unit_code in units else None,
                 "score": r.score, "rank_change": r.rank_change, "rank_p05": r.rank_p05, "rank_p95": r.rank_p95,
                 **{p: r.pillars.get(p) for p in PILLARS}}
                for r in indices.published_results(year=year, with_intervals=True)]

    return cached(f"ranking:{year}", build)


def index_years() -> list[int]:
    return _index_years()


def available_years() -> list[int]:
    """Years a map can show: those with an index, with dossier data, and the current year (tasks)."""

    def build() -> list[int]:
        years = set(_index_years())
        for p in services.monthly_series():
            years.add(int(p["period"][:4]))
        years.add(today_vn().year)
        return sorted(years)

    return cached("years", build)


def default_year() -> int:
    years = index_years()
    return years[-1] if years else today_vn().year


# ---- trends -------------------------------------------------------------------------------------------------


def trends() -> dict[str, list[dict[str, Any]]]:
    """Monthly task figures (12 months), the DTI by year (provincial mean and pillars), monthly dossier shares."""
    day = today_vn()

    def build() -> dict[str, list[dict[str, Any]]]:
        dti = []
        for year in _index_years():
            results = _results(year)
            if not results:
                continue
            dti.append({"year": year, "units": len(results), "mean": _mean([r.score for r in results]),
                        **{p: _mean([v for r in results if (v := r.pillars.get(p)) is not None]) for p in PILLARS}})
        return {"tasks": tasks.monthly_trend(months=12, as_of=day), "dti": dti,
                "services": services.monthly_series()[-24:]}

    return cached(f"trends:{day.isoformat()}", build)


# ---- alerts -------------------------------------------------------------------------------------------------


def self_reported_gaps(period: str | None) -> list[dict[str, Any]] | None:
    """Units whose approved self-reported online dossier share exceeds the measured one by more than `GAP_ALERT`,
    for the year of `period` or, when nothing is approved for it yet, the year before (a year's figures are
    collected in the next one). The comparison itself is the services domain's. None: it cannot be made."""
    if period is None:
        return None
    for year in (int(period[:4]), int(period[:4]) - 1):
        rows = services.self_reported_vs_measured(year)
        if rows is not None:
            return [r for r in rows if r["gap"] is not None and r["gap"] > GAP_ALERT]
    return None


def alerts(as_of: dt.date | None = None) -> dict[str, Any]:
    """Overdue high-priority tasks, provinces with few dossiers online, units with many unused online services,
    large self-reported vs measured gaps (None when that comparison is not possible yet) and investment projects
    whose signals are red."""
    day = as_of or today_vn()

    def build() -> dict[str, Any]:
        latest = services.latest_period()
        names = {code: u["name"] for code, u in _province_names(day).items()}
        low_online: list[dict[str, Any]] = []
        unused: list[dict[str, Any]] = []
        if latest:
            start, end = _month_range(latest, 1)
            low_online = sorted(
                ({"unit_code": r["unit_code"], "unit": names.get(r["unit_code"], r["unit_code"]),
                  "online_share": r["online_share"]}
                 for r in services.kpi_by_unit(date_from=start, date_to=end)
                 if r["online_share"] is not None and r["online_share"] < LOW_ONLINE_SHARE),
                key=lambda r: r["online_share"])
            start3, _ = _month_range(latest, 3)
            unused = [{**r, "unit": names.get(r["unit_code"], r["unit_code"])}
                      for r in services.unused_services(date_from=start3, date_to=end)
                      if r["used_share"] < UNUSED_SHARE_ALERT]
        labels = investments.signal_labels()
        red_projects = [{"code": a.code, "name": a.name, "unit": a.unit_name,
                         "signals": [labels.get(c, c) for c in a.signals]} for a in investments.alerts(as_of=day)]
        return {"as_of": day, "period": latest, "overdue_high": tasks.overdue_tasks(as_of=day, priority="high"),
                "low_online": low_online, "unused_services": unused, "gaps": self_reported_gaps(latest),
                "red_projects": red_projects}

    return cached(f"alerts:{day.isoformat()}", build)


# ---- unit profile -------------------------------------------------------------------------------------------


def last_meeting(before: dt.date | None = None) -> dict[str, Any] | None:
    """The most recent meeting (a directive concluding a meeting) on or before the day."""
    day = before or today_vn()
    for m in tasks.meetings():
        held = m.meeting_date or m.issued_on
        if held <= day:
            return {"id": m.pk, "name": m.meeting_name, "date": held, "number": m.number}
    return None


def _unit_tasks(unit_id: int, reader: Any, day: dt.date, since: dt.date | None) -> list[dict[str, Any]]:
    qs = tasks.filter_tasks(tasks.tasks_for_user(reader), unit_id=unit_id).select_related("lead_unit", "directive")
    out = []
    for t in qs:
        status = tasks.status_of(t, as_of=day)
        if status == "cancelled" or (t.deadline_kind == "recurring" and t.parent_id is None):
            continue
        before = tasks.status_of(t, as_of=since) if since and t.directive.issued_on <= since else None
        out.append({"id": t.pk, "content": t.content, "directive": t.directive.number, "priority": t.priority,
                    "deadline": t.deadline_current or t.deadline_original, "status": str(status),
                    "status_before": str(before) if before else None, "lead": t.lead_unit_id == unit_id})
    return sorted(out, key=lambda r: (r["deadline"] is None, r["deadline"] or dt.date.max, r["id"]))


def _results_today(year: int, today: dt.date) -> list[Any]:
    """A year's index over today's provinces (earlier years computed from the predecessors)."""
    return cached(f"results-today:{year}:{today.isoformat()}",
                  functools.partial(indices.published_results, year=year, on=today))


def _index_history(unit: Any) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The unit's DTI by year. A year's published ranking is over the provinces of that year (codes are reused
    after the merger, so a unit matches only when it existed on the year's reference day); for the years before
    a province of today existed, its index is computed from its predecessors over today's provinces
    (`computed`: True), as the ministry did for the DTI 2024."""
    history: list[dict[str, Any]] = []
    radar = None
    today = today_vn()
    for year in _index_years():
        computed = not unit.valid_on(tilemap.reference_day(year))
        if computed and not unit.valid_on(today):
            continue
        results = _results_today(year, today) if computed else _results(year)
        mine = next((r for r in results if r.unit_code == unit.code), None)
        if mine is None:
            continue
        history.append({"year": year, "score": mine.score, "rank": mine.rank, "of": len(results),
                        "rank_change": mine.rank_change, "computed": computed})
        peers = {p: _mean([v for r in results if (v := r.pillars.get(p)) is not None]) for p in PILLARS}
        radar = {"year": year, "unit": {p: mine.pillars.get(p) for p in PILLARS}, "peers": peers}
    return history, radar


def unit_profile(unit_key: str, reader: Any) -> dict[str, Any] | None:
    """Everything about one ministry or province: tasks, changes since the last meeting, index history with a
    radar against its peers, service use, lineage. `reader` must be allowed to read every unit (checked by the
    view); None when the key is unknown."""
    try:
        unit = unit_by_key(unit_key)
    except UnitNotFound:
        return None

    def build() -> dict[str, Any]:
        day = today_vn()
        meeting = last_meeting(day)
        since = meeting["date"] if meeting else None
        task_rows = _unit_tasks(unit.pk, reader, day, since)
        lead = [t for t in task_rows if t["lead"]]
        counts = {s: sum(1 for t in lead if t["status"] == s) for s in
                  ("not_due", "in_progress", "overdue", "completed_on_time", "completed_late")}
        due = counts["completed_on_time"] + counts["completed_late"] + counts["overdue"]
        changed = [t for t in task_rows if t["status_before"] and t["status_before"] != t["status"]]
        history, radar = _index_history(unit)
        kpi = None
        series: list[dict[str, Any]] = []
        latest = services.latest_period()
        if latest:
            series = services.monthly_series(unit_code=unit.code) if unit.valid_to is None else []
            start, end = _month_range(latest, 12)
            summary = services.kpi_summary(date_from=start, date_to=end, unit_code=unit.code) \
                if unit.valid_to is None else None
            kpi = summary.__dict__ if summary else None
        before, after = lineage_links(unit)
        info = {"key": unit.key, "code": unit.code, "name": unit.name, "kind": unit.kind,
                "valid_from": unit.valid_from, "valid_to": unit.valid_to}
        return {
            "unit": info, "as_of": day, "meeting": meeting,
            "task_counts": counts if lead else None, "tasks_total": len(lead), "coordinating": len(task_rows) - len(lead),
            "on_time_rate": _share(counts["completed_on_time"], due),
            "overdue": [t for t in lead if t["status"] == "overdue"], "open": [t for t in task_rows if t["status"] in (
                "not_due", "in_progress", "overdue")][:30],
            "changed": changed,
            "history": history, "radar": radar, "kpi": kpi, "services": series,
            "predecessors": [{"key": link.predecessor.key, "name": link.predecessor.name} for link in before],
            "successors": [{"key": link.successor.key, "name": link.successor.name} for link in after],
        }

    return cached(f"profile:{unit.key}", build)


# ---- public portal ------------------------------------------------------------------------------------------


def public_directives(as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Directives marked public and their tasks with computed statuses; nothing else is read."""
    day = as_of or today_vn()

    def build() -> list[dict[str, Any]]:
        out = []
        for d in tasks.public_directives().order_by("-issued_on", "-id"):
            rows: list[dict[str, Any]] = []
            for t in d.tasks.all():
                if t.deadline_kind == "recurring" and t.parent_id is None:
                    continue
                status = tasks.status_of(t, as_of=day)
                rows.append({"id": t.pk, "content": t.content, "lead_unit_code": t.lead_unit.code,
                             "lead_unit": t.lead_unit.name, "deadline": t.deadline_current or t.deadline_original,
                             "status": str(status)})
            counts: dict[str, int] = {}
            for r in rows:
                counts[str(r["status"])] = counts.get(str(r["status"]), 0) + 1
            out.append({"id": d.pk, "number": d.number, "title": d.title, "issued_on": d.issued_on,
                        "tasks": rows, "counts": counts, "as_of": day})
        return out

    return cached(f"public-directives:{day.isoformat()}", build)
