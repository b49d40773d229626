"""Reads of the services domain: KPI aggregates for pages, the dashboard and the reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, FloatField, Sum
from django.db.models.functions import Cast

from dxmonitor.services.models import KpiAggregate, Procedure, ProcedureUse


@dataclass(frozen=True)
class KpiSummary:
    received: int
    online_share: float | None
    on_time_share: float | None
    online_payment_share: float | None
    e_result_share: float | None
    digitised_share: float | None


def _months(date_from: dt.date, date_to: dt.date) -> list[str]:
    out, y, m = [], date_from.year, date_from.month
    while (y, m) <= (date_to.year, date_to.month):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _weighted(qs: Any, field: str) -> float | None:
    agg = qs.exclude(**{f"{field}__isnull": True}).aggregate(
        num=Sum(Cast(F(field), FloatField()) * F("received")), den=Sum("received"))
    return agg["num"] / agg["den"] if agg["den"] else None


def kpi_summary(*, date_from: dt.date, date_to: dt.date, unit_code: str | None = None) -> KpiSummary | None:
    """KPIs over a date range (whole months), weighted by dossiers received."""
    qs = KpiAggregate.objects.filter(period__in=_months(date_from, date_to))
    if unit_code:
        qs = qs.filter(unit_code=unit_code)
    received = qs.aggregate(n=Sum("received"))["n"] or 0
    if not received:
        return None
    return KpiSummary(received=received, **{f: _weighted(qs, f) for f in (
        "online_share", "on_time_share", "online_payment_share", "e_result_share", "digitised_share")})


SHARES = ("online_share", "on_time_share", "online_payment_share", "e_result_share", "digitised_share")
SCORES = ("score_transparency", "score_progress", "score_online", "score_digitisation", "score_satisfaction",
          "score_766")


def _weighted_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Shares and 766 scores of several unit-months, each weighted by the dossiers received (a month without a
    value for a figure leaves it out of that figure's weights)."""
    received = sum(r["received"] for r in rows)
    out: dict[str, Any] = {"received": received}
    for name in (*SHARES, *SCORES):
        pairs = [(v, r["received"]) for r in rows
                 if (v := (r["scores"] or {}).get(name) if name in SCORES else r[name]) is not None]
        weight = sum(w for _v, w in pairs)
        out[name] = sum(v * w for v, w in pairs) / weight if weight else None
    return out


def kpi_by_unit(*, date_from: dt.date, date_to: dt.date) -> list[dict[str, Any]]:
    """Per unit over whole months: dossiers received, the shares and the 766 group scores (monthly scores
    averaged with the months' dossiers as weights: a simplification of the 766 period rules)."""
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for r in KpiAggregate.objects.filter(period__in=_months(date_from, date_to)).values(
            "unit_code", "received", "scores", *SHARES):
        by_unit.setdefault(r["unit_code"], []).append(r)
    return [{"unit_code": code, **_weighted_rows(rows)} for code, rows in sorted(by_unit.items())
            if sum(r["received"] for r in rows)]


def monthly_series(*, unit_code: str | None = None) -> list[dict[str, Any]]:
    qs = KpiAggregate.objects.all()
    if unit_code:
        qs = qs.filter(unit_code=unit_code)
    by_month: dict[str, list[dict[str, Any]]] = {}
    for r in qs.values("period", "received", "scores", *SHARES):
        by_month.setdefault(r["period"], []).append(r)
    out = []
    for period, rows in sorted(by_month.items()):
        w = _weighted_rows(rows)
        out.append({"period": period, "received": w["received"], "online_share": w["online_share"],
                    "on_time_share": w["on_time_share"], "score_766": w["score_766"]})
    return out


def latest_period() -> str | None:
    return KpiAggregate.objects.order_by("-period").values_list("period", flat=True).first()


UNUSED_THRESHOLD = 5  # online dossiers in the period below which an offered service counts as unused


def unused_services(*, date_from: dt.date, date_to: dt.date, threshold: int = UNUSED_THRESHOLD) -> list[dict[str, Any]]:
    """Per unit: procedures offered online with fewer than `threshold` online dossiers in the period, and the
    share of offered online procedures actually used. Worst first."""
    offered = dict(Procedure.objects.filter(offered_online=True).values_list("code", "name"))
    if not offered:
        return []
    used: dict[str, dict[str, int]] = {}
    rows = (ProcedureUse.objects.filter(period__in=_months(date_from, date_to))
            .values("unit_code", "procedure_code").annotate(n=Sum("online")))
    for row in rows:
        used.setdefault(row["unit_code"], {})[row["procedure_code"]] = row["n"] or 0
    out = []
    for unit, counts in used.items():
        unused = sorted(code for code in offered if counts.get(code, 0) < threshold)
        out.append({"unit_code": unit, "offered": len(offered), "unused": len(unused),
                    "used_share": (len(offered) - len(unused)) / len(offered),
                    "examples": [offered[c] for c in unused[:5]]})
    return sorted(out, key=lambda r: r["used_share"])


def procedure_use(*, date_from: dt.date, date_to: dt.date, unit_code: str | None = None) -> list[dict[str, Any]]:
    """Per procedure (in one unit, or in all): dossiers received and online over whole months, whether it is
    offered online, most used first."""
    qs = ProcedureUse.objects.filter(period__in=_months(date_from, date_to))
    if unit_code:
        qs = qs.filter(unit_code=unit_code)
    catalogue = {p.code: p for p in Procedure.objects.all()}
    out = []
    for row in qs.values("procedure_code").annotate(received=Sum("received"), online=Sum("online")):
        proc = catalogue.get(row["procedure_code"])
        out.append({"procedure_code": row["procedure_code"], "name": proc.name if proc else row["procedure_code"],
                    "offered_online": bool(proc and proc.offered_online), "received": row["received"] or 0,
                    "online": row["online"] or 0,
                    "online_share": (row["online"] or 0) / row["received"] if row["received"] else None})
    return sorted(out, key=lambda r: (-r["received"], r["procedure_code"]))


#: Gap between a unit's approved self-reported online share and the measured one that is flagged.
GAP_THRESHOLD = 0.15
SELF_REPORTED_ONLINE_SHARE = "online_dossier_share"


def self_reported_vs_measured(year: int) -> list[dict[str, Any]] | None:
    """Units whose approved self-reported online dossier share for `year` (indicators domain, a percentage) can
    be set against the share measured from their dossier records that year (a fraction). Both as fractions, with
    the gap (reported - measured) and a flag when it exceeds `GAP_THRESHOLD`; largest gap first. None when the
    indicators domain is not installed or nothing is approved for that year."""
    from django.apps import apps

    if not apps.is_installed("dxmonitor.indicators"):
        return None
    from importlib import import_module

    indicators = import_module("dxmonitor.indicators.selectors")
    reported = [r for r in indicators.approved_values(year, indicator=SELF_REPORTED_ONLINE_SHARE)
                if r.value is not None]
    if not reported:
        return None
    measured = {k["unit_code"]: k for k in kpi_by_unit(date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))}
    out = []
    for r in reported:
        value = float(r.value) / 100 if r.value_type == "percent" else float(r.value)
        m = measured.get(r.unit_code)
        real = m["online_share"] if m else None
        gap = value - real if real is not None else None
        out.append({"unit_code": r.unit_code, "unit_name": r.unit_name, "year": year, "reported": value,
                    "measured": real, "received": m["received"] if m else 0, "gap": gap,
                    "flagged": gap is not None and abs(gap) > GAP_THRESHOLD, "approved_by": r.approved_by})
    return sorted(out, key=lambda r: (r["gap"] is None, -abs(r["gap"] or 0)))
