"""`dxmonitor data registry|record`: load the platform and database registry, and score a dataset of a database
keeping the run in its quality history (`data check` scores a file without the database)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from dxmonitor.cli import setup_django


def register(sub: Any) -> None:
    p = sub.add_parser("registry", help="load platforms, shared databases and exchanges from a YAML file")
    p.add_argument("file", type=Path, nargs="?", help="default: the registry shipped with dxmonitor")
    p.set_defaults(func=cmd_registry)
    p = sub.add_parser("record", help="score a CSV dataset of a database and keep the run in its quality history")
    p.add_argument("file", type=Path)
    p.add_argument("--database", required=True, help="the database code, e.g. CSDLQG-DC")
    p.add_argument("--rules", type=Path, help="rules YAML (default: the database's own rules or profile)")
    p.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_record)


def cmd_registry(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from dxmonitor.platforms.services import DATA_DIR, registry_load

    path = args.file or DATA_DIR / "registry.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        counts = registry_load(actor=None, data=data or {}, via="cli")
    except (OSError, yaml.YAMLError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        for where, messages in exc.message_dict.items():
            print(f"{path}: {where}: {'; '.join(messages)}", file=sys.stderr)
        return 1
    print(", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from dxmonitor.platforms.models import SharedDatabase
    from dxmonitor.platforms.services import quality_check

    db = SharedDatabase.objects.select_related("owner_unit").filter(code=args.database).first()
    if db is None:
        print(f"--database: no database {args.database}", file=sys.stderr)
        return 2
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
        rules = args.rules.read_text(encoding="utf-8") if args.rules else None
        with args.file.open("rb") as stream:
            run = quality_check(actor=None, database=db, stream=stream, file_name=args.file.name,
                                rules_text=rules, as_of=as_of, via="cli")
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        for where, messages in exc.message_dict.items():
            print(f"{where}: {'; '.join(messages)}", file=sys.stderr)
        return 2
    scores = run.scores
    if args.format == "json":
        print(json.dumps({"run": run.pk, "database": db.code, "rows": run.rows, "scores": scores,
                          "failures_total": run.failures_total}, ensure_ascii=False))
    else:
        print(f"{db.code}: {run.rows:,} rows; " + ", ".join(
            f"{k} {'-' if v is None else f'{v * 100:.1f}%'}" for k, v in scores.items()))
    return 0
