"""Pages: results with ranks and rank intervals, "explain this score", the methodology."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxmonitor.core.tables import table_response
from dxmonitor.indices import selectors
from dxmonitor.indices.engine import load_methodology
from dxmonitor.indices.models import IndexValue

GROUP_LABELS = {"ministry_dvc": gettext_lazy("Ministries and agencies that provide public services"),
                "ministry_no_dvc": gettext_lazy("Ministries and agencies that do not provide public services")}


def _kind(request: HttpRequest) -> selectors.Kind:
    return "ministry" if request.GET.get("kind") == "ministry" else "province"


@dataclass(frozen=True)
class _Choice:
    """What a results request asks for: the kind ranked, the years offered, the year shown and its rows."""

    kind: selectors.Kind
    years: list[int]
    provisional_years: list[int]
    year: int | None
    rows: list[selectors.PublishedResult]


def _choice(request: HttpRequest) -> _Choice:
    kind = _kind(request)
    years = selectors.years(kind)
    provisional_years = selectors.provisional_years() if kind == "province" else []
    asked = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    year = asked if asked in years or asked in provisional_years else (years[-1] if years else None)
    rows = selectors.published_results(year=year, with_intervals=True, kind=kind) if year else []
    return _Choice(kind, years, provisional_years, year, rows)


def results(request: HttpRequest) -> HttpResponse:
    c = _choice(request)
    kind, years, provisional_years, year, rows = c.kind, c.years, c.provisional_years, c.year, c.rows
    code = selectors.methodology_for(year, kind) if year else None
    groups = [{"code": g, "label": GROUP_LABELS.get(g, ""), "rows": [r for r in rows if r.group == g]}
              for g in dict.fromkeys(r.group for r in rows)] if kind == "ministry" else []
    return render(request, "indices/results.html", {
        "kind": kind, "years": years, "provisional_years": provisional_years, "year": year, "rows": rows,
        "groups": groups, "coverage": selectors.coverage(year) if year in provisional_years else None,
        "methodology": load_methodology(code) if code else None,
    })


def results_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The ranking on the page as CSV, XLSX or JSON: score, rank, change, rank interval and pillar scores."""
    c = _choice(request)
    kind, provisional, year, rows = c.kind, c.provisional_years, c.year, c.rows
    pillars = sorted({p for r in rows for p in r.pillars})
    out = [{"year": year, "group": r.group, "unit_code": r.unit_code, "unit_name": r.unit_name,
            "score": round(r.score, 4), "rank": r.rank, "rank_change": r.rank_change, "rank_p05": r.rank_p05,
            "rank_p95": r.rank_p95, "provisional": year in provisional,
            **{f"pillar_{p}": None if r.pillars.get(p) is None else round(r.pillars[p] or 0.0, 4) for p in pillars}}
           for r in rows]
    fields = ["year", "group", "unit_code", "unit_name", "score", "rank", "rank_change", "rank_p05", "rank_p95",
              "provisional", *(f"pillar_{p}" for p in pillars)]
    return table_response(out, fields, fmt, f"dti-{kind}-{year or 'none'}", sheet=f"DTI {year or ''}")


def explain(request: HttpRequest, year: int, unit_code: str) -> HttpResponse:
    kind = _kind(request)
    result, names = selectors.compute_period(year, kind=kind)
    if result is None or unit_code not in result.by_unit():
        raise Http404
    unit = result.by_unit()[unit_code]
    traces = selectors.period_inputs(result.methodology.code, year).traces.get(unit_code, {})
    labels = {"approved": _("approved collection"), "predecessors": _("mean of the predecessors"),
              **{k: str(v) for k, v in IndexValue.Source.choices}}
    rows = [{**r, "trace": traces.get(r["code"]), "source": labels.get((traces.get(r["code"]) or {}).get("source", ""), "")}
            for r in _rows(result.explain(unit_code))]
    provisional = kind == "province" and year in selectors.provisional_years()
    return render(request, "indices/explain.html", {
        "kind": kind, "year": year, "unit": unit, "unit_name": names.get(unit_code, unit_code), "rows": rows,
        "coverage": selectors.coverage(year) if provisional else None, "methodology": result.methodology,
        "group_label": GROUP_LABELS.get(unit.group, ""),
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
