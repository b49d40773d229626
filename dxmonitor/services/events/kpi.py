"""KPIs of online public services as typed query objects, rendered to SQL for DuckDB or Spark from one definition.

Rules (simplified from QĐ 766; docs/services-kpi.md lists every simplification):
- a dossier is its record with the latest status_at (exact ties: `Dialect.tie_break`);
- it belongs to the period of its received_at in Asia/Ho_Chi_Minh (UTC+7 all year);
- on time: never with 2 or more supplement requests; a closed dossier (finished, returned, rejected, withdrawn,
  with finished_at) when finished_at <= due_at; an open one when min(period end, as-of) <= due_at; one without
  due_at is on time;
- a share with a zero denominator is null; 766 group scores use P = Pmax if R >= T else R * Pmax / T.

Every KPI is a numerator and a denominator summed over dossiers. The SQL is built in two stages, both from
the same definitions: partial sums per group (what the refresh stores, additive over days and units) and the
final ratios (what pages and the CLI show).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

VN = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")
PeriodKind = Literal["month", "quarter", "year"]
PERIODS: tuple[PeriodKind, ...] = ("month", "quarter", "year")
#: grouping name -> output column
DIMENSIONS = {"unit": "unit_code", "procedure": "procedure_code", "channel": "channel"}
CLOSED = "status IN ('finished', 'returned', 'rejected', 'withdrawn') AND finished_at IS NOT NULL"


@dataclass(frozen=True)
class Kpi:
    """One KPI: `numerator` and `denominator` are names of per-dossier columns (0/1 flags or a value).

    kind "count": the number of dossiers; "share": sum(numerator) / sum(denominator); "mean": the mean of
    the numerator value over dossiers where the denominator flag is 1. A denominator of None means all
    dossiers received. A zero denominator gives null.
    """

    name: str
    kind: Literal["count", "share", "mean"]
    numerator: str | None
    denominator: str | None
    description: str


#: Per-dossier columns the KPIs are built from (dialect-neutral SQL over the latest snapshot).
DOSSIER_COLUMNS: dict[str, str] = {
    "is_online": "CASE WHEN channel = 'online' THEN 1 ELSE 0 END",
    "is_in_person": "CASE WHEN channel = 'in_person' THEN 1 ELSE 0 END",
    "is_postal": "CASE WHEN channel = 'postal' THEN 1 ELSE 0 END",
    "is_finished": "CASE WHEN status = 'finished' THEN 1 ELSE 0 END",
    "has_fee": "CASE WHEN coalesce(fee_vnd, 0) > 0 THEN 1 ELSE 0 END",
    "paid_fee_online": "CASE WHEN coalesce(fee_vnd, 0) > 0 AND coalesce(paid_online, false) THEN 1 ELSE 0 END",
    "e_result_finished": "CASE WHEN status = 'finished' AND coalesce(e_result, false) THEN 1 ELSE 0 END",
    "is_digitised": "CASE WHEN coalesce(digitised, false) THEN 1 ELSE 0 END",
    "is_reused": "CASE WHEN coalesce(reused_data, false) THEN 1 ELSE 0 END",
    "is_vneid": "CASE WHEN coalesce(vneid_authenticated, false) THEN 1 ELSE 0 END",
    "is_rated": "CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END",
    "rating_value": "CAST(rating AS DOUBLE)",
    "is_low_rated": "CASE WHEN rating <= 2 THEN 1 ELSE 0 END",
    "is_finished_timed": "CASE WHEN status = 'finished' AND finished_at IS NOT NULL THEN 1 ELSE 0 END",
}

KPIS: tuple[Kpi, ...] = (
    Kpi("received", "count", None, None, "dossiers received in the period"),
    Kpi("online_share", "share", "is_online", None, "channel online / received"),
    Kpi("in_person_share", "share", "is_in_person", None, "channel in person / received"),
    Kpi("postal_share", "share", "is_postal", None, "channel postal / received"),
    Kpi("on_time_share", "share", "on_time", None, "on-time dossiers / received (766 indicator 2.1)"),
    Kpi("online_payment_share", "share", "paid_fee_online", "has_fee", "paid online / dossiers with fee_vnd > 0"),
    Kpi("e_result_share", "share", "e_result_finished", "is_finished", "electronic results / finished dossiers"),
    Kpi("digitised_share", "share", "is_digitised", None, "digitised / received"),
    Kpi("reuse_share", "share", "is_reused", None, "reused data / received"),
    Kpi("vneid_share", "share", "is_vneid", None, "VNeID-authenticated / received"),
    Kpi("satisfaction", "mean", "rating_value", "is_rated", "mean rating (1-5) of rated dossiers"),
    Kpi("low_rating_share", "share", "is_low_rated", None, "dossiers rated 1 or 2 / received"),
    Kpi("avg_processing_days", "mean", "processing_days", "is_finished_timed",
        "mean days from receipt to finish, finished dossiers"),
)
KPI_BY_NAME = {k.name: k for k in KPIS}
CLI_KPIS = ("received", "online_share", "on_time_share", "online_payment_share", "e_result_share", "digitised_share",
            "satisfaction")


@dataclass(frozen=True)
class Indicator:
    """A 766 indicator measured here: a ratio (SQL over the KPI columns), its points and target if the facts
    give one (threshold rule), else points are proportional."""

    code: str
    ratio: str
    points: float
    target: float | None = None


@dataclass(frozen=True)
class GroupScore:
    """One 766 group. Its score is the points of its measurable indicators, scaled to the group's maximum;
    null when none is measurable (docs/services-kpi.md)."""

    name: str
    title: str
    points: int
    indicators: tuple[Indicator, ...]


GROUP_SCORES: tuple[GroupScore, ...] = (
    GroupScore("score_transparency", "Công khai, minh bạch", 18, ()),
    GroupScore("score_progress", "Tiến độ, kết quả giải quyết", 20, (Indicator("2.1", "on_time_share", 20),)),
    GroupScore("score_online", "Cung cấp dịch vụ trực tuyến", 22, (
        Indicator("3.3", "online_share", 12, 0.5),
        Indicator("3.6", "online_payment_share", 10),
    )),
    GroupScore("score_digitisation", "Số hóa hồ sơ", 22, (
        Indicator("4.1", "e_result_share", 6),
        Indicator("4.2", "digitised_share", 4, 0.8),
        Indicator("4.3", "reuse_share", 2, 0.8),
        Indicator("4.5b", "vneid_share", 2),
    )),
    GroupScore("score_satisfaction", "Mức độ hài lòng", 18, (
        Indicator("5.4", "greatest(0.0, on_time_share - low_rating_share)", 6, 0.9),
    )),
)
SCORE_NAMES = (*tuple(g.name for g in GROUP_SCORES), "score_766")


@dataclass(frozen=True)
class KpiQuery:
    """KPIs grouped by some of unit, procedure, channel and at most one period kind (month, quarter, year).

    `as_of` judges open dossiers (default: the time the runner starts). `scores` adds the five 766 group
    scores and their sum.
    """

    by: tuple[str, ...] = ("unit", "month")
    kpis: tuple[str, ...] = tuple(k.name for k in KPIS)
    as_of: dt.datetime | None = None
    scores: bool = False

    def __post_init__(self) -> None:
        unknown = [b for b in self.by if b not in PERIODS and b not in DIMENSIONS]
        if unknown:
            raise ValueError(f"by: unknown grouping {', '.join(unknown)} (unit, procedure, channel, month, quarter, "
                             "year)")
        if len([b for b in self.by if b in PERIODS]) > 1:
            raise ValueError("by: at most one of month, quarter, year")
        if len(set(self.by)) != len(self.by):
            raise ValueError("by: a grouping is repeated")
        missing = [k for k in self.kpis if k not in KPI_BY_NAME]
        if missing:
            raise ValueError(f"kpis: unknown {', '.join(missing)} (known: {', '.join(KPI_BY_NAME)})")
        if self.as_of is not None and self.as_of.tzinfo is None:
            raise ValueError("as_of: a time zone offset is required")

    @property
    def period(self) -> PeriodKind | None:
        found = next((b for b in self.by if b in PERIODS), None)
        return cast("PeriodKind | None", found)

    @property
    def keys(self) -> tuple[str, ...]:
        """Output key columns, in the order of `by`."""
        return tuple("period" if b in PERIODS else DIMENSIONS[b] for b in self.by)

    def with_as_of(self, as_of: dt.datetime) -> KpiQuery:
        return KpiQuery(by=self.by, kpis=self.kpis, as_of=self.as_of or as_of, scores=self.scores)

    def to_sql(self, source: str = "records", *, dialect: Dialect | None = None, unit_map: str = "unit_map") -> str:
        return render(self, source, dialect=dialect or DUCKDB, unit_map=unit_map)


# --- dialects -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """The few expressions DuckDB and Spark SQL spell differently; everything else is shared SQL."""

    name: str
    string_type: str
    local_template: str  # a UTC instant column -> naive Việt Nam wall-clock time
    month_label: str
    quarter_label: str
    year_label: str
    period_end: dict[str, str] = field(default_factory=dict)  # kind -> exclusive end of the period (naive local)
    timestamp_literal: str = "TIMESTAMP '{}'"
    micros: str = "epoch_us({})"
    #: Among snapshots of a dossier with the same status_at (to the microsecond), the one with the larger value
    #: of this is its state. Resent copies of one record tie and are identical, so any rule gives the same
    #: figures; distinct records tying is a sender's error, settled here deterministically per engine.
    tie_break: str = "record_id"

    @property
    def latest_order(self) -> str:
        """The ORDER BY of a dossier's snapshots, its state first."""
        return f"status_at DESC, {self.tie_break} DESC"

    def local(self, column: str) -> str:
        return self.local_template.format(column)

    def label(self, kind: PeriodKind, x: str) -> str:
        template = {"month": self.month_label, "quarter": self.quarter_label, "year": self.year_label}[kind]
        return template.format(x=x)

    def end(self, kind: PeriodKind, x: str) -> str:
        return self.period_end[kind].format(x=x)

    def literal(self, moment: dt.datetime) -> str:
        local = moment.astimezone(VN).replace(tzinfo=None)
        return self.timestamp_literal.format(local.isoformat(sep=" ", timespec="microseconds"))


