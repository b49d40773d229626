"""`dxmonitor data check FILE.csv (--profile NAME | --rules RULES.yaml)`: score a dataset, no database."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="score a CSV file: correct, complete, clean, live")
    p.add_argument("file")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--profile", help="a built-in profile (person)")
    group.add_argument("--rules", help="a rules YAML file")
    p.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
    p.add_argument("--failures", help="write every failing row to this CSV")
    p.add_argument("--max-failures", type=int, default=1000, help="failures listed in the JSON output")
    p.add_argument("--max-mb", type=int, default=None, help="size limit in MB (default: no limit on the CLI)")
    p.add_argument("--format", choices=["json", "table"], default="json")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from dxmonitor.platforms.quality.checker import QualityInputError, check_file, load_profile

    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.datetime.now(dt.UTC).date()
        profile = load_profile(args.profile or args.rules)
        limit = args.max_mb * 1024 * 1024 if args.max_mb else None
        result = check_file(Path(args.file), profile, as_of=as_of, max_bytes=limit,
                            max_failures=max(args.max_failures, 100_000 if args.failures else 0))
    except (QualityInputError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.failures:
        with Path(args.failures).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["row", "field", "rule", "dimension", "value", "message"])
            writer.writeheader()
            writer.writerows(result.failures)
    scores = result.scores(profile)
    if args.format == "json":
        out = {"rows": result.rows, "scores": scores,
               "failures": [{k: f[k] for k in ("row", "field", "rule", "dimension")}
                            for f in result.failures[:args.max_failures]],
               "failures_total": result.failures_total, "rules": result.rule_scores(profile)}
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(f"{result.rows} rows; " + ", ".join(f"{k} {v}" for k, v in scores.items()))
        for r in result.rule_scores(profile):
            print(f"  {r['dimension']:<9} {r['rule']:<40} {r['score']}")
    return 0
