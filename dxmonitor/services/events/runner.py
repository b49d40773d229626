"""Running KPI queries with DuckDB over Parquet or CSV files, with the unit roll-up table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from dxmonitor.services.events.kpi import KpiQuery


def default_unit_map() -> pa.Table:
    """Communes roll up into their province (the hierarchy valid after 2025-07-01)."""
    from dxmonitor.orgs.reference import load_reference

    units, _ = load_reference()
    code_of = {u.key: u.code for u in units}
    rows = [(u.code, code_of[u.parent_key]) for u in units
            if u.kind in ("commune", "ward", "special_zone") and u.parent_key]
    return pa.table({"code": [r[0] for r in rows], "rollup_code": [r[1] for r in rows]})


def _source_sql(paths: Iterable[Path]) -> str:
    files = [str(p).replace("'", "''") for p in paths]  # quoted for SQL string literals
    if not files:
        raise FileNotFoundError("no record files found")
    parquet = [f for f in files if f.endswith(".parquet")]
    csvs = [f for f in files if f.endswith(".csv")]
    parts = []
    if parquet:
        parts.append("SELECT * EXCLUDE (batch_id) FROM read_parquet(["  # noqa: S608 - our own escaped paths
                     + ", ".join(f"'{f}'" for f in parquet)
                     + "], union_by_name = true)")
    if csvs:
        parts.append("SELECT * FROM read_csv(["  # noqa: S608 - our own escaped paths
                     + ", ".join(f"'{f}'" for f in csvs) + "], header = true, "
                     "types = {'unit_code': 'VARCHAR', 'procedure_code': 'VARCHAR', 'record_id': 'VARCHAR', "
                     "'dossier_id': 'VARCHAR', 'received_at': 'TIMESTAMPTZ', 'due_at': 'TIMESTAMPTZ', "
                     "'status_at': 'TIMESTAMPTZ', 'finished_at': 'TIMESTAMPTZ'})")
    return " UNION ALL BY NAME ".join(parts)


def find_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted([*path.rglob("*.parquet"), *path.rglob("*.csv")])


def run_kpis(query: KpiQuery, paths: Iterable[Path], *, unit_map: pa.Table | None = None,
             threads: int | None = None) -> pa.Table:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.register("unit_map", unit_map if unit_map is not None else default_unit_map())
    con.execute(f"CREATE VIEW records AS {_source_sql(paths)}")
    return con.sql(query.to_sql("records")).to_arrow_table()


def rows_as_json(table: pa.Table) -> list[dict]:
    out = []
    for row in table.to_pylist():
        out.append({k: (round(v, 6) if isinstance(v, float) else v.isoformat() if isinstance(v, dt.datetime) else v)
                    for k, v in row.items()})
    return out