DUCKDB = Dialect(
    name="duckdb",
    string_type="VARCHAR",
    local_template="(CAST({} AS TIMESTAMP) + INTERVAL 7 HOUR)",
    month_label="strftime({x}, '%Y-%m')",
    quarter_label="concat(CAST(year({x}) AS VARCHAR), '-Q', CAST(quarter({x}) AS VARCHAR))",
    year_label="CAST(year({x}) AS VARCHAR)",
    period_end={"month": "(date_trunc('month', {x}) + INTERVAL 1 MONTH)",
                "quarter": "(date_trunc('quarter', {x}) + INTERVAL 3 MONTH)",
                "year": "(date_trunc('year', {x}) + INTERVAL 1 YEAR)"},
    timestamp_literal="TIMESTAMP '{}'",
    micros="epoch_us({})",
    tie_break="hash(record_id)",
)

SPARK = Dialect(
    name="spark",
    string_type="STRING",
    local_template="(CAST({} AS TIMESTAMP_NTZ) + INTERVAL 7 HOURS)",
    month_label="date_format({x}, 'yyyy-MM')",
    quarter_label="concat(CAST(year({x}) AS STRING), '-Q', CAST(quarter({x}) AS STRING))",
    year_label="CAST(year({x}) AS STRING)",
    period_end={"month": "CAST(add_months(trunc({x}, 'MM'), 1) AS TIMESTAMP_NTZ)",
                "quarter": "CAST(add_months(trunc({x}, 'QUARTER'), 3) AS TIMESTAMP_NTZ)",
                "year": "CAST(add_months(trunc({x}, 'YEAR'), 12) AS TIMESTAMP_NTZ)"},
    timestamp_literal="TIMESTAMP_NTZ '{}'",
    micros="unix_micros({})",
)


