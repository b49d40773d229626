"""`dxmonitor tasks scorecard|remind|import`: task batch jobs from the shell."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from dxmonitor.cli import setup_django


def _date(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"error: {field}: '{value}' is not a date YYYY-MM-DD") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scorecard", help="counts per status and on-time rate for each lead unit")
    p.add_argument("--as-of", required=True)
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--against", choices=["original", "current"], default="original")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_scorecard)

    p = sub.add_parser("remind", help="send due reminders, overdue notices and weekly digests (idempotent)")
    p.add_argument("--as-of", help="the day to act for (default: today in Việt Nam)")
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser("import", help="import a directive's task list from the Excel template")
    p.add_argument("file")
    p.add_argument("--directive", type=int, required=True, help="the directive's id")
    p.set_defaults(func=cmd_import)


def cmd_scorecard(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.tasks.selectors import scorecard

    as_of = _date(args.as_of, "--as-of")
    assert as_of is not None
    rows = scorecard(as_of=as_of, date_from=_date(args.date_from, "--from"), date_to=_date(args.date_to, "--to"),
                     against=args.against)
    if args.format == "json":
        keys = ("unit_code", "unit_name", "total", "not_due", "in_progress", "overdue", "completed_on_time",
                "completed_late", "on_time_rate")
        json.dump([{k: r.as_json()[k] for k in keys} for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print(f"{'#':>3} {'unit':<40} {'total':>5} {'notdue':>6} {'prog':>5} {'over':>5} {'ontime':>6} {'late':>5} {'rate':>6}")
    for r in rows:
        rate = "" if r.on_time_rate is None else f"{100 * r.on_time_rate:5.1f}%"
        print(f"{r.rank or '':>3} {r.unit_name[:40]:<40} {r.total:>5} {r.not_due:>6} {r.in_progress:>5} {r.overdue:>5} "
              f"{r.completed_on_time:>6} {r.completed_late:>5} {rate:>6}")
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.core.time import today_vn
    from dxmonitor.tasks.reminders import run_reminders

    report = run_reminders(as_of=_date(args.as_of, "--as-of") or today_vn())
    print(f"reminders: {report.sent} sent, {report.skipped} already sent before")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.tasks.excel import ImportErrors, import_workbook
    from dxmonitor.tasks.models import Directive

    directive = Directive.objects.filter(pk=args.directive).first()
    if directive is None:
        print(f"error: --directive: no directive with id {args.directive}", file=sys.stderr)
        return 2
    from django.contrib.auth import get_user_model

    # The CLI acts as the system on behalf of the secretariat: use the first secretariat account.
    actor = get_user_model().objects.filter(role__in=["secretariat", "admin"], is_active=True).order_by("id").first()
    try:
        n = import_workbook(actor=actor, directive=directive, data=Path(args.file).read_bytes(), via="cli")
    except ImportErrors as exc:
        for message in exc.messages:
            print(f"error: {message}", file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return 2
    print(f"imported {n} tasks into {directive.number}")
    return 0
