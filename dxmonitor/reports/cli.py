"""`dxmonitor report build KIND --period P [--unit CODE] --out FILE.docx`: build a report from the data."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from dxmonitor.cli import setup_django


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build a report (DOCX, and its PDF and XLSX annexes beside it)")
    p.add_argument("kind", choices=["national", "unit", "brief"])
    p.add_argument("--period", required=True, help="2025, 2025-H1, 2025-H2, 2025-Q3 or 2025-07")
    p.add_argument("--unit", help="unit code or name (unit reports)")
    p.add_argument("--out", required=True, help="path of the DOCX to write")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF (LibreOffice)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("schedule", help="enqueue the periodic reports that are due and not archived (run daily)")
    p.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
    p.set_defaults(func=cmd_schedule)


def cmd_build(args: argparse.Namespace) -> int:
    setup_django()
    from dxmonitor.orgs.contracts import UnitNotFound
    from dxmonitor.reports.services import report_build

    try:
        archive = report_build(actor=None, kind=args.kind, period=args.period, unit_code=args.unit,
                               with_pdf=not args.no_pdf, via="cli")
    except (ValueError, UnitNotFound) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with archive.docx.open("rb") as src, out.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    written = [out]
    for field, suffix in ((archive.pdf, ".pdf"), (archive.xlsx, "-phu-luc.xlsx")):
        if field:
            target = out.with_name(out.stem + suffix) if suffix.startswith("-") else out.with_suffix(suffix)
            with field.open("rb") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst)
            written.append(target)
    print(f"{archive.title}\n" + "\n".join(f"  wrote {p}" for p in written)
          + f"\n  {len(archive.figures)} figures; archived as #{archive.pk}")
    if archive.sections_without_data:
        print("  sections without data: " + "; ".join(archive.sections_without_data))
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    setup_django()
    import datetime as dt

    from dxmonitor.reports.tasks_queue import schedule_due

    periods = schedule_due(dt.date.fromisoformat(args.as_of) if args.as_of else None)
    print("enqueued: " + (", ".join(periods) if periods else "nothing (all due reports are archived)"))
    return 0