# --- rendering ------------------------------------------------------------------------------------------------


def on_time_sql(dialect: Dialect, kind: PeriodKind | None, as_of: dt.datetime, local_received: str) -> str:
    """1 when the dossier is on time judged at the end of its `kind` period (or at as-of), else 0."""
    as_of_sql = dialect.literal(as_of)
    cutoff = f"least({dialect.end(kind, local_received)}, {as_of_sql})" if kind else as_of_sql
    return (
        "CASE WHEN coalesce(supplement_requests, 0) >= 2 THEN 0"
        " WHEN due_at IS NULL THEN 1"
        f" WHEN {CLOSED} THEN CASE WHEN finished_at <= due_at THEN 1 ELSE 0 END"
        f" WHEN {cutoff} <= {dialect.local('due_at')} THEN 1 ELSE 0 END"
    )


def dossier_columns_sql(dialect: Dialect) -> list[str]:
    cols = [f"{expr} AS {name}" for name, expr in DOSSIER_COLUMNS.items()]
    seconds = f"({dialect.micros.format('finished_at')} - {dialect.micros.format('received_at')}) / 86400000000.0"
    cols.append(f"CASE WHEN status = 'finished' AND finished_at IS NOT NULL THEN {seconds} END AS processing_days")
    return cols


def partial_columns(on_time_columns: Sequence[str] = ("on_time",)) -> list[tuple[str, str]]:
    """(output name, SQL aggregate) of the additive partial sums, from the KPI definitions."""
    out: list[tuple[str, str]] = []
    for k in KPIS:
        if k.kind == "count":
            out.append((k.name, "count(*)"))
            continue
        den = f"sum({k.denominator})" if k.denominator else "count(*)"
        if k.numerator == "on_time":
            for col in on_time_columns:
                suffix = "" if col == "on_time" else col.removeprefix("on_time")
                out.append((f"{k.name}{suffix}__num", f"sum({col})"))
        elif k.kind == "mean":
            out.append((f"{k.name}__num", f"sum(CASE WHEN {k.denominator} = 1 THEN {k.numerator} END)"))
        else:
            out.append((f"{k.name}__num", f"sum({k.numerator})"))
        out.append((f"{k.name}__den", den))
    return out


