"""`dxmonitor index methodologies|compute|explain|import`: list methodologies, compute an index from a CSV or the database.

`compute` and `explain` with `--values FILE.csv` need no database: the CSV (`unit_code,indicator_code,value`)
replaces it, so a methodology can be checked against published data. Every CSV problem is reported with its
line and column and the exit code 2.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_INPUT = 2
MAX_ERRORS = 50
UNIT_KINDS = {"province": ("province", "city"), "ministry": ("ministry", "ministry_agency", "government_agency")}


def register(sub: Any) -> None:
    p = sub.add_parser("methodologies", help="list the methodology codes (with version and title)")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_methodologies)

    for name, func, text in (("compute", "cmd_compute", "compute an index for a period"),
                             ("explain", "cmd_explain", "explain one unit's score: index -> indicator -> raw value")):
        p = sub.add_parser(name, help=f"{text} (from --values CSV, else the database)")
        p.add_argument("--methodology", required=True, help="methodology code, e.g. dti-province-922")
        p.add_argument("--period", required=True, type=int, help="the year assessed")
        p.add_argument("--values", help="CSV of unit_code,indicator_code,value (replaces the database as input)")
        p.add_argument("--units-on", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                       help="date at which unit codes are read (default: the end of the period, then its start)")
        p.add_argument("--format", choices=["json", "table"], default="table")
        if name == "compute":
            p.add_argument("--intervals", action="store_true", help="add 5-95 %% rank intervals (Monte Carlo)")
            p.add_argument("--draws", type=int, default=2000, help="Monte Carlo draws for --intervals")
            p.add_argument("--seed", type=int, default=1)
        else:
            p.add_argument("--unit", required=True, help="the unit code to explain")
        p.set_defaults(func=globals()[func])

    p = sub.add_parser("import", help="import main-indicator values of a period from a CSV (atomic)")
    p.add_argument("file")
    p.add_argument("--methodology", required=True)
    p.add_argument("--period", required=True, type=int)
    p.set_defaults(func=cmd_import)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_INPUT


def cmd_methodologies(args: argparse.Namespace) -> int:
    from dxmonitor.indices.engine.methodology import MethodologyError, available_methodologies

    try:
        ms = available_methodologies()
    except MethodologyError as exc:
        return _fail(str(exc))
    rows = [{"code": m.code, "version": m.version, "title": m.title, "unit_kind": m.unit_kind,
             "periods": [m.period_from, m.period_to], "assumed": m.is_assumed} for m in ms]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for r in rows:
            mark = " (giả định)" if r["assumed"] else ""
            print(f"{r['code']:<20} {r['version']:<40} {r['title']}{mark}")
    return 0


class CsvError(ValueError):
    """A values CSV that cannot be used; the message names every bad line and column."""


@dataclass
class ValuesCsv:
    values: dict[str, dict[str, float | None]] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)  # unit code -> first line it appears on


def _parse_number(raw: str) -> float | None:
    if not raw:
        return None  # an empty cell is a value not given: the missing-data policy applies
    value = float(raw.replace(",", "."))  # Vietnamese decimal comma accepted
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def read_values_file(path: Path, known_codes: set[str]) -> ValuesCsv:
    """Parse a values CSV; every problem names its line and column (all problems at once, up to 50)."""
    from dxmonitor.core.text import nfc

    try:
        text = nfc(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CsvError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise CsvError(f"{path}: {exc.strerror}") from None
    lines = text.splitlines()
    if not lines:
        raise CsvError(f"{path}: empty file")
    delimiter = ";" if ";" in lines[0] and "," not in lines[0] else ","  # Excel in a VN locale writes ';'
    reader = csv.DictReader(lines, delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in ("unit_code", "indicator_code", "value") if c not in header]
    if missing:
        raise CsvError(f"{path}: line 1: missing columns {', '.join(missing)}")
    out = ValuesCsv()
    errors: list[str] = []
    for n, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # blank line
        unit = (row.get("unit_code") or "").strip()
        code = (row.get("indicator_code") or "").strip()
        raw = (row.get("value") or "").strip()
        if not unit:
            errors.append(f"line {n}, column unit_code: empty")
        if code not in known_codes:
            errors.append(f"line {n}, column indicator_code: unknown indicator '{code}'")
        try:
            value = _parse_number(raw)
        except ValueError:
            errors.append(f"line {n}, column value: '{raw}' is not a number")
            continue
        if unit and code in out.values.get(unit, {}):
            errors.append(f"line {n}: duplicate value for {unit}/{code}")
        if unit:
            out.values.setdefault(unit, {})[code] = value
            out.first_line.setdefault(unit, n)
    if errors:
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise CsvError(f"{path}: " + "; ".join(errors[:MAX_ERRORS]) + more)
    return out


def read_values_csv(path: Path, known_codes: set[str]) -> dict[str, dict[str, float | None]]:
    """{unit_code: {indicator_code: value}} from a CSV; raises CsvError naming lines and columns."""
    return read_values_file(path, known_codes).values


def reference_units(unit_kind: str, period: int, units_on: dt.date | None = None) -> dict[str, tuple[str, str]]:
    """{code: (name, ranking group)} of the units of a kind valid in the period, from the shipped registry.

    The end of the year wins over its start, so in 2025 a code names the merged province.
    """
    from dxmonitor.orgs.reference import iter_units

    kinds = UNIT_KINDS.get(unit_kind, (unit_kind,))
    days = [units_on] if units_on else [dt.date(period, 12, 31), dt.date(period, 1, 1)]
    out: dict[str, tuple[str, str]] = {}
    for day in days:
        for u in iter_units(valid_on=day):
            if u.kind in kinds and u.code not in out:
                out[u.code] = (u.name, u.ranking_group or "")
    return out


@dataclass
class _Inputs:
    values: Mapping[str, Mapping[str, float | None]]
    names: Mapping[str, str]
    groups: Mapping[str, str] | None


def _load_inputs(args: argparse.Namespace, m: Any) -> _Inputs | int:
    if args.values:
        try:
            parsed = read_values_file(Path(args.values), m.codes)
        except CsvError as exc:
            return _fail(str(exc))
        known = reference_units(m.unit_kind, args.period, args.units_on)
        when = args.units_on.isoformat() if args.units_on else str(args.period)
        errors = [f"line {line}, column unit_code: unknown {m.unit_kind} code '{unit}' in {when}"
                  for unit, line in sorted(parsed.first_line.items(), key=lambda kv: kv[1]) if unit not in known]
        if errors:
            return _fail(f"{args.values}: " + "; ".join(errors[:MAX_ERRORS]))
        groups = {u: known[u][1] for u in parsed.values if known[u][1] in m.ranking_groups}
        return _Inputs(parsed.values, {u: known[u][0] for u in parsed.values}, groups)
    from dxmonitor.cli import setup_django

    setup_django()
    from dxmonitor.indices.selectors import load_period_values

    values, names, groups = load_period_values(m.code, args.period)
    if not values:
        return _fail(f"no values for {m.code} in {args.period} in the database")
    return _Inputs(values, names, groups)


def _prepare(args: argparse.Namespace) -> tuple[Any, Any, _Inputs] | int:
    from dxmonitor.indices.engine import InputError, MethodologyError, compute, load_methodology

    try:
        m = load_methodology(args.methodology)
    except MethodologyError as exc:
        return _fail(str(exc))
    inputs = _load_inputs(args, m)
    if isinstance(inputs, int):
        return inputs
    try:
        result = compute(m, inputs.values, inputs.groups)
    except InputError as exc:
        return _fail(str(exc))
    return m, result, inputs


def cmd_compute(args: argparse.Namespace) -> int:
    from dxmonitor.indices.engine import rank_intervals

    prepared = _prepare(args)
    if isinstance(prepared, int):
        return prepared
    m, result, inputs = prepared
    if args.intervals:
        print(f"rank intervals: {args.draws} draws ...", file=sys.stderr)
    intervals = {r.unit: r for r in rank_intervals(result, draws=args.draws, seed=args.seed)} if args.intervals else {}
    rows: list[dict[str, Any]] = []
    for u in sorted(result.units, key=lambda u: (u.group, u.rank or 10**6, u.unit)):
        row: dict[str, Any] = {
            "unit_code": u.unit, "unit_name": inputs.names.get(u.unit, u.unit), "score": u.score, "rank": u.rank,
            "pillars": u.pillars, "group": u.group, "pillar_ranks": u.pillar_ranks,
            "main_indicators": u.main_indicators(m),
        }
        if u.unit in intervals:
            iv = intervals[u.unit]
            row["rank_interval"] = [iv.p05, iv.p95]
            row["rank_most_sensitive_to"] = iv.most_sensitive_indicator
        rows.append(row)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    pillars = list(m.pillars)
    head = f"{'rank':>4}  {'code':<8} {'unit':<28} {'score':>7}" + "".join(f" {p.upper():>7}" for p in pillars)
    if intervals:
        head += "  5-95 %"
    print(head)
    for r in rows:
        score = "" if r["score"] is None else f"{r['score']:.4f}"
        line = f"{r['rank'] or '':>4}  {r['unit_code']:<8} {r['unit_name'][:28]:<28} {score:>7}"
        line += "".join(f" {'' if r['pillars'][p] is None else format(r['pillars'][p], '.4f'):>7}" for p in pillars)
        if "rank_interval" in r:
            line += f"  {r['rank_interval'][0]}-{r['rank_interval'][1]}"
        print(line)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if isinstance(prepared, int):
        return prepared
    _m, result, inputs = prepared
    if args.unit not in result.by_unit():
        return _fail(f"unit '{args.unit}' has no values for {args.methodology} in {args.period}")
    if args.format == "json":
        tree = result.explain_tree(args.unit) | {"unit_name": inputs.names.get(args.unit, args.unit)}
        json.dump(tree, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    u = result.by_unit()[args.unit]
    print(f"{inputs.names.get(args.unit, args.unit)} ({args.unit}): {u.score:.4f}, rank {u.rank} in {u.group}")
    print(f"{'node':<44} {'points':>7} {'raw':>8} {'value':>7} {'contrib':>8}")

    def num(x: float | None, spec: str) -> str:
        return "" if x is None else format(x, spec)

    for r in result.explain(args.unit):
        label = ("  " * r.depth + r.code + (" *" if r.assumed else ""))[:44]
        print(f"{label:<44} {num(r.points, '.4g'):>7} {num(r.raw, '.4f'):>8} {num(r.normalised, '.4f'):>7} "
              f"{num(r.contribution, '.4f'):>8}")
    print("* assumed in the methodology")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from dxmonitor.cli import setup_django

    setup_django()
    from dxmonitor.indices.engine import MethodologyError, load_methodology
    from dxmonitor.indices.services import ImportRejected, values_import

    try:
        m = load_methodology(args.methodology)
    except MethodologyError as exc:
        return _fail(str(exc))
    try:
        values = read_values_csv(Path(args.file), m.codes)
        n = values_import(actor=None, methodology_code=m.code, period=args.period, values=values, source="import",
                          via="cli")
    except (CsvError, ImportRejected) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return EXIT_INPUT
    print(f"imported {n} values for {m.code} {args.period}")
    return 0
