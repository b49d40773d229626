"""Full and incremental refresh of KPI aggregates from the event store, as Parquet the Django side loads.

The refresh keeps "slices": partial sums of every KPI per unit and day (and per rolled-up unit, procedure and
day), one file a day in `_aggregates/slices/month=YYYY-MM/day=YYYY-MM-DD.parquet`. Sums over days are exact,
so a month, quarter or year is summed from slices. An incremental run reads only the days that files added
or removed since the last run cover (Parquet statistics give each file's receipt range; files are sorted by
received_at in small row groups, so DuckDB skips the rest), replaces those days' files, and rewrites the
month outputs `_aggregates/unit_month/` and `_aggregates/procedure_month/` of the touched months only.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dxmonitor.services.events.kpi import DUCKDB, KPIS, PACK_LIMIT, KpiQuery, render_from_slices, render_slices
from dxmonitor.services.events.runner import connect, default_unit_map, numbered_records_sql, unit_map_table
from dxmonitor.services.events.store import EventStore, fsync_dir, write_bytes_atomic

STATE_VERSION = 1
VN = dt.timedelta(hours=7)


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh did: the months whose outputs were rewritten (load those into the database)."""

    full: bool
    months: tuple[str, ...]
    days: int
    rows: int
    seconds: float
    as_of: dt.datetime

    @property
    def partitions(self) -> int:
        return len(self.months)


def _agg_dir(store: EventStore) -> Path:
    return store.root / "_aggregates"


def _load_state(store: EventStore) -> dict:
    path = _agg_dir(store) / "state.json"
    if not path.exists():
        return {"version": STATE_VERSION, "files": {}}
    state = json.loads(path.read_text(encoding="utf-8"))
    return state if state.get("version") == STATE_VERSION else {"version": STATE_VERSION, "files": {}}


def _day_range(path: Path) -> tuple[str, str]:
    """First and last receipt day (Việt Nam) of a file, from its Parquet statistics (no data read)."""
    meta = pq.ParquetFile(path).metadata
    col = meta.schema.to_arrow_schema().get_field_index("received_at")
    lo: dt.datetime | None = None
    hi: dt.datetime | None = None
    for g in range(meta.num_row_groups):
        stats = meta.row_group(g).column(col).statistics
        if stats is None or not stats.has_min_max:
            table = pq.read_table(path, columns=["received_at"])
            lo, hi = pc.min(table["received_at"]).as_py(), pc.max(table["received_at"]).as_py()
            break
        lo = stats.min if lo is None else min(lo, stats.min)
        hi = stats.max if hi is None else max(hi, stats.max)
    if lo is None or hi is None:
        return "", ""
    return (lo + VN).date().isoformat(), (hi + VN).date().isoformat()


def _listing(paths: Sequence[Path]) -> str:
    return ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)


def _slice_files(store: EventStore) -> list[Path]:
    return sorted((_agg_dir(store) / "slices").glob("month=*/day=*.parquet"))


def _write_table(table: pa.Table, final: Path) -> None:
    import os
    import uuid

    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".tmp-{uuid.uuid4().hex}.part"
    try:
        pq.write_table(table, tmp, compression="snappy")
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(final.parent)


def _by_day(slices: pa.Table) -> list[tuple[str, pa.Table]]:
    """The slices cut into one table per day: sorted by day (unless they come sorted, as `render_slices` gives
    them), then zero-copy runs (not one filter per day)."""
    if not slices.num_rows:
        return []
    ordered = slices.combine_chunks()
    days = ordered["day"].chunk(0)
    if len(days) > 1 and not pc.all(pc.less_equal(days[:-1], days[1:])).as_py():
        ordered = ordered.sort_by("day").combine_chunks()
    runs = pc.run_end_encode(ordered["day"].chunk(0))
    out: list[tuple[str, pa.Table]] = []
    start = 0
    for end, day in zip(runs.run_ends.to_pylist(), runs.values.to_pylist(), strict=True):
        out.append((day.isoformat(), ordered.slice(start, end - start)))
        start = end
    return out


def _check_single_ancestor(unit_map: pa.Table) -> None:
    import duckdb

    con = duckdb.connect()
    con.register("m", unit_map)
    clash = con.sql("SELECT a.code FROM m a JOIN m b ON a.code = b.code AND a.ancestor_code < b.ancestor_code "
                    "AND coalesce(a.valid_from, DATE '0001-01-01') <= coalesce(b.valid_to, DATE '9999-12-31') "
                    "AND coalesce(b.valid_from, DATE '0001-01-01') <= coalesce(a.valid_to, DATE '9999-12-31') "
                    "LIMIT 1").fetchall()
    if clash:
        raise ValueError(f"unit_map: unit {clash[0][0]} has two ancestors at once; the refresh needs at most one "
                         "(roll further up when reading: aggregates(..., unit_map=...))")


