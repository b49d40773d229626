"""`dxmonitor services kpi|generate|ingest|refresh`: dossier records and their KPIs from the shell."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
from pathlib import Path


def _store_dir(args: argparse.Namespace) -> Path:
    if getattr(args, "store", None):
        return Path(args.store)
    if os.environ.get("DXM_EVENTS_DIR"):
        return Path(os.environ["DXM_EVENTS_DIR"])
    from dxmonitor.cli import setup_django

    setup_django()
    from django.conf import settings

    return Path(settings.DXM_EVENTS_DIR)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kpi", help="compute KPIs straight from a file or folder of records (no database)")
    p.add_argument("--events", required=True, help="a Parquet/CSV file or a folder of them")
    p.add_argument("--by", default="unit,month", help="comma-separated: unit, procedure, channel, month|quarter|year")
    p.add_argument("--as-of", help="ISO datetime with offset (default: now)")
    p.add_argument("--format", choices=["json", "table"], default="json")
    p.set_defaults(func=cmd_kpi)

    p = sub.add_parser("generate", help="generate realistic seeded records into an event store folder")
    p.add_argument("--records", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("ingest", help="ingest a CSV or Parquet file of records (all or nothing)")
    p.add_argument("path")
    p.add_argument("--store", help="event store folder (default DXM_EVENTS_DIR or var/events)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("compact", help="keep only the latest snapshot of each dossier in every month partition")
    p.add_argument("--store", help="event store folder (default DXM_EVENTS_DIR or var/events)")
    p.set_defaults(func=cmd_compact)

    p = sub.add_parser("refresh", help="recompute the KPI aggregates the pages read")
    p.add_argument("--full", action="store_true", help="recompute every partition (the default is incremental)")
    p.set_defaults(func=cmd_refresh)


def cmd_kpi(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.kpi import KpiQuery
    from dxmonitor.services.events.runner import find_files, rows_as_json, run_kpis

    try:
        as_of = dt.datetime.fromisoformat(args.as_of) if args.as_of else dt.datetime.now(dt.UTC)
        query = KpiQuery(by=tuple(b.strip() for b in args.by.split(",") if b.strip()), as_of=as_of,
                         kpis=("received", "online_share", "on_time_share", "online_payment_share", "e_result_share",
                               "digitised_share", "satisfaction"))
        files = find_files(Path(args.events))
        table = run_kpis(query, files)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        print(f"error: {args.events}: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    rows = rows_as_json(table)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for r in rows:
            print("  ".join(f"{k}={v}" for k, v in r.items()))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.generator import generate

    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        print(f"generate: {min(done[0], args.records):,}/{args.records:,} records", file=sys.stderr)

    n = generate(args.records, Path(args.out), seed=args.seed, progress=progress)
    print(f"wrote {n:,} records to {args.out}")
    return 0


def read_records_file(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [dict(row) for row in csv.DictReader(fh)]
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def cmd_ingest(args: argparse.Namespace) -> int:
    import pyarrow as pa

    from dxmonitor.services.events.store import EventStore
    from dxmonitor.services.events.validate import MAX_BATCH, BatchRejected, validate_records

    path = Path(args.path)
    try:
        records = read_records_file(path)
        tables = [validate_records(records[i:i + MAX_BATCH], offset=i, batch_id=f"file:{path.name}")
                  for i in range(0, len(records), MAX_BATCH)]
    except (ValueError, OSError) as exc:
        msg = str(exc).replace("record ", "row ") if isinstance(exc, BatchRejected) else str(exc)
        print(f"error: {msg}", file=sys.stderr)
        print("nothing was ingested", file=sys.stderr)
        return 2
    table = pa.concat_tables(tables) if tables else None
    if table is None:
        print("error: no records", file=sys.stderr)
        return 2
    import hashlib

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = EventStore(_store_dir(args)).append(table, batch_id=f"file:{digest}")
    print(f"{path}: {'already ingested' if result.duplicate_batch else f'{result.records:,} records ingested'}")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from dxmonitor.cli import setup_django

    setup_django()
    from dxmonitor.services.services import kpi_refresh

    report = kpi_refresh(actor=None, full=args.full, via="cli")
    print(f"refresh: {report['partitions']} partitions read, {report['rows']} aggregate rows in {report['seconds']:.2f} s")
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.store import EventStore, compact_partition

    store = EventStore(_store_dir(args))
    total_before = total_after = 0
    for folder in store.partitions():
        before, after = compact_partition(folder)
        total_before += before
        total_after += after
        print(f"{folder.name}: {before:,} -> {after:,} records", file=sys.stderr)
    print(f"compacted {total_before:,} records into {total_after:,}")
    return 0
