"""Pages: KPIs of online public services per province with the 766 group scores and their monthly trend, the
services offered online but hardly used, self-reported against measured shares, a procedure drill-down, exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dxmonitor.core.tables import table_response
from dxmonitor.orgs.access import can_read_all, require
from dxmonitor.orgs.selectors import units_valid_on
from dxmonitor.services import selectors


def _window() -> tuple[str | None, dt.date, dt.date, dict[str, str]]:
    """The latest month with data, the 12 whole months ending with it, and the province names then."""
    latest = selectors.latest_period()
    if not latest:
        today = dt.date.today()  # noqa: DTZ011 - only a placeholder range when there is no data at all
        return None, today, today, {}
    year, month = map(int, latest.split("-"))
    end = dt.date(year, month, 28)
    start = dt.date(year - 1 if month < 12 else year, month % 12 + 1, 1)
    return latest, start, end, {u.code: u.name for u in units_valid_on(end, "province")}


def _tables(start: dt.date, end: dt.date, names: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    rows = [{**r, "unit_name": names.get(r["unit_code"], r["unit_code"])}
            for r in selectors.kpi_by_unit(date_from=start, date_to=end)]
    rows.sort(key=lambda r: -(r["score_766"] or 0))
    unused = [{**r, "unit_name": names.get(r["unit_code"], r["unit_code"])}
              for r in selectors.unused_services(date_from=start, date_to=end)]
    gaps = None
    for year in (end.year, end.year - 1):
        gaps = selectors.self_reported_vs_measured(year)
        if gaps is not None:
            break
    return {"units": rows, "unused": unused, "gaps": gaps or []}


@login_required
def kpi(request: HttpRequest) -> HttpResponse:
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators read all units' KPIs.")
    latest, start, end, names = _window()
    tables = _tables(start, end, names) if latest else {"units": [], "unused": [], "gaps": []}
    return render(request, "services/kpi.html", {
        "rows": tables["units"], "series": selectors.monthly_series() if latest else [], "latest": latest,
        "unused": tables["unused"], "gaps": tables["gaps"], "threshold": selectors.UNUSED_THRESHOLD,
        "gap_threshold": selectors.GAP_THRESHOLD})


EXPORTS = {
    "units": ["unit_code", "unit_name", "received", "online_share", "on_time_share", "online_payment_share",
              "e_result_share", "digitised_share", "score_transparency", "score_progress", "score_online",
              "score_digitisation", "score_satisfaction", "score_766"],
    "unused": ["unit_code", "unit_name", "offered", "unused", "used_share"],
    "gaps": ["unit_code", "unit_name", "year", "reported", "measured", "gap", "flagged", "received"],
    "procedures": ["procedure_code", "name", "offered_online", "received", "online", "online_share"],
}


@login_required
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """The KPI tables of the page as CSV, XLSX or JSON (shares as fractions, scores in points)."""
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators read all units' KPIs.")
    if table not in EXPORTS:
        raise Http404
    latest, start, end, names = _window()
    if table == "procedures":
        rows = selectors.procedure_use(date_from=start, date_to=end, unit_code=request.GET.get("unit") or None)
    else:
        rows = _tables(start, end, names)[table] if latest else []
    return table_response(rows, EXPORTS[table], fmt, f"dvc-{table}-{latest or 'empty'}", sheet=table)


@login_required
def procedures(request: HttpRequest) -> HttpResponse:
    """Procedure drill-down: which procedures a province's dossiers are for, and how many came online."""
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators read all units' KPIs.")
    latest, start, end, names = _window()
    unit = request.GET.get("unit", "")
    rows = selectors.procedure_use(date_from=start, date_to=end, unit_code=unit or None) if latest else []
    return render(request, "services/procedures.html", {
        "rows": rows, "unit": unit, "unit_name": names.get(unit, ""), "units": sorted(names.items(), key=lambda x: x[1]),
        "latest": latest, "query": request.GET.urlencode()})