def refresh(store: EventStore | Path | str, *, full: bool = False, as_of: dt.datetime | None = None,
            unit_map: pa.Table | None = None, threads: int | None = None, memory_limit: str | None = None,
            ) -> RefreshResult:
    """Recompute slices of the days touched since the last run (all with `full`) and the touched months'
    outputs. Safe to interrupt: every file is replaced atomically and the state is saved last."""
    started = time.perf_counter()
    store = store if isinstance(store, EventStore) else EventStore(store)
    as_of = as_of or dt.datetime.now(dt.UTC)
    umap = unit_map_table(unit_map) if unit_map is not None else default_unit_map()
    _check_single_ancestor(umap)
    state: dict[str, Any] = {"version": STATE_VERSION, "files": {}} if full else _load_state(store)
    known: dict[str, list] = state["files"]
    current: dict[str, list] = {}
    touched: dict[str, set[str]] = {}  # month -> days (ISO) to recompute; "*" for all
    for part in store.partitions():
        month = part.name.split("=", 1)[1]
        for f in store.files(part):
            rel = f"{part.name}/{f.name}"
            st = f.stat()
            entry = known.get(rel)
            if entry and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
                current[rel] = entry
                continue
            lo, hi = _day_range(f)
            current[rel] = [st.st_size, st.st_mtime_ns, lo, hi]
            touched.setdefault(month, set()).update({lo, hi} if lo else set())
        if full and month not in touched:
            touched[month] = set()
    for rel, entry in known.items():
        if rel not in current and len(entry) == 4 and entry[2]:
            touched.setdefault(rel.split("/", 1)[0].split("=", 1)[1], set()).update({entry[2], entry[3]})
    con = connect(threads=threads, memory_limit=memory_limit)
    # Two grouping sets are aggregated side by side from one stream; DuckDB's rewrite into a materialised
    # common table and two aggregations is about a tenth slower here (bench/bench_services.py).
    con.execute("SET disabled_optimizers = 'grouping_sets'")
    con.register("unit_map", umap)
    agg = _agg_dir(store)
    rows = days = 0
    # Day files are written by one background thread while the next month is read (Parquet encoding and the
    # query each use the CPU the other leaves idle); every write is waited for before the state is saved.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="slices") as writer:
        pending: list[Future[None]] = []
        for month, bounds in sorted(touched.items()):
            rows_month, days_month = _refresh_month(con, store, agg, month, bounds, full, as_of, writer, pending)
            rows += rows_month
            days += days_month
        for future in pending:
            future.result()
    state = {"version": STATE_VERSION, "files": current, "as_of": as_of.isoformat()}
    agg.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(json.dumps(state).encode(), agg / "state.json")
    return RefreshResult(full, tuple(sorted(touched)), days, rows, time.perf_counter() - started, as_of)


def _refresh_month(con: Any, store: EventStore, agg: Path, month: str, bounds: set[str], full: bool,
                   as_of: dt.datetime, writer: ThreadPoolExecutor, pending: list[Future[None]]) -> tuple[int, int]:
    """Recompute one month's touched days (all with `full`), write them, and the month's outputs; returns
    (output rows, days written)."""
    part = store.root / f"month={month}"
    files = store.files(part) if part.is_dir() else []
    month_dir = agg / "slices" / f"month={month}"
    (agg / "slices" / f"month={month}.parquet").unlink(missing_ok=True)  # the one-file layout of before
    lo_day, hi_day = (min(bounds), max(bounds)) if bounds and not full else (None, None)
    fresh = None
    if files:
        fresh = _month_slices(con, files, lo_day, hi_day, as_of)
    # The days read are replaced whole, one file a day, each swapped atomically; days read that no longer hold
    # any record lose their file.
    existing = {p.stem.split("=", 1)[1]: p for p in month_dir.glob("day=*.parquet")} if month_dir.is_dir() else {}
    written: set[str] = set()
    mine: list[Future[None]] = []
    if fresh is not None and fresh.num_rows:
        for day, table in _by_day(fresh):
            mine.append(writer.submit(_write_table, table, month_dir / f"day={day}.parquet"))
            written.add(day)
    pending.extend(mine)
    kept = set(written)
    for day, old in existing.items():
        if day not in written and (lo_day is None or lo_day <= day <= (hi_day or day)):
            old.unlink()
        elif day not in written:
            kept.add(day)
    if not kept:
        if month_dir.is_dir():
            month_dir.rmdir()
        for name in ("unit_month", "procedure_month"):
            (agg / name / f"month={month}.parquet").unlink(missing_ok=True)
        return 0, 0
    if fresh is not None and kept == written:
        merged = fresh  # every day of the month was just read: its slices are all in hand
    else:
        for future in mine:
            future.result()
        paths = [month_dir / f"day={day}.parquet" for day in sorted(kept)]
        merged = con.sql(f"SELECT * FROM read_parquet([{_listing(paths)}])").to_arrow_table()  # noqa: S608 - our own escaped paths
    return _write_month_outputs(con, merged, agg, month, as_of), len(written)


