"""`dxmonitor data check FILE.csv (--rules RULES.yaml | --profile NAME)`: score a dataset without a database."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dxmonitor.platforms.quality.engine import DEFAULT_MAX_FAILURES, check_file
from dxmonitor.platforms.quality.reader import UPLOAD_MAX_BYTES
from dxmonitor.platforms.quality.report import QualityReport, rating
from dxmonitor.platforms.quality.rules import DIMENSIONS, QualityInputError, load_profile, load_rules

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check",
        help="score a CSV file: correct, complete, clean, live (đúng, đủ, sạch, sống)",
        description="Score a CSV file against a rule set. Exit 0 when checked (whatever the scores), "
                    "2 on a bad file or bad rules (message on stderr).",
    )
    p.add_argument("file", type=Path, help="the CSV file (UTF-8, with a header line)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--rules", type=Path, help="a rules YAML file")
    which.add_argument("--profile", help="a built-in profile (person)")
    p.add_argument("--as-of", help="the day freshness is measured from, YYYY-MM-DD (default: today, Vietnam time)")
    p.add_argument("--failures", type=Path, help="write every failing row to this CSV "
                   "(row, field, rule, dimension, value, message)")
    p.add_argument("--max-failures", type=int, default=DEFAULT_MAX_FAILURES,
                   help=f"failures listed in the output (default {DEFAULT_MAX_FAILURES}); "
                        "failures_total counts them all")
    p.add_argument("--max-mb", type=float, default=UPLOAD_MAX_BYTES / 1024 / 1024,
                   help="refuse files larger than this many MB (default 50, the upload limit; 0 = no limit)")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_check)


def _progress(quiet: bool) -> Any:
    last = [time.monotonic()]

    def show(rows: int) -> None:
        now = time.monotonic()
        if not quiet and now - last[0] >= 1.0:
            last[0] = now
            print(f"checked {rows:,} rows", file=sys.stderr)

    return show


def cmd_check(args: argparse.Namespace) -> int:
    try:
        if args.max_failures < 0:
            raise QualityInputError("--max-failures must be 0 or more")
        try:
            as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.datetime.now(LOCAL_TZ).date()
        except ValueError:
            raise QualityInputError(f"--as-of '{args.as_of}' is not a date YYYY-MM-DD") from None
        ruleset = load_profile(args.profile) if args.profile else load_rules(args.rules)
        report = check_file(
            args.file, ruleset, as_of=as_of,
            max_bytes=int(args.max_mb * 1024 * 1024) if args.max_mb > 0 else None,
            max_failures=args.max_failures,
            failures_path=args.failures,
            progress=_progress(args.quiet),
        )
    except QualityInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump(report.to_dict(args.max_failures), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_table(report, args.max_failures)
    return 0


def _pct(score: float | None) -> str:
    return "   -  " if score is None else f"{score * 100:5.1f}%"


def print_table(report: QualityReport, max_failures: int) -> None:
    scores = report.scores
    print(f"{report.rows:,} rows, rule set '{report.ruleset}', as of {report.as_of.isoformat()}")
    for dim in (*DIMENSIONS, "overall"):
        print(f"  {dim:<9} {_pct(scores[dim])}  {rating(scores[dim])}")
    print()
    print(f"  {'dimension':<9} {'rule':<36} {'judged':>10} {'failed':>9}  score")
    for r in report.rule_scores:
        print(f"  {r.dimension:<9} {r.rule:<36} {r.judged:>10,} {r.failed:>9,}  {_pct(r.score)}")
    shown = report.failures[:max_failures]
    if shown:
        print()
        print(f"  {'row':>8}  {'rule':<36} message")
        for f in shown:
            print(f"  {f.row:>8}  {f.rule:<36} {f.message}")
    if report.failures_total > len(shown):
        print(f"  ... {report.failures_total - len(shown):,} more failures (write them all with --failures)")
