"""`dxmonitor units`, `dxmonitor users`, `dxmonitor tokens`: the units registry and accounts from the shell."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

from dxmonitor.cli import setup_django
from dxmonitor.core.time import today_vn


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("units", help="query or load the units registry")
    p.add_argument("--valid-on", help="units valid on this date (YYYY-MM-DD)")
    p.add_argument("--kind", help="province|commune|ministry|nation|city|ward|special_zone|ministry_agency|...")
    p.add_argument("--successors-of", metavar="NAME_OR_CODE")
    p.add_argument("--predecessors-of", metavar="NAME_OR_CODE")
    p.add_argument("--current-of", metavar="NAME_OR_CODE", help="what the unit is today (or on --valid-on)")
    p.add_argument("--search", metavar="TEXT", help="name look-up ignoring case and diacritics")
    p.add_argument("--load-reference", action="store_true", help="load or refresh the shipped reference data")
    p.add_argument("--import", dest="import_file", metavar="UNITS.csv", help="import units from a CSV file")
    p.add_argument("--lineage", metavar="LINEAGE.csv", help="with --import: lineage links to import")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(func=cmd_units)

    p = sub.add_parser("users", help="create a user")
    p.add_argument("action", choices=["create"])
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--unit", help="unit code, key or name")
    p.add_argument("--full-name", default="")
    p.add_argument("--email", default="")
    p.add_argument("--password", help="read from stdin when omitted")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("tokens", help="create or revoke API tokens for system clients")
    p.add_argument("action", choices=["create", "revoke", "list"])
    p.add_argument("--name")
    p.add_argument("--unit", help="unit code, key or name")
    p.add_argument("--prefix", help="with revoke: the token's prefix")
    p.set_defaults(func=cmd_tokens)


def _date(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"error: {field}: '{value}' is not a date YYYY-MM-DD") from None


def _print_units(units: list, fmt: str) -> None:
    from dxmonitor.orgs.selectors import to_ref

    refs = [to_ref(u).as_json() for u in units]
    if fmt == "json":
        json.dump(refs, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    for r in refs:
        sys.stdout.write(
            f"{r['code']:<8} {r['kind']:<18} {r['name']:<45} {r['valid_from'] or '…':<10} – {r['valid_to'] or '…':<10}"
            f" {r['parent_code'] or ''}\n"
        )
    sys.stdout.write(f"({len(refs)} units)\n")


def _read_import(path: Path, lineage_path: Path | None) -> tuple[list, list]:
    from dxmonitor.core.text import nfc
    from dxmonitor.orgs.reference import LineageRecord, UnitRecord

    units, lineage = [], []
    required = ["key", "code", "name", "kind"]
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise SystemExit(f"error: {path}: missing columns {', '.join(missing)}")
            for n, raw_row in enumerate(reader, start=2):
                row = {k: nfc(v or "").strip() for k, v in raw_row.items() if k}
                try:
                    units.append(UnitRecord(
                        key=row["key"], code=row["code"], name=row["name"], kind=row["kind"],
                        name_en=row.get("name_en", ""),
                        abbreviations=tuple(a for a in row.get("abbreviations", "").split(";") if a),
                        former_names=tuple(a for a in row.get("former_names", "").split(";") if a),
                        valid_from=_date(row.get("valid_from") or None, f"line {n} valid_from"),
                        valid_to=_date(row.get("valid_to") or None, f"line {n} valid_to"),
                        parent_key=row.get("parent_key") or None,
                        ranking_group=row.get("ranking_group", ""),
                    ))
                except KeyError as exc:
                    raise SystemExit(f"error: {path} line {n}: missing value {exc}") from None
        if lineage_path:
            with lineage_path.open(encoding="utf-8-sig", newline="") as fh:
                for n, row in enumerate(csv.DictReader(fh), start=2):
                    try:
                        lineage.append(LineageRecord(
                            predecessor_key=row["predecessor_key"], successor_key=row["successor_key"],
                            event_date=dt.date.fromisoformat(row["event_date"]),
                            event_kind=row.get("event_kind") or "merged", legal_basis=row.get("legal_basis", ""),
                            weight=float(row.get("weight") or 1), note=row.get("note", ""),
                        ))
                    except (KeyError, ValueError) as exc:
                        raise SystemExit(f"error: {lineage_path} line {n}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise SystemExit(f"error: {path}: not UTF-8 text ({exc})") from None
    return units, lineage


def cmd_units(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.orgs import selectors
    from dxmonitor.orgs.contracts import UnitNotFound
    from dxmonitor.orgs.services import ImportRejected, units_import, units_load_reference

    day = _date(args.valid_on, "--valid-on")
    try:
        if args.load_reference:
            report = units_load_reference(actor=None, via="cli")
            print(f"units: {report.created} created, {report.updated} updated, {report.unchanged} unchanged; "
                  f"{report.lineage_links} lineage links")
            return 0
        if args.import_file:
            units, lineage = _read_import(Path(args.import_file), Path(args.lineage) if args.lineage else None)
            try:
                report = units_import(actor=None, units=units, lineage=lineage, via="cli", source=args.import_file)
            except ImportRejected as exc:
                for err in exc.errors:
                    print(f"error: {err}", file=sys.stderr)
                print("nothing was imported", file=sys.stderr)
                return 2
            print(f"units: {report.created} created, {report.updated} updated, {report.unchanged} unchanged")
            return 0
        if args.successors_of:
            unit = selectors.resolve_unit(args.successors_of, on=day)
            _print_units(selectors.successors_of(unit), args.format)
        elif args.predecessors_of:
            unit = selectors.resolve_unit(args.predecessors_of, on=day)
            _print_units(selectors.predecessors_of(unit), args.format)
        elif args.current_of:
            unit = selectors.resolve_unit(args.current_of)
            _print_units(selectors.current_of(unit, on=day), args.format)
        elif args.search:
            _print_units(selectors.search_units(args.search, on=day, kind=args.kind, limit=50), args.format)
        else:
            _print_units(list(selectors.units_valid_on(day or today_vn(), args.kind)), args.format)
    except (UnitNotFound, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from dxmonitor.orgs.selectors import resolve_unit
    from dxmonitor.orgs.services import user_create

    password = args.password or sys.stdin.readline().strip()
    try:
        unit = resolve_unit(args.unit) if args.unit else None
        user = user_create(actor=None, username=args.username, password=password, role=args.role, unit=unit,
                           full_name=args.full_name, email=args.email, via="cli")
    except (ValidationError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"created user {user.username} ({user.role})")
    return 0


def cmd_tokens(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.orgs.models import ApiToken
    from dxmonitor.orgs.selectors import resolve_unit
    from dxmonitor.orgs.services import token_create, token_revoke

    if args.action == "list":
        for t in ApiToken.objects.select_related("unit"):
            state = "revoked" if t.revoked_at else "active"
            print(f"{t.prefix}  {state:<8} {t.unit.code:<6} {t.name}")
        return 0
    if args.action == "create":
        if not args.name or not args.unit:
            print("error: --name and --unit are required", file=sys.stderr)
            return 2
        _, raw = token_create(actor=None, name=args.name, unit=resolve_unit(args.unit), via="cli")
        print(raw)
        print("Store this token now: it is not shown again.", file=sys.stderr)
        return 0
    token = ApiToken.objects.filter(prefix=args.prefix or "").first()
    if token is None:
        print(f"error: no token with prefix '{args.prefix}'", file=sys.stderr)
        return 2
    token_revoke(actor=None, token=token, via="cli")
    print(f"revoked {token.prefix}")
    return 0
