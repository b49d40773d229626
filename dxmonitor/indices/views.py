"""Pages: results with ranks and rank intervals, "explain this score", the methodology."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dxmonitor.indices import selectors
from dxmonitor.indices.engine import load_methodology
from dxmonitor.indices.models import IndexValue


def results(request: HttpRequest) -> HttpResponse:
    years = selectors.years()
    provisional_years = selectors.provisional_years()
    asked = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    year = asked if asked in years or asked in provisional_years else (years[-1] if years else None)
    rows = selectors.published_results(year=year, with_intervals=True) if year else []
    code = selectors.methodology_for(year) if year else None
    return render(request, "indices/results.html", {
        "years": years, "provisional_years": provisional_years, "year": year, "rows": rows,
        "coverage": selectors.coverage(year) if year in provisional_years else None,
        "methodology": load_methodology(code) if code else None,
    })


def explain(request: HttpRequest, year: int, unit_code: str) -> HttpResponse:
    result, names = selectors.compute_period(year)
    if result is None or unit_code not in result.by_unit():
        raise Http404
    unit = result.by_unit()[unit_code]
    traces = selectors.period_inputs(result.methodology.code, year).traces.get(unit_code, {})
    labels = {"approved": _("approved collection"), "predecessors": _("mean of the predecessors"),
              **{k: str(v) for k, v in IndexValue.Source.choices}}
    rows = [{**r, "trace": traces.get(r["code"]), "source": labels.get((traces.get(r["code"]) or {}).get("source", ""), "")}
            for r in _rows(result.explain(unit_code))]
    provisional = year in selectors.provisional_years()
    return render(request, "indices/explain.html", {
        "year": year, "unit": unit, "coverage": selectors.coverage(year) if provisional else None, "unit_name": names.get(unit_code, unit_code), "rows": rows,
        "methodology": result.methodology,
    })


def _rows(explained: object) -> list[dict]:
    """The engine's explain rows as dicts (they may be dataclasses)."""
    from dataclasses import asdict, is_dataclass

    return [asdict(r) if is_dataclass(r) else dict(r) for r in explained]  # type: ignore[attr-defined, arg-type]


def methodology(request: HttpRequest, code: str) -> HttpResponse:
    try:
        m = load_methodology(code)
    except ValueError:
        raise Http404 from None
    return render(request, "indices/methodology.html", {"m": m, "nodes": m.root.walk()})
