"""`dxmonitor index methodologies|compute|import`: compute an index from a CSV or from the database."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("methodologies", help="list the methodology codes")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_methodologies)

    p = sub.add_parser("compute", help="compute an index for a period (from --values CSV or the database)")
    p.add_argument("--methodology", required=True)
    p.add_argument("--period", required=True, type=int, help="the year")
    p.add_argument("--values", help="CSV of unit_code,indicator_code,value (replaces the database as input)")
    p.add_argument("--intervals", action="store_true", help="add 5-95 %% rank intervals (Monte Carlo)")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_compute)

    p = sub.add_parser("import", help="import main-indicator values of a period from a CSV (atomic)")
    p.add_argument("file")
    p.add_argument("--methodology", required=True)
    p.add_argument("--period", required=True, type=int)
    p.set_defaults(func=cmd_import)


def cmd_methodologies(args: argparse.Namespace) -> int:
    from dxmonitor.indices.engine.methodology import available_methodologies

    ms = available_methodologies()
    if args.format == "json":
        json.dump([{"code": m.code, "version": m.version, "title": m.title} for m in ms], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for m in ms:
            print(f"{m.code:<22} {m.version:<24} {m.title}")
    return 0


class CsvError(ValueError):
    pass


def read_values_csv(path: Path, known_codes: set[str]) -> dict[str, dict[str, float | None]]:
    """{unit_code: {indicator_code: value}} from a CSV; every problem names its line and column."""
    from dxmonitor.core.text import nfc

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise CsvError(f"{path}: {exc.strerror}") from None
    reader = csv.DictReader(nfc(text).splitlines())
    missing = {"unit_code", "indicator_code", "value"} - set(reader.fieldnames or [])
    if missing:
        raise CsvError(f"{path}: missing columns {', '.join(sorted(missing))}")
    values: dict[str, dict[str, float | None]] = {}
    errors = []
    for n, row in enumerate(reader, start=2):
        unit, code, raw = (row.get("unit_code") or "").strip(), (row.get("indicator_code") or "").strip(), \
            (row.get("value") or "").strip()
        if not unit:
            errors.append(f"line {n}, column unit_code: empty")
        if code not in known_codes:
            errors.append(f"line {n}, column indicator_code: unknown indicator '{code}'")
        try:
            value = float(raw.replace(",", ".")) if raw else None
            if value is not None and not math.isfinite(value):
                raise ValueError
        except ValueError:
            errors.append(f"line {n}, column value: '{raw}' is not a number")
            continue
        if unit and code in values.get(unit, {}):
            errors.append(f"line {n}: duplicate value for {unit}/{code}")
        values.setdefault(unit, {})[code] = value
    if errors:
        raise CsvError("; ".join(errors[:50]))
    return values


def cmd_compute(args: argparse.Namespace) -> int:
    from dxmonitor.indices.engine import compute, load_methodology, rank_intervals
    from dxmonitor.indices.engine.methodology import MethodologyError

    try:
        m = load_methodology(args.methodology)
    except MethodologyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    day = dt.date(args.period, 12, 31)
    if args.values:
        from dxmonitor.orgs.reference import iter_units

        try:
            values = read_values_csv(Path(args.values), m.codes)
        except CsvError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        # Units valid at some time in the year (a year that spans a merger has both generations).
        names = {u.code: u.name for u in iter_units() if u.valid_on(day) or u.valid_on(dt.date(args.period, 1, 1))}
        unknown = sorted(set(values) - set(names))
        if unknown:
            print(f"error: {args.values}: unknown unit codes in {args.period}: {', '.join(unknown)}", file=sys.stderr)
            return 2
        groups = None
    else:
        from dxmonitor.cli import setup_django

        setup_django()
        from dxmonitor.indices.selectors import load_period_values

        values, names, groups = load_period_values(m.code, args.period)
        if not values:
            print(f"error: no values for {m.code} in {args.period} in the database", file=sys.stderr)
            return 2
    result = compute(m, values, groups)
    intervals = {r.unit: r for r in rank_intervals(result, draws=2000)} if args.intervals else {}
    rows: list[dict[str, object]] = []
    for u in sorted(result.units, key=lambda u: (u.rank or 10**6, u.unit)):
        row: dict[str, object] = {"unit_code": u.unit, "unit_name": names.get(u.unit, u.unit), "score": u.score, "rank": u.rank,
               "pillars": u.pillars}
        if u.unit in intervals:
            row["rank_interval"] = [intervals[u.unit].p05, intervals[u.unit].p95]
        rows.append(row)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r in rows:
            print(f"{r['rank'] or '':>3} {r['unit_code']:<8} {r['unit_name']:<30} {r['score']:.4f}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from dxmonitor.cli import setup_django

    setup_django()
    from dxmonitor.indices.engine import load_methodology
    from dxmonitor.indices.services import ImportRejected, values_import

    m = load_methodology(args.methodology)
    try:
        values = read_values_csv(Path(args.file), m.codes)
        n = values_import(actor=None, methodology_code=m.code, period=args.period, values=values, source="import",
                          via="cli")
    except (CsvError, ImportRejected) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return 2
    print(f"imported {n} values for {m.code} {args.period}")
    return 0
