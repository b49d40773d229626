"""Dossier KPI speed: refresh vs one hand-written DuckDB query and vs pandas; incremental refresh; ingest.

Usage: python bench/bench_services.py [--records N] [--pandas-records M]
Targets (issue 6): refresh within 1.25x of the hand-written query; >= 10x faster than pandas; incremental
refresh after ~300,000 records < 1 s; ingest >= 20,000 records/s in batches of 1,000; peak memory < 4 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from dxmonitor.services.events.generator import generate, generate_table
from dxmonitor.services.events.kpi import KpiQuery
from dxmonitor.services.events.runner import default_unit_map, run_kpis
from dxmonitor.services.events.store import EventStore
from dxmonitor.services.events.validate import validate_records

HAND_SQL = """
WITH latest AS (
  SELECT * FROM read_parquet('{glob}') QUALIFY row_number() OVER (PARTITION BY dossier_id ORDER BY status_at DESC) = 1
), d AS (
  SELECT *, coalesce(m.rollup_code, l.unit_code) AS u, strftime(timezone('UTC', received_at) + INTERVAL 7 HOUR, '%Y-%m') AS p,
         date_trunc('month', timezone('UTC', received_at) + INTERVAL 7 HOUR) + INTERVAL 1 MONTH - INTERVAL 7 HOUR AS pe
  FROM latest l LEFT JOIN unit_map m ON m.code = l.unit_code
)
SELECT u, p, count(*), avg((channel = 'online')::INT),
  avg(CASE WHEN coalesce(supplement_requests, 0) >= 2 THEN 0 WHEN due_at IS NULL THEN 1
           WHEN status = 'finished' THEN (finished_at <= due_at)::INT ELSE (least(pe, timezone('UTC', now())) <= timezone('UTC', due_at))::INT END),
  sum((fee_vnd > 0 AND paid_online)::INT) / nullif(sum((fee_vnd > 0)::INT), 0),
  sum((status = 'finished' AND e_result)::INT) / nullif(sum((status = 'finished')::INT), 0),
  avg(digitised::INT), avg(reused_data::INT), avg(vneid_authenticated::INT), avg(rating),
  avg(CASE WHEN status = 'finished' THEN epoch(finished_at - received_at) / 86400 END)
FROM d GROUP BY ALL
"""


def pandas_kpis(files: list[Path]) -> int:
    import pandas as pd

    df = pd.concat([pd.read_parquet(f) for f in files])
    df = df.sort_values(["dossier_id", "status_at"]).drop_duplicates("dossier_id", keep="last")
    df["period"] = (df["received_at"] + pd.Timedelta(hours=7)).dt.strftime("%Y-%m")
    df["online"] = df["channel"] == "online"
    df["on_time"] = (df["supplement_requests"].fillna(0) < 2) & (
        df["due_at"].isna() | ((df["status"] == "finished") & (df["finished_at"] <= df["due_at"])))
    df["fee"] = df["fee_vnd"].fillna(0) > 0
    df["paid"] = df["fee"] & df["paid_online"].fillna(False)
    out = df.groupby(["unit_code", "period"]).agg(received=("dossier_id", "size"), online=("online", "mean"),
                                                  on_time=("on_time", "mean"), paid=("paid", "sum"), fee=("fee", "sum"),
                                                  digitised=("digitised", "mean"), rating=("rating", "mean"))
    return len(out)


def timed(fn, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=5_000_000)
    ap.add_argument("--pandas-records", type=int, default=1_000_000)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="dxm-bench-"))
    try:
        store = EventStore(root / "store")
        t0 = time.perf_counter()
        n = generate(args.records, store.root, seed=11, chunk=1_000_000)
        print(f"generated {n:,} records in {time.perf_counter() - t0:.1f} s ({len(store.files())} files)")
        files = store.files()
        unit_map = default_unit_map()
        query = KpiQuery(by=("unit", "month"))
        t_ours = timed(lambda: run_kpis(query, files, unit_map=unit_map))
        con = duckdb.connect()
        con.register("unit_map", unit_map)
        t_hand = timed(lambda: con.sql(HAND_SQL.format(glob=str(store.root / "month=*" / "*.parquet"))).fetchall())
        print(f"refresh {n:,} records: {t_ours:.2f} s; hand-written DuckDB SQL {t_hand:.2f} s; "
              f"ratio {t_ours / t_hand:.2f} (target <= 1.25)")

        small = EventStore(root / "small")
        generate(args.pandas_records, small.root, seed=12, chunk=1_000_000)
        t_small_ours = timed(lambda: run_kpis(query, small.files(), unit_map=unit_map))
        t_pandas = timed(lambda: pandas_kpis(small.files()), repeat=1)
        print(f"pandas on {args.pandas_records:,}: {t_pandas:.2f} s; ours on the same {t_small_ours:.2f} s; "
              f"ours is {t_pandas / t_small_ours:.1f}x faster (target >= 10x)")

        day = generate_table(390_000, seed=13, start=dt.date(2026, 12, 1), days=1)
        store.append(day, batch_id="one-day")
        part = sorted(p for p in store.partitions() if p.name == "month=2026-12")
        t_inc = timed(lambda: run_kpis(query, list(part[0].glob("*.parquet")), unit_map=unit_map))
        print(f"incremental refresh after one day ({day.num_rows:,} records): {t_inc:.2f} s (target < 1 s, "
              f"ratio {t_inc:.2f})")

        records = generate_table(60_000, seed=14).to_pylist()
        for r in records:
            for k in ("received_at", "due_at", "status_at", "finished_at"):
                r[k] = r[k].isoformat() if r[k] else None
            r.pop("batch_id")
        ingest = EventStore(root / "ingest")
        t0 = time.perf_counter()
        for i in range(0, len(records), 1000):
            ingest.append(validate_records(records[i:i + 1000]), batch_id=f"b{i}")
        t_ingest = time.perf_counter() - t0
        rate = len(records) / t_ingest
        print(f"ingest (validate + durable write, batches of 1,000): {rate:,.0f} records/s (target 20,000; "
              f"ratio {rate / 20_000:.2f})")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
        print(f"peak memory: {peak:.2f} GB (target < 4 GB)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
