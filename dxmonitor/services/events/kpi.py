"""KPIs of online public services as typed query objects; one runner renders them to DuckDB SQL.

Rules (simplified from QĐ 766; docs/services-kpi.md lists every simplification):
- a dossier is its record with the latest status_at (ties: the larger record_id);
- it belongs to the period of its received_at in Asia/Ho_Chi_Minh (UTC+7, no daylight saving);
- on time: never when it had 2 or more supplement requests; a finished dossier when finished_at <= due_at;
  an unfinished one when min(period end, as-of) <= due_at; a dossier without due_at is on time;
- a share with a zero denominator is null.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FINISHED = "status = 'finished'"
NOT_FINISHED_FINAL = "status IN ('finished', 'returned', 'rejected', 'withdrawn')"


@dataclass(frozen=True)
class Kpi:
    name: str
    expression: str
    description: str


KPIS: tuple[Kpi, ...] = (
    Kpi("received", "count(*)", "dossiers received in the period"),
    Kpi("online_share", "avg(CASE WHEN channel = 'online' THEN 1.0 ELSE 0.0 END)", "online dossiers / received"),
    Kpi("on_time_share", "avg(CASE WHEN on_time THEN 1.0 ELSE 0.0 END)", "on-time dossiers / received"),
    Kpi("online_payment_share",
        "sum(CASE WHEN coalesce(fee_vnd, 0) > 0 AND coalesce(paid_online, false) THEN 1 ELSE 0 END)::DOUBLE"
        " / nullif(sum(CASE WHEN coalesce(fee_vnd, 0) > 0 THEN 1 ELSE 0 END), 0)",
        "paid online / dossiers with a fee"),
    Kpi("e_result_share",
        f"sum(CASE WHEN {FINISHED} AND coalesce(e_result, false) THEN 1 ELSE 0 END)::DOUBLE"
        f" / nullif(sum(CASE WHEN {FINISHED} THEN 1 ELSE 0 END), 0)",
        "electronic results / finished dossiers"),
    Kpi("digitised_share", "avg(CASE WHEN coalesce(digitised, false) THEN 1.0 ELSE 0.0 END)", "digitised / received"),
    Kpi("reuse_share", "avg(CASE WHEN coalesce(reused_data, false) THEN 1.0 ELSE 0.0 END)", "reused data / received"),
    Kpi("vneid_share", "avg(CASE WHEN coalesce(vneid_authenticated, false) THEN 1.0 ELSE 0.0 END)",
        "VNeID-authenticated / received"),
    Kpi("satisfaction", "avg(rating)", "mean rating of rated dossiers (1-5)"),
    Kpi("avg_processing_days",
        f"avg(CASE WHEN {FINISHED} AND finished_at IS NOT NULL THEN epoch(finished_at - received_at) / 86400.0 END)",
        "mean days from receipt to finish, finished dossiers"),
)
KPI_BY_NAME = {k.name: k for k in KPIS}

PERIOD_EXPR = {
    "month": ("strftime(local_received, '%Y-%m')", "date_trunc('month', local_received) + INTERVAL 1 MONTH"),
    "quarter": ("strftime(local_received, '%Y') || '-Q' || CAST(quarter(local_received) AS VARCHAR)",
                "date_trunc('quarter', local_received) + INTERVAL 3 MONTH"),
    "year": ("strftime(local_received, '%Y')", "date_trunc('year', local_received) + INTERVAL 1 YEAR"),
}
DIMENSIONS = {"unit": "unit_code", "procedure": "procedure_code", "channel": "channel"}


@dataclass(frozen=True)
class KpiQuery:
    """KPIs grouped by some of unit, procedure, channel and one period kind (month, quarter, year)."""

    by: tuple[str, ...] = ("unit", "month")
    kpis: tuple[str, ...] = tuple(k.name for k in KPIS)
    as_of: dt.datetime | None = None

    def __post_init__(self) -> None:
        periods = [b for b in self.by if b in PERIOD_EXPR]
        unknown = [b for b in self.by if b not in PERIOD_EXPR and b not in DIMENSIONS]
        if unknown:
            raise ValueError(f"by: unknown grouping {', '.join(unknown)} (unit, procedure, channel, month, quarter, year)")
        if len(periods) > 1:
            raise ValueError("by: at most one of month, quarter, year")
        missing = [k for k in self.kpis if k not in KPI_BY_NAME]
        if missing:
            raise ValueError(f"kpis: unknown {', '.join(missing)}")
        if self.as_of is not None and self.as_of.tzinfo is None:
            raise ValueError("as_of: a timezone is required")

    @property
    def period(self) -> str:
        return next((b for b in self.by if b in PERIOD_EXPR), "year")

    def to_sql(self, source: str = "records") -> str:
        """One SQL statement over `source` (a relation of raw records) and `unit_map(code, rollup_code)`."""
        label, end = PERIOD_EXPR[self.period]
        as_of = f"TIMESTAMPTZ '{self.as_of.astimezone(dt.UTC).isoformat()}'" if self.as_of else "now()"
        keys = [f"{DIMENSIONS[b]}" for b in self.by if b in DIMENSIONS]
        select_keys = [f"{k}" for k in keys] + (["period"] if any(b in PERIOD_EXPR for b in self.by) else [])
        measures = ",\n  ".join(f"{KPI_BY_NAME[k].expression} AS {k}" for k in self.kpis)
        group = ", ".join(select_keys) if select_keys else "()"
        # The statement is built only from the query object's own validated fields, never from user text.
        return (
            "WITH latest AS (\n"
            f"  SELECT * FROM {source}\n"
            "  QUALIFY row_number() OVER (PARTITION BY dossier_id ORDER BY status_at DESC, record_id DESC) = 1\n"
            "), local AS (\n"
            "  SELECT l.* EXCLUDE (unit_code), coalesce(m.rollup_code, l.unit_code) AS unit_code,\n"
            "         timezone('UTC', l.received_at) + INTERVAL 7 HOUR AS local_received\n"
            "  FROM latest l LEFT JOIN unit_map m ON m.code = l.unit_code\n"
            "), dossiers AS (\n"
            f"  SELECT *, {label} AS period,\n"
            f"         least(timezone('UTC', {as_of}), {end} - INTERVAL 7 HOUR - INTERVAL 1 MICROSECOND) AS cutoff\n"
            "  FROM local\n"
            "), judged AS (\n"
            "  SELECT *, CASE\n"
            "      WHEN coalesce(supplement_requests, 0) >= 2 THEN false\n"
            "      WHEN due_at IS NULL THEN true\n"
            f"      WHEN {FINISHED} AND finished_at IS NOT NULL THEN finished_at <= due_at\n"
            "      ELSE cutoff <= timezone('UTC', due_at)\n"
            "    END AS on_time\n"
            "  FROM dossiers\n"
            ")\n"
            f"SELECT {', '.join(select_keys) + ',' if select_keys else ''}\n  {measures}\n"
            "FROM judged\n"
            f"GROUP BY {group}\n"
            f"ORDER BY {group}"
        )