PARTIAL_NAMES = tuple(name for name, _ in partial_columns())


def final_sql(query: KpiQuery, source: str) -> str:
    """The final stage: sum the partials of `source` by the query's keys and divide (null on zero)."""
    keys = list(query.keys)
    measures = []
    for name in query.kpis:
        k = KPI_BY_NAME[name]
        if k.kind == "count":
            measures.append(f"CAST(sum({name}) AS BIGINT) AS {name}")
        else:
            measures.append(f"CAST(sum({name}__num) AS DOUBLE) / nullif(sum({name}__den), 0) AS {name}")
    inner_needed = set(query.kpis)
    if query.scores:
        for g in GROUP_SCORES:
            for ind in g.indicators:
                inner_needed.update(n for n in KPI_BY_NAME if n in ind.ratio)
        measures += [f"CAST(sum({n}__num) AS DOUBLE) / nullif(sum({n}__den), 0) AS {n}"
                     for n in sorted(inner_needed - set(query.kpis)) if KPI_BY_NAME[n].kind != "count"]
    select_keys = ", ".join(keys) + (",\n  " if keys else "  ")
    group = f"GROUP BY {', '.join(keys)}\n" if keys else ""
    order = f"ORDER BY {', '.join(keys)}" if keys else ""
    body = f"SELECT {select_keys}{(',' + chr(10) + '  ').join(measures)}\nFROM {source}\n{group}"
    if not query.scores:
        return body + order
    shown = ", ".join([*keys, *query.kpis, *score_sql()])
    return f"SELECT {shown}\nFROM (\n{body}) AS finals\n{order}"


def _points(ind: Indicator) -> str:
    r = f"({ind.ratio})"
    if ind.target is None:
        return f"{r} * {ind.points}"
    return f"CASE WHEN {r} >= {ind.target} THEN {float(ind.points)} ELSE {r} * {ind.points} / {ind.target} END"


def score_sql() -> list[str]:
    """The 766 group scores over the final ratio columns: measurable points scaled to the group maximum."""
    out = []
    for g in GROUP_SCORES:
        if not g.indicators:
            out.append(f"CAST(NULL AS DOUBLE) AS {g.name}")
            continue
        got = " + ".join(f"coalesce({_points(i)}, 0.0)" for i in g.indicators)
        possible = " + ".join(f"CASE WHEN ({i.ratio}) IS NULL THEN 0.0 ELSE {float(i.points)} END"
                              for i in g.indicators)
        out.append(f"({got}) * {g.points} / nullif({possible}, 0.0) AS {g.name}")
    # The total is re-derived from the same expressions (a SELECT cannot refer to its own aliases portably).
    parts = [expr.rsplit(" AS ", 1)[0] for expr in out if not expr.startswith("CAST(NULL")]
    total = " + ".join(f"coalesce({p}, 0.0)" for p in parts)
    out.append(f"{total} AS score_766")
    return out


