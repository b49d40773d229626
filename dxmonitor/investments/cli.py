"""`dxmonitor projects ...`: import a unit's project list from Excel, write its template, print signals and the
possible duplicate investment as JSON or a table."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from dxmonitor.cli import setup_django


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import a unit's project list (.xlsx), all or nothing")
    p.add_argument("file", type=Path)
    p.add_argument("--unit", required=True, help="unit key, code or name (valid today)")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("template", help="write a unit's project list template (.xlsx)")
    p.add_argument("--unit", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_template)
    p = sub.add_parser("signals", help="cost, schedule, disbursement, reporting and risk signals of every project")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    p.add_argument("--raised", action="store_true", help="only projects with an amber or red signal")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_signals)
    p = sub.add_parser("duplicates", help="groups of similar projects of different units")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_duplicates)


def _unit(ref: str) -> Any:
    setup_django()
    from dxmonitor.orgs.contracts import UnitNotFound
    from dxmonitor.orgs.selectors import resolve_unit, unit_by_key

    try:
        return unit_by_key(ref) if "@" in ref else resolve_unit(ref)
    except UnitNotFound as exc:
        raise SystemExit(f"--unit: {exc}") from None


def cmd_import(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.investments.excel import ImportErrors, import_workbook

    unit = _unit(args.unit)
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        report = import_workbook(actor=None, unit=unit, content=content, via="cli")
    except ImportErrors as exc:
        for m in exc.messages:
            print(m, file=sys.stderr)
        print(f"{args.file}: nothing imported ({len(exc.messages)} problem(s))", file=sys.stderr)
        return 1
    print(f"{unit.name}: {len(report.created)} created, {len(report.updated)} updated, "
          f"{len(report.rebaselined)} re-baselined")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.investments.excel import template_workbook

    args.out.write_bytes(template_workbook(_unit(args.unit)))
    print(args.out)
    return 0


def cmd_signals(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.investments import selectors
    from dxmonitor.investments.models import Project

    rows = selectors.portfolio(Project.objects.all(), as_of=args.as_of, signal="any" if args.raised else None)
    out: list[dict[str, Any]] = [{"code": r.project.code, "unit": r.project.owner_unit.name, "overall": r.signals.overall,
            "delay_days": r.signals.delay_days,
            "signals": {s.code: {"level": s.level, "value": s.value} for s in r.signals.all}} for r in rows]
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for r in out:
            raised = ", ".join(f"{k}={v['level']}" for k, v in r["signals"].items() if v["level"] in ("amber", "red"))
            print(f"{r['code']:<16} {r['overall']:<6} {r['unit'][:28]:<28} {raised}")
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.investments import selectors

    groups: list[dict[str, Any]] = [{"kind": g.kind, "units": g.units, "total_cost": g.total_cost, "platform": g.platform_code,
               "projects": list(g.codes)} for g, _m in selectors.duplicate_groups()]
    if args.format == "json":
        print(json.dumps(groups, ensure_ascii=False, indent=1))
    else:
        for g in groups:
            print(f"{g['kind']:<11} {g['units']} units {g['total_cost'] / 1e9:>9.1f} bn VND "
                  f"{g['platform'] or '-':<12} {', '.join(g['projects'])}")
    return 0
