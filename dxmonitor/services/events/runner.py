"""The DuckDB runner of KPI query objects over Parquet or CSV record files, with the unit roll-up table."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from dxmonitor.services.events.kpi import DUCKDB, KpiQuery

UNIT_MAP_SCHEMA = pa.schema([("code", pa.string()), ("ancestor_code", pa.string()), ("valid_from", pa.date32()),
                             ("valid_to", pa.date32())])


@functools.cache
def _reference_unit_map(include_self: bool, include_nation: bool) -> pa.Table:
    from dxmonitor.orgs.reference import load_reference

    units, _ = load_reference()
    by_key = {u.key: u for u in units}
    rows: list[tuple[str, str, dt.date | None, dt.date | None]] = []
    for u in units:
        if u.kind in ("commune", "ward", "special_zone") and u.parent_key in by_key:
            rows.append((u.code, by_key[u.parent_key].code, u.valid_from, u.valid_to))
            if include_self:
                rows.append((u.code, u.code, u.valid_from, u.valid_to))
        if include_nation and u.kind in ("province", "city", "commune", "ward", "special_zone"):
            rows.append((u.code, "VN", u.valid_from, u.valid_to))
            if include_self and u.kind in ("province", "city"):
                rows.append((u.code, u.code, u.valid_from, u.valid_to))
    return pa.Table.from_pylist([dict(zip(UNIT_MAP_SCHEMA.names, r, strict=True)) for r in rows],
                                schema=UNIT_MAP_SCHEMA)


def default_unit_map(*, include_self: bool = False, include_nation: bool = False) -> pa.Table:
    """child code -> ancestor codes valid in a date range, from `dxmonitor.orgs.reference`.

    By default communes, wards and special zones roll up into their province (the two-level government in
    force since 2025-07-01). `include_self` also keeps each commune as its own group; `include_nation` adds
    the whole country as 'VN'. Units absent from the map (provinces, ministries) stay themselves.
    """
    return _reference_unit_map(include_self, include_nation)


def unit_map_table(rows: pa.Table | Iterable[tuple[str, str]] | None) -> pa.Table:
    """Accept the map as an Arrow table (code, ancestor_code[, valid_from, valid_to]; `rollup_code` is an
    older name of ancestor_code) or pairs; None is the default map."""
    if rows is None:
        return default_unit_map()
    if isinstance(rows, pa.Table):
        table = rows
    else:
        pairs = list(rows)
        table = pa.table({"code": [p[0] for p in pairs], "ancestor_code": [p[1] for p in pairs]})
    if "rollup_code" in table.column_names and "ancestor_code" not in table.column_names:
        table = table.rename_columns(["ancestor_code" if c == "rollup_code" else c for c in table.column_names])
    cols = [table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
            for f in UNIT_MAP_SCHEMA]
    return pa.Table.from_arrays(cols, schema=UNIT_MAP_SCHEMA)


def no_unit_map() -> pa.Table:
    return UNIT_MAP_SCHEMA.empty_table()


def connect(*, threads: int | None = None, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")  # a value from our own callers, not user text
    return con


def _quoted(paths: Iterable[Path]) -> str:
    return ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)


def _is_store_parquet(path: Path) -> bool:
    schema = pq.read_schema(path)
    return "received_at" in schema.names and pa.types.is_timestamp(schema.field("received_at").type) and \
        schema.field("received_at").type.tz is not None


def numbered_records_sql(files: Sequence[Path]) -> str:
    """A SELECT of every record of the Parquet `files`, each numbered by its place: `rowref` = file index << 32 |
    row, which the latest-snapshot step (`kpi.latest_sql`) keeps or drops without sorting whole records."""
    return "\nUNION ALL BY NAME ".join(
        f"SELECT (CAST({i} AS BIGINT) << 32) + file_row_number AS rowref, * EXCLUDE (file_row_number) "  # noqa: S608 - our own escaped paths
        f"FROM read_parquet([{_quoted([f])}], file_row_number = true)" for i, f in enumerate(files))


def register_records(con: duckdb.DuckDBPyConnection, paths: Sequence[Path], name: str = "records") -> None:
    """Make `name` a view of every record in `paths`, numbered (`numbered_records_sql`): store-shaped Parquet is
    read in place (in parallel, column-pruned); CSV and other Parquet go through the same validation as an
    ingest."""
    if not paths:
        raise FileNotFoundError("no record files found")
    direct = [p for p in paths if p.suffix == ".parquet" and _is_store_parquet(p)]
    other = [p for p in paths if p not in direct]
    parts = []
    if direct:
        parts.append(numbered_records_sql(direct))
    if other:
        from dxmonitor.services.events.ingest import read_file
        from dxmonitor.services.events.store import conform
        from dxmonitor.services.events.validate import validate_table

        tables = [conform(validate_table(read_file(p), label=f"{p.name} row", base=1)) for p in other]
        validated = pa.concat_tables(tables)
        rowref = pa.array(range(len(direct) << 32, (len(direct) << 32) + validated.num_rows), pa.int64())
        con.register(f"{name}__validated", validated.append_column("rowref", rowref))
        parts.append(f"SELECT * FROM {name}__validated")  # noqa: S608 - a name from our callers
    con.execute(f"CREATE OR REPLACE VIEW {name} AS " + " UNION ALL BY NAME ".join(parts))


def find_files(path: Path) -> list[Path]:
    """Record files under `path`: an event store's visible files, or every .parquet/.csv below a folder."""
    if path.is_file():
        return [path]
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    if (path / "_batches").is_dir():
        from dxmonitor.services.events.store import EventStore

        return EventStore(path).files()
    return sorted(p for p in [*path.rglob("*.parquet"), *path.rglob("*.csv")]
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(path).parts))


def run_kpis(query: KpiQuery, paths: Iterable[Path], *, unit_map: pa.Table | None = None,
             threads: int | None = None, as_of: dt.datetime | None = None) -> pa.Table:
    """Compute a KPI query straight from record files with DuckDB; one row per group."""
    con = connect(threads=threads)
    con.register("unit_map", unit_map_table(unit_map) if "unit" in query.by else no_unit_map())
    register_records(con, list(paths))
    query = query.with_as_of(as_of or dt.datetime.now(dt.UTC))
    return con.sql(query.to_sql("records", dialect=DUCKDB)).to_arrow_table()


def rows_as_json(table: pa.Table, digits: int = 6) -> list[dict[str, Any]]:
    out = []
    for row in table.to_pylist():
        out.append({k: (round(v, digits) if isinstance(v, float) else v.isoformat()
                        if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items()})
    return out