def latest_sql(source: str, *, dialect: Dialect = DUCKDB, where: str = "") -> str:
    """The SELECT keeping each dossier's latest snapshot (its state) from `source`, filtered by `where`.

    DuckDB finds it without sorting: a hash aggregation picks, per dossier, the `rowref` (a number the caller gives
    every physical record: file index << 32 | row, see `runner.numbered_records_sql`) of its latest snapshot, and
    the records are filtered to those rows; a window carrying whole records through a sort took twice as long.
    Spark, which has no such row numbers here, ranks with a window.
    """
    filtered = f"{source}{' WHERE ' + where if where else ''}"
    if dialect is DUCKDB:
        return (f"  SELECT * FROM {source} WHERE {where + ' AND ' if where else ''}rowref IN (\n"
                f"    SELECT arg_max(rowref, {latest_key_sql()}) FROM {filtered} GROUP BY dossier_id)\n")
    return ("  SELECT * FROM (\n"
            f"    SELECT *, row_number() OVER (PARTITION BY dossier_id ORDER BY {dialect.latest_order}) AS rn__\n"
            f"    FROM {filtered}\n"
            "  ) AS ranked WHERE rn__ = 1\n")


def render(query: KpiQuery, source: str = "records", *, dialect: Dialect = DUCKDB, unit_map: str = "unit_map") -> str:
    """One SQL statement computing the query's KPIs straight from raw records in `source`.

    `unit_map(code, ancestor_code, valid_from, valid_to)` rolls a unit into its ancestors valid on the
    receipt day; a unit not in the map stays itself. The statement is built only from the query object's
    validated fields and constants, never from user text.
    """
    if query.as_of is None:
        raise ValueError("as_of: the runner must fix it before rendering")
    local = "local_received"
    keys = []
    for b in query.by:
        if b == "unit":
            keys.append("coalesce(m.ancestor_code, d.unit_code) AS unit_code")
        elif b in DIMENSIONS:
            keys.append(f"d.{DIMENSIONS[b]}")
        else:
            keys.append(f"{dialect.label(b, local)} AS period")  # type: ignore[arg-type]
    join = ""
    if "unit" in query.by:
        day = f"CAST({local} AS DATE)"
        join = (f"\n  LEFT JOIN {unit_map} m ON m.code = d.unit_code"
                f"\n    AND (m.valid_from IS NULL OR m.valid_from <= {day})"
                f"\n    AND (m.valid_to IS NULL OR {day} <= m.valid_to)")
    flags = ",\n    ".join([*keys, *dossier_columns_sql(dialect),
                            f"{on_time_sql(dialect, query.period, query.as_of, local)} AS on_time"])
    partials = ",\n    ".join(f"{expr} AS {name}" for name, expr in partial_columns())
    group = f"\n  GROUP BY {', '.join(query.keys)}" if query.keys else ""
    key_list = ", ".join(query.keys) + ", " if query.keys else ""
    return (
        "WITH latest AS (\n"
        f"{latest_sql(source, dialect=dialect)}"
        "), located AS (\n"
        f"  SELECT *, {dialect.local('received_at')} AS {local} FROM latest\n"
        "), flagged AS (\n"
        f"  SELECT\n    {flags}\n"
        f"  FROM located d{join}\n"
        "), partials AS (\n"
        f"  SELECT {key_list}\n    {partials}\n"
        f"  FROM flagged{group}\n"
        ")\n"
        + final_sql(query, "partials")
    )


# --- refresh slices: partial sums per unit and day, additive over days and units ------------------------------

ON_TIME_VARIANTS = ("on_time_month", "on_time_quarter", "on_time_year", "on_time_asof")
SLICE_GRAINS = {
    "unit": ("unit_code", "day"),  # the unit as sent: roll-ups happen when reading; channels are KPI shares
    "procedure": ("group_unit", "procedure_code", "day"),  # the unit rolled up once, to keep the slices small
}


#: Microseconds in an hour and a day, and Việt Nam's offset (UTC+7 all year), for integer day arithmetic.
_HOUR_US, _DAY_US = 3_600_000_000, 86_400_000_000
_VN_US = 7 * _HOUR_US
#: The calendar the refresh joins on: every day from 1900 to 2199 with the end of its month, quarter and year.
_CALENDAR_DAYS = (dt.date(1900, 1, 1), dt.date(2200, 1, 1))


def latest_key_sql() -> str:
    """One orderable DuckDB value per snapshot giving the order of `DUCKDB.tie_break`: status_at in the high 64
    bits, the tie-break in the low 64, so that `arg_max(x, key)` is a cheap hash aggregate (a struct key costs a
    third more time)."""
    return f"((CAST(epoch_us(status_at) AS HUGEINT) << 64) + {DUCKDB.tie_break})"