def _receipt_bounds(lo_day: str | None, hi_day: str | None) -> str:
    """A filter on the UTC receipt time for local days [lo_day, hi_day] (either end open), so that Parquet
    statistics prune row groups."""
    parts = []
    if lo_day:
        parts.append(f"received_at >= TIMESTAMPTZ '{(dt.datetime.fromisoformat(lo_day) - VN).isoformat()}+00:00'")
    if hi_day:
        end = dt.datetime.fromisoformat(hi_day) + dt.timedelta(days=1) - VN
        parts.append(f"received_at < TIMESTAMPTZ '{end.isoformat()}+00:00'")
    return " AND ".join(parts)


def _records_view(con: Any, files: Sequence[Path]) -> None:
    con.execute(f"CREATE OR REPLACE VIEW records AS {numbered_records_sql(files)}")


def _month_slices(con: Any, files: Sequence[Path], lo_day: str | None, hi_day: str | None,
                  as_of: dt.datetime) -> pa.Table:
    """Slices of the given days of one month (all of it when none are given), in one statement. A dossier's
    snapshots all fall in its receipt month, so the month alone settles its latest snapshot; a dossier whose
    receipt time was corrected to another day counts once, on its latest snapshot's day."""
    where = _receipt_bounds(lo_day, hi_day)
    deduplicated = len(files) == 1 and files[0].name.startswith("c-")  # a compacted partition alone
    _records_view(con, files)
    table = con.sql(render_slices(as_of, "records", where=where, deduplicated=deduplicated)).to_arrow_table()
    if table.num_rows and pc.max(table["received"]).as_py() >= PACK_LIMIT:  # a lane may have overflowed
        table = con.sql(render_slices(as_of, "records", where=where, deduplicated=deduplicated, packed=False)
                        ).to_arrow_table()
    return table


MONTH_OUTPUTS = {
    "unit_month": KpiQuery(by=("unit", "month"), scores=True),
    "procedure_month": KpiQuery(by=("unit", "procedure", "month"),
                                kpis=("received", "online_share", "on_time_share", "satisfaction")),
}


def _write_month_outputs(con: object, slices: pa.Table, agg: Path, month: str, as_of: dt.datetime) -> int:
    con.register("slices_month", slices)  # type: ignore[attr-defined]
    n = 0
    for name, query in MONTH_OUTPUTS.items():
        sql = render_from_slices(query.with_as_of(as_of), "slices_month", dialect=DUCKDB)
        table = con.sql(sql).to_arrow_table()  # type: ignore[attr-defined]
        if "received" in table.column_names and name == "procedure_month":
            online = pc.round(pc.multiply(table["online_share"], pc.cast(table["received"], pa.float64())))
            table = table.append_column("online", pc.cast(online, pa.int64()))
        _write_table(table, agg / name / f"month={month}.parquet")
        n += table.num_rows
    return n


def read_output(store: EventStore | Path | str, name: str = "unit_month",
                months: Sequence[str] | None = None) -> pa.Table:
    """The month outputs of the last refresh (all months, or those given), for loading into the database."""
    store = store if isinstance(store, EventStore) else EventStore(store)
    folder = _agg_dir(store) / name
    paths = sorted(folder.glob("month=*.parquet"))
    if months is not None:
        paths = [p for p in paths if p.stem.split("=", 1)[1] in set(months)]
    if not paths:
        query = MONTH_OUTPUTS[name]
        return pa.table({k: pa.array([], pa.string()) for k in query.keys})
    return pa.concat_tables([pq.read_table(p) for p in paths])


def aggregates(store: EventStore | Path | str, query: KpiQuery, *, unit_map: pa.Table | None = None,
               as_of: dt.datetime | None = None) -> pa.Table:
    """Any KPI query answered from the refresh slices (fast: no raw records read). `as_of` only labels the
    query; on-time of open dossiers is as judged at the last refresh."""
    store = store if isinstance(store, EventStore) else EventStore(store)
    paths = _slice_files(store)
    if not paths:
        raise FileNotFoundError(f"{store.root}: no refreshed aggregates; run `dxmonitor services refresh` first")
    con = connect()
    con.register("unit_map", unit_map_table(unit_map))
    con.execute(f"CREATE VIEW slices AS SELECT * FROM read_parquet([{_listing(paths)}])")  # noqa: S608 - our own escaped paths
    sql = render_from_slices(query.with_as_of(as_of or dt.datetime.now(dt.UTC)), "slices", dialect=DUCKDB)
    return con.sql(sql).to_arrow_table()


KPI_NAMES = tuple(k.name for k in KPIS)
