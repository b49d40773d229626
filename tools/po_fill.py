"""Fill msgstr entries of a .po file from a JSON dictionary {msgid: msgstr} (used when adding UI strings).

Usage: python tools/po_fill.py PO_FILE TRANSLATIONS.json [--check]
With --check, exit 1 and list every msgid that has no translation (make lint runs this).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'^msgid "(.*)"$')


def _unescape(s: str) -> str:
    return s.encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1").decode("utf-8") if "\\" in s else s


def missing_translations(po: Path) -> list[str]:
    lines = po.read_text(encoding="utf-8").splitlines()
    missing = []
    for i, line in enumerate(lines):
        m = ENTRY.match(line)
        if not m or not m.group(1):
            continue
        j = i - 1
        while j >= 0 and lines[j].startswith("#"):
            if lines[j].startswith("#,") and "fuzzy" in lines[j]:
                missing.append(m.group(1) + " (fuzzy)")
                break
            j -= 1
        else:
            j = -2
        if j != -2 and j >= 0 and lines[j].startswith("#,") and "fuzzy" in lines[j]:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt.startswith("msgid_plural"):
            nxt = lines[i + 2]
        if nxt in ('msgstr ""', 'msgstr[0] ""'):
            missing.append(m.group(1))
    return missing


def _drop_fuzzy(text: str, translations: dict[str, str]) -> str:
    """Entries filled here are reviewed translations: remove their fuzzy flag and previous-msgid comments."""
    blocks = text.split("\n\n")
    out = []
    for block in blocks:
        m = re.search(r'^msgid "(.*)"$', block, re.M)
        if m and m.group(1) in translations:
            lines = [line for line in block.split("\n") if not line.startswith("#|")]
            lines = [line.replace("#, fuzzy, ", "#, ").replace(", fuzzy", "") if line.startswith("#,") else line
                     for line in lines]
            lines = [line for line in lines if line.strip() != "#, fuzzy"]
            out.append("\n".join(lines))
            continue
        out.append(block)
    return "\n\n".join(out)


def fill(po: Path, translations: dict[str, str]) -> int:
    lines = po.read_text(encoding="utf-8").splitlines()
    out, filled, i = [], 0, 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        m = ENTRY.match(line)
        if m and m.group(1) and m.group(1) in translations:
            value = translations[m.group(1)].replace('"', '\\"')
            if i + 1 < len(lines) and lines[i + 1].startswith("msgid_plural"):
                out.append(lines[i + 1])
                out.append(f'msgstr[0] "{value}"')
                i += 2
                while i + 1 < len(lines) and lines[i + 1].startswith("msgstr["):
                    i += 1
                filled += 1
            elif i + 1 < len(lines) and lines[i + 1].startswith("msgstr"):
                out.append(f'msgstr "{value}"')
                i += 1
                filled += 1
        i += 1
    text = _drop_fuzzy("\n".join(out) + "\n", translations)
    text = text.replace("#, fuzzy\n", "", 1) if text.startswith("# SOME") else text
    text = re.sub(r'"Plural-Forms: .*\\n"', '"Plural-Forms: nplurals=1; plural=0;\\\\n"', text)
    po.write_text(text, encoding="utf-8")
    return filled


if __name__ == "__main__":
    po_path = Path(sys.argv[1])
    if "--check" in sys.argv:
        gaps = missing_translations(po_path)
        for g in gaps:
            print(f"{po_path}: untranslated: {g}")
        sys.exit(1 if gaps else 0)
    print(fill(po_path, json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))), "filled")
