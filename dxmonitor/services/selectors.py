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


def kpi_by_unit(*, date_from: dt.date, date_to: dt.date) -> list[dict[str, Any]]:
    qs = KpiAggregate.objects.filter(period__in=_months(date_from, date_to))
    units = sorted(set(qs.values_list("unit_code", flat=True)))
    out = []
    for code in units:
        s = kpi_summary(date_from=date_from, date_to=date_to, unit_code=code)
        if s:
            out.append({"unit_code": code, **s.__dict__})
    return out


def monthly_series(*, unit_code: str | None = None) -> list[dict[str, Any]]:
    qs = KpiAggregate.objects.all()
    if unit_code:
        qs = qs.filter(unit_code=unit_code)
    periods = sorted(set(qs.values_list("period", flat=True)))
    out = []
    for p in periods:
        month = qs.filter(period=p)
        total = month.aggregate(n=Sum("received"))["n"] or 0
        out.append({"period": p, "received": total, "online_share": _weighted(month, "online_share"),
                    "on_time_share": _weighted(month, "on_time_share")})
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
