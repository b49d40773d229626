"""`dxmonitor services kpi|generate|ingest|refresh|compact|unused`: dossier records and their KPIs from the shell.

None of these needs the database (they work on files and the event store root: `--store`, else env
DXM_EVENTS_DIR, else var/events), except `refresh --db`, which also loads the operational database.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any


def _store_dir(args: argparse.Namespace) -> Path:
    if getattr(args, "store", None):
        return Path(args.store)
    return Path(os.environ.get("DXM_EVENTS_DIR") or "var/events")


def _as_of(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(dt.UTC)
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"--as-of: {text!r} has no UTC offset (e.g. 2026-04-20T00:00:00+07:00)")
    return moment


def register(sub: Any) -> None:
    p = sub.add_parser("kpi", help="compute KPIs straight from a file or folder of records (no database)")
    p.add_argument("--events", required=True, help="a Parquet/CSV file, a folder of them, or an event store")
    p.add_argument("--by", default="unit,month", help="comma-separated: unit, procedure, channel, month|quarter|year")
    p.add_argument("--as-of", help="ISO 8601 time with offset that judges open dossiers (default: now)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--all", action="store_true", help="every KPI and the five 766 group scores, not only the "
                   "contract's columns")
    p.set_defaults(func=cmd_kpi)

    p = sub.add_parser("generate", help="generate realistic seeded records into an event store folder")
    p.add_argument("--records", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--chunk", type=int, default=2_000_000, help="records per committed batch (memory bound)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("ingest", help="ingest a CSV or Parquet file of records (all or nothing)")
    p.add_argument("path")
    p.add_argument("--store", help="event store folder (default DXM_EVENTS_DIR or var/events)")
    p.add_argument("--batch-id", help="default: the file's SHA-256 (the same file twice is a no-op)")
    p.add_argument("--procedures", help="procedure catalogue CSV (column `code`): unknown procedures are errors")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("refresh", help="recompute the KPI aggregates of the days touched since the last run")
    p.add_argument("--full", action="store_true", help="recompute every partition")
    p.add_argument("--store", help="event store folder (default DXM_EVENTS_DIR or var/events)")
    p.add_argument("--as-of", help="ISO 8601 time with offset that judges open dossiers (default: now)")
    p.add_argument("--db", action="store_true", help="also load the aggregates into the operational database")
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("compact", help="keep only the latest snapshot of each dossier in every month partition")
    p.add_argument("--store", help="event store folder (default DXM_EVENTS_DIR or var/events)")
    p.add_argument("--closed-days", type=int, metavar="N",
                   help="only months that ended at least N days before --as-of (a nightly job: closed months only)")
    p.add_argument("--as-of", help="ISO 8601 time with offset for --closed-days (default: now)")
    p.set_defaults(func=cmd_compact)

    p = sub.add_parser("unused", help="procedures offered online but (almost) never used online, per unit")
    p.add_argument("--store", help="event store folder (default DXM_EVENTS_DIR or var/events)")
    p.add_argument("--procedures", help="catalogue CSV (default: the store's _catalogue/procedures.csv)")
    p.add_argument("--from", dest="date_from", help="first month YYYY-MM (default: all)")
    p.add_argument("--to", dest="date_to", help="last month YYYY-MM (default: all)")
    p.add_argument("--threshold", type=int, default=5, help="online dossiers below which a service is unused")
    p.set_defaults(func=cmd_unused)


def _print(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if rows:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def cmd_kpi(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.kpi import CLI_KPIS, KpiQuery
    from dxmonitor.services.events.runner import find_files, rows_as_json, run_kpis
    from dxmonitor.services.events.validate import BatchRejected

    try:
        by = tuple(b.strip() for b in args.by.split(",") if b.strip())
        query = KpiQuery(by=by, kpis=KpiQuery().kpis if args.all else CLI_KPIS, scores=args.all)
        table = run_kpis(query, find_files(Path(args.events)), as_of=_as_of(args.as_of))
    except BatchRejected as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print(rows_as_json(table), args.format)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.generator import generate

    if args.records <= 0:
        print("error: --records must be positive", file=sys.stderr)
        return 2
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        print(f"generate: {done[0]:,} records written", file=sys.stderr, flush=True)

    n = generate(args.records, Path(args.out), seed=args.seed, chunk=args.chunk, progress=progress)
    print(f"wrote {n:,} records to {args.out}")
    return 0


def read_catalogue(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if rows and "code" not in rows[0]:
        raise ValueError(f"{path}: a `code` column is required")
    return rows


def cmd_ingest(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.ingest import ingest_file
    from dxmonitor.services.events.validate import BatchRejected

    path = Path(args.path)
    try:
        procedures = {r["code"] for r in read_catalogue(Path(args.procedures))} if args.procedures else None
        result = ingest_file(path, store=_store_dir(args), batch_id=args.batch_id, procedures=procedures)
    except BatchRejected as exc:
        for line in exc.errors:
            print(f"error: {line}", file=sys.stderr)
        if exc.total > len(exc.errors):
            print(f"error: ... and {exc.total - len(exc.errors)} more", file=sys.stderr)
        print("nothing was ingested", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was ingested", file=sys.stderr)
        return 2
    print(f"{path}: already ingested" if result.duplicate else
          f"{path}: {result.records:,} records ingested ({', '.join(result.months)})")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.refresh import refresh

    try:
        result = refresh(_store_dir(args), full=args.full, as_of=_as_of(args.as_of))
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"refresh{' (full)' if result.full else ''}: {len(result.months)} months, {result.days} days recomputed, "
          f"{result.rows:,} aggregate rows in {result.seconds:.2f} s")
    if args.db:
        from dxmonitor.cli import setup_django

        setup_django()
        from dxmonitor.services.services import kpi_refresh

        report = kpi_refresh(actor=None, full=args.full, via="cli")
        print(f"database: {report['partitions']} partitions loaded, {report['rows']} rows")
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.store import EventStore

    store = EventStore(_store_dir(args))
    total_before = total_after = 0
    if args.closed_days is not None and args.closed_days < 0:
        print("error: --closed-days: must be 0 or more", file=sys.stderr)
        return 2
    last_closed = None
    if args.closed_days is not None:
        try:
            as_of = _as_of(args.as_of)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        # a month is closed when its last day (Việt Nam time) ended at least N days before as-of
        local = (as_of.astimezone(dt.timezone(dt.timedelta(hours=7))) - dt.timedelta(days=args.closed_days)).date()
        last_closed = (local.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    for folder in store.partitions():
        if last_closed is not None and folder.name.split("=", 1)[1] > last_closed:
            continue
        before, after = store.compact(folder)
        total_before += before
        total_after += after
        print(f"{folder.name}: {before:,} -> {after:,} records", file=sys.stderr)
    print(f"compacted {total_before:,} records into {total_after:,}")
    return 0


def cmd_unused(args: argparse.Namespace) -> int:
    from dxmonitor.services.events.refresh import read_output
    from dxmonitor.services.events.unused import offered_but_unused

    store = _store_dir(args)
    catalogue = Path(args.procedures) if args.procedures else store / "_catalogue" / "procedures.csv"
    try:
        rows = read_catalogue(catalogue)
        offered = {r["code"]: r.get("name", "") for r in rows
                   if str(r.get("online_eligible", "true")).strip().lower() in ("true", "1", "yes", "có")}
        use = read_output(store, "procedure_month")
        result = offered_but_unused(use, offered, date_from=args.date_from, date_to=args.date_to,
                                    threshold=args.threshold)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump([r.as_dict() for r in result], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
