"""`dxmonitor tasks extract FILE` and `dxmonitor tasks eval-extraction DIR` (no database needed)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from dxmonitor.tasks.extraction.readers import UnreadableDocument, read_document

__all__ = ["read_document", "register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("extract", help="propose the tasks of a conclusion notice (.txt, .docx, .pdf)")
    p.add_argument("file", help="the notice: .txt, .docx or .pdf with a text layer; - reads standard input")
    p.add_argument("--date", help="the document's date YYYY-MM-DD, used when the text does not state it")
    p.add_argument("--format", choices=["json"], default="json")
    p.set_defaults(func=cmd_extract)

    p = subparsers.add_parser("eval-extraction", help="score the extractor on NN.txt + NN.json gold files")
    p.add_argument("dir", help="folder of gold files NN.json (texts NN.txt beside them, or in --texts)")
    p.add_argument("--texts", help="folder of the texts when they are kept apart from the gold files")
    p.add_argument("--verbose", "-v", action="store_true", help="list each missed, spurious or misdated task")
    p.set_defaults(func=cmd_eval)


def cmd_extract(args: argparse.Namespace) -> int:
    from dxmonitor.tasks.extraction.parser import extract

    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"error: --date {args.date!r} is not a date YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        text = sys.stdin.read() if args.file == "-" else read_document(Path(args.file))
    except UnreadableDocument as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(extract(text, date=date), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from dxmonitor.tasks.extraction.evaluate import evaluate, format_table

    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    report = evaluate(folder, Path(args.texts) if args.texts else None)
    if not report.documents:
        print(f"error: no gold file in {folder} has its text (NN.json with NN.txt)", file=sys.stderr)
        return 2
    print(format_table(report, verbose=args.verbose))
    return 0