#: Packed sums: several 0/1 flags are summed as one BIGINT, each in its own lane of `LANE_BITS` bits, which
#: is exact while a group holds fewer than `PACK_LIMIT` dossiers (the refresh checks, and recomputes unpacked
#: otherwise). A hash aggregation's cost grows with its number of sums; this halves it.
LANE_BITS, LANES = 21, 3
PACK_LIMIT = 1 << LANE_BITS


def _packed(partials: Sequence[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """(aggregates, unpacking expressions) for the partial sums: `sum(flag)` of 0/1 flags go into packed lanes,
    other aggregates (counts, sums of values) stay as they are."""
    flags = list(dict.fromkeys(m[1] for _, expr in partials if (m := re.fullmatch(r"sum\((\w+)\)", expr))))
    where = {flag: divmod(i, LANES) for i, flag in enumerate(flags)}
    aggregates = []
    for i in range(0, len(flags), LANES):
        lanes = " + ".join(f"(CAST({f} AS BIGINT) << {LANE_BITS * j})" for j, f in enumerate(flags[i:i + LANES]))
        aggregates.append(f"sum({lanes}) AS pack{i // LANES}")
    unpack = []
    for name, expr in partials:
        if m := re.fullmatch(r"sum\((\w+)\)", expr):
            pack, lane = where[m[1]]
            unpack.append(f"CAST((pack{pack} >> {LANE_BITS * lane}) & {PACK_LIMIT - 1} AS HUGEINT) AS {name}")
        else:
            aggregates.append(f"{expr} AS {name}")
            unpack.append(name)
    return aggregates, unpack


def render_slices(as_of: dt.datetime, source: str = "records", *, unit_map: str = "unit_map", where: str = "",
                  deduplicated: bool = False, packed: bool = True) -> str:
    """Partial sums of every KPI per (unit, day) and per (rolled-up unit, procedure, day) in one statement
    (DuckDB: the refresh runs only there; Spark runs the raw-record queries of `render`).

    The latest snapshot of each dossier is found by `latest_sql` (so `source` numbers its records in `rowref`).
    `deduplicated` says that `source` already holds one record per dossier (a compacted partition), so that
    step is left out and `rowref` is not needed.

    On-time is judged four ways (at the end of the receipt month, quarter, year, and at as-of) so that any
    period can be summed from days. The ends of periods come from a calendar joined on the receipt day, and
    every comparison is between UTC instants in microseconds (Việt Nam keeps UTC+7 all year), which is the
    rule of `on_time_sql` without per-record calendar arithmetic. `unit_map` must give each unit at most one
    ancestor on a given day. `packed` sums the 0/1 flags in lanes (`PACK_LIMIT`); the columns and their types
    are the same either way.
    """
    as_of_us = int(as_of.timestamp() * 1_000_000)
    never = "9223372036854775807"  # a due time no cutoff passes: on time whatever the period
    first, last = ((d - dt.date(1970, 1, 1)).days for d in _CALENDAR_DAYS)
    ends = {kind: f"least(epoch_us(CAST({DUCKDB.end(kind, 'CAST(x.day AS TIMESTAMP)')} AS TIMESTAMP)) - {_VN_US}, "
                  f"{as_of_us})" for kind in PERIODS}
    cutoffs = ",\n    ".join(f"{expr} AS cutoff_{kind}" for kind, expr in ends.items())
    due_us = ("CASE WHEN coalesce(supplement_requests, 0) >= 2 THEN NULL"
              f" WHEN due_at IS NULL THEN {never}"
              f" WHEN {CLOSED} THEN CASE WHEN finished_at <= due_at THEN {never} END"
              " ELSE epoch_us(due_at) END")
    on_time = [f"CAST(coalesce(c.cutoff_{kind} <= d.due_us, false) AS INTEGER) AS on_time_{kind}" for kind in PERIODS]
    on_time.append(f"CAST(coalesce({as_of_us} <= d.due_us, false) AS INTEGER) AS on_time_asof")
    flags = ",\n    ".join(["d.unit_code", "coalesce(m.ancestor_code, d.unit_code) AS group_unit", "d.procedure_code",
                            "d.day", *dossier_columns_sql(DUCKDB), *on_time])
    sums = partial_columns(ON_TIME_VARIANTS)
    aggregates, unpack = _packed(sums) if packed else ([f"{expr} AS {name}" for name, expr in sums], [n for n, _ in sums])
    partials = ",\n  ".join(aggregates)
    sets = ", ".join(f"({', '.join(cols)})" for cols in SLICE_GRAINS.values())
    filtered = f"{source}{' WHERE ' + where if where else ''}"
    latest = f"  SELECT * FROM {filtered}\n" if deduplicated else latest_sql(source, where=where)
    return (
        "WITH latest AS (\n"
        f"{latest}"
        "), calendar AS (\n"
        f"  SELECT n AS day_number,\n    {cutoffs}\n"
        f"  FROM (SELECT CAST(n AS INTEGER) AS n, CAST(DATE '1970-01-01' + CAST(n AS INTEGER) AS DATE) AS day\n"
        f"        FROM range({first}, {last}) AS t(n)) AS x\n"
        "), located AS (\n"
        f"  SELECT *, CAST((epoch_us(received_at) + {_VN_US}) // {_DAY_US} AS INTEGER) AS day_number,\n"
        f"    CAST(DATE '1970-01-01' + CAST((epoch_us(received_at) + {_VN_US}) // {_DAY_US} AS INTEGER) AS DATE) AS day,\n"
        f"    {due_us} AS due_us\n"
        "  FROM latest\n"
        "), flagged AS (\n"
        f"  SELECT\n    {flags}\n"
        "  FROM located d\n"
        "  LEFT JOIN calendar c ON c.day_number = d.day_number\n"
        f"  LEFT JOIN {unit_map} m ON m.code = d.unit_code\n"
        "    AND (m.valid_from IS NULL OR m.valid_from <= d.day)\n"
        "    AND (m.valid_to IS NULL OR d.day <= m.valid_to)\n"
        "), sliced AS (\n"
        f"SELECT CASE WHEN grouping(unit_code) = 0 THEN 'unit' ELSE 'procedure' END AS grain,\n"
        f"  unit_code, group_unit, procedure_code, day,\n  {partials}\n"
        "FROM flagged\n"
        f"GROUP BY GROUPING SETS ({sets})\n"
        ")\n"
        f"SELECT grain, unit_code, group_unit, procedure_code, day,\n  {(',' + chr(10) + '  ').join(unpack)}\nFROM sliced\n"
        "ORDER BY day"  # the refresh writes one file a day: sorted here, it cuts the result without a copy
    )


def render_from_slices(query: KpiQuery, source: str, *, dialect: Dialect = DUCKDB, unit_map: str = "unit_map") -> str:
    """The query's KPIs summed from refresh slices (`grain`, unit_code, group_unit, procedure_code, day).

    With `procedure` in `by`, the unit is the one the slices were rolled up to; otherwise the unit as sent,
    rolled up now through `unit_map` (any number of ancestors).
    """
    by_procedure = "procedure" in query.by
    on_time = f"on_time_share_{query.period or 'asof'}__num"
    keys = []
    for b in query.by:
        if b == "unit":
            keys.append("s.group_unit AS unit_code" if by_procedure else
                        "coalesce(m.ancestor_code, s.unit_code) AS unit_code")
        elif b in DIMENSIONS:
            if b == "channel":
                raise ValueError("by: channel needs the raw records (`services kpi`); slices carry channel shares")
            keys.append(f"s.{DIMENSIONS[b]}")
        else:
            keys.append(f"{dialect.label(b, 's.day')} AS period")  # type: ignore[arg-type]
    sums = [n for n in PARTIAL_NAMES if not n.startswith("on_time_share")] + ["on_time_share__den"]
    cols = ",\n    ".join([*keys, *(f"s.{n}" for n in sums), f"s.{on_time} AS on_time_share__num"])
    join = ""
    if "unit" in query.by and not by_procedure:
        join = (f"\n  LEFT JOIN {unit_map} m ON m.code = s.unit_code"
                "\n    AND (m.valid_from IS NULL OR m.valid_from <= s.day)"
                "\n    AND (m.valid_to IS NULL OR s.day <= m.valid_to)")
    grain = "procedure" if by_procedure else "unit"
    rows = f"(\n  SELECT\n    {cols}\n  FROM {source} s{join}\n  WHERE s.grain = '{grain}'\n) AS sliced"
    return final_sql(query, rows)
