"""`dxmonitor tasks extract FILE` and `dxmonitor tasks eval-extraction DIR` (no database needed)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="propose the tasks of a conclusion notice (.txt, .docx, .pdf)")
    p.add_argument("file")
    p.add_argument("--date", help="the document's date YYYY-MM-DD when the text does not state it")
    p.add_argument("--format", choices=["json"], default="json")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval-extraction", help="score the extractor on NN.txt + NN.json gold files")
    p.add_argument("dir")
    p.add_argument("--texts", help="folder of the texts when they are kept apart from the gold files")
    p.set_defaults(func=cmd_eval)


def read_document(path: Path) -> str:
    if path.suffix.lower() == ".docx":
        from docx import Document

        return "\n".join(p.text for p in Document(str(path)).paragraphs)
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
        if not text.strip():
            raise ValueError(f"{path}: the PDF has no text layer (scan it with OCR first)")
        return text
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def cmd_extract(args: argparse.Namespace) -> int:
    from dxmonitor.tasks.extraction import extract

    try:
        text = read_document(Path(args.file))
        date = dt.date.fromisoformat(args.date) if args.date else None
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(extract(text, date=date), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from dxmonitor.tasks.extraction.evaluate import evaluate, format_table

    score = evaluate(Path(args.dir), Path(args.texts) if args.texts else None)
    print(format_table(score))
    return 0
