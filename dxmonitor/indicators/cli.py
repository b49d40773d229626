"""`dxmonitor indicators load-catalogue|catalogue|approved|check-rule`: the indicator catalogue and approved values
from the shell."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent / "catalogue" / "catalogue.yaml"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("load-catalogue", help="create or update indicators and rules from a catalogue YAML file")
    p.add_argument("file", nargs="?", default=str(CATALOGUE), help="catalogue file (default: the shipped one)")
    p.set_defaults(func=cmd_load_catalogue)

    p = sub.add_parser("catalogue", help="list the indicators of the catalogue")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_catalogue)

    p = sub.add_parser("approved", help="approved (final) values of a period")
    p.add_argument("--period", required=True, help="2025, 2025-Q3 or 2025-07")
    p.add_argument("--indicator", action="append", default=[], help="an indicator code (repeatable)")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.set_defaults(func=cmd_approved)

    p = sub.add_parser("check-rule", help="parse a rule expression and evaluate it on name=value pairs")
    p.add_argument("expression")
    p.add_argument("values", nargs="*", help="code=value pairs")
    p.set_defaults(func=cmd_check_rule)


def _read_yaml(path: str) -> dict:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except OSError as exc:
        raise SystemExit(f"error: {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise SystemExit(f"error: {path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise SystemExit(f"error: {path}: expected a mapping with 'indicators' and 'rules'")
    return data


def cmd_load_catalogue(args: argparse.Namespace) -> int:
    data = _read_yaml(args.file)
    from dxmonitor.cli import setup_django

    setup_django()
    from django.core.exceptions import ValidationError

    from dxmonitor.indicators.services import catalogue_load

    try:
        report = catalogue_load(actor=None, data=data, via="cli")
    except ValidationError as exc:
        for message in exc.messages:
            print(f"error: {message}", file=sys.stderr)
        return 1
    print(f"indicators: {report.created} created, {report.updated} updated; rules: {report.rules}")
    return 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    from dxmonitor.cli import setup_django

    setup_django()
    from dxmonitor.indicators.selectors import catalogue

    rows = [{"code": i.code, "name_vi": i.name_vi, "name_en": i.name_en, "group": i.group, "value_type": i.value_type,
             "unit_of_measure": i.unit_of_measure, "periodicity": i.periodicity, "unit_kinds": i.unit_kinds,
             "aggregation": i.aggregation} for i in catalogue()]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for r in rows:
        print(f"{r['code']:<28} {r['group']:<20} {r['value_type']:<8} {r['name_vi']}")
    return 0


def cmd_approved(args: argparse.Namespace) -> int:
    from dxmonitor.cli import setup_django

    setup_django()
    from dxmonitor.indicators.selectors import approved_values

    try:
        records = approved_values(args.period, args.indicator or None)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump([r.as_json() for r in records], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    writer = csv.writer(sys.stdout)
    writer.writerow(["unit_code", "unit_name", "indicator_code", "value", "self_assessed", "reviewed", "approved_by"])
    for r in records:
        writer.writerow([r.unit_code, r.unit_name, r.indicator_code, r.value, r.self_assessed, r.reviewed,
                         r.approved_by])
    return 0


def cmd_check_rule(args: argparse.Namespace) -> int:
    from dxmonitor.indicators.validation import RuleError, parse_number, parse_rule

    try:
        rule = parse_rule(args.expression)
    except RuleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    values: dict[str, float | None] = {}
    for pair in args.values:
        name, _, raw = pair.partition("=")
        try:
            values[name.strip()] = parse_number(raw)
        except ValueError as exc:
            print(f"error: {name}: {exc}", file=sys.stderr)
            return 2
    result = rule.evaluate(values)
    print({True: "holds", False: "broken", None: "not applicable (a value is missing)"}[result])
    return 0 if result is not False else 1
