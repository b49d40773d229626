"""Pages: KPIs of online public services per province and their monthly trend."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dxmonitor.orgs.access import can_read_all, require
from dxmonitor.orgs.selectors import units_valid_on
from dxmonitor.services import selectors


@login_required
def kpi(request: HttpRequest) -> HttpResponse:
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators read all units' KPIs.")
    latest = selectors.latest_period()
    rows, series, unused = [], [], []
    if latest:
        year, month = map(int, latest.split("-"))
        end = dt.date(year, month, 28)
        start = dt.date(year - 1 if month < 12 else year, month % 12 + 1, 1)
        names = {u.code: u.name for u in units_valid_on(end, "province")}
        rows = [{**r, "unit_name": names.get(r["unit_code"], r["unit_code"])}
                for r in selectors.kpi_by_unit(date_from=start, date_to=end)]
        rows.sort(key=lambda r: -(r["online_share"] or 0))
        series = selectors.monthly_series()
        unused = selectors.unused_services(date_from=start, date_to=end)
        for r in unused:
            r["unit_name"] = names.get(r["unit_code"], r["unit_code"])
    return render(request, "services/kpi.html", {"rows": rows, "series": series, "latest": latest, "unused": unused,
                                                 "threshold": selectors.UNUSED_THRESHOLD})
