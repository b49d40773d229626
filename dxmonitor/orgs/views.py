"""Pages of the units directory: search (with or without diacritics, by abbreviation) and a unit's lineage."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dxmonitor.core.audit import history_for
from dxmonitor.core.time import today_vn
from dxmonitor.orgs import selectors
from dxmonitor.orgs.access import is_admin
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.models import KIND_GROUPS, UnitKind

KIND_FILTERS = [("", None), ("province", "province"), ("ministry", "ministry"), ("commune", "commune")]


def _parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def unit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind") or None
    if kind not in KIND_GROUPS:
        kind = None
    day = _parse_day(request.GET.get("on"))
    if query:
        units = selectors.search_units(query, on=day, kind=kind, limit=100)
    else:
        units = list(selectors.units_valid_on(day or today_vn(), kind or "province")[:200])
    today = today_vn()
    context = {"counts_today": selectors.counts_by_kind(today), "counts_before": selectors.counts_by_kind(dt.date(2025, 6, 30)),
               "units": units, "q": query, "kind": kind or "", "on": day.isoformat() if day else "",
               "kinds": [("province", UnitKind.PROVINCE.label), ("ministry", UnitKind.MINISTRY.label),
                         ("commune", UnitKind.COMMUNE.label)]}
    template = "orgs/_unit_rows.html" if request.headers.get("HX-Request") else "orgs/unit_list.html"
    return render(request, template, context)


def unit_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        unit = selectors.unit_by_key(key)
    except UnitNotFound:
        raise Http404("unit not found") from None
    before, after = selectors.lineage_links(unit)
    today = today_vn()
    context = {
        "unit": unit,
        "before": before,
        "after": after,
        "current": [] if unit.valid_on(today) else selectors.current_of(unit, on=today),
        "children": unit.children.order_by("name")[:500] if unit.kind in KIND_GROUPS["province"] else [],
        "history": history_for(unit)[:20] if is_admin(request.user) else [],
    }
    return render(request, "orgs/unit_detail.html", context)
