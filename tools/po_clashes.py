"""Report msgids translated differently in two apps' catalogues: Django merges all catalogues into one, so only one
of the translations would ever be shown, depending on the order of INSTALLED_APPS.

Usage: python tools/po_clashes.py PO [PO ...]   (exit 1 when a clash is found; reads the compiled .mo beside each
.po, so run `make messages` first)
"""

from __future__ import annotations

import gettext
import sys
from collections import defaultdict
from pathlib import Path


def main(paths: list[str]) -> int:
    seen: dict[object, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        with Path(path).with_suffix(".mo").open("rb") as fh:
            catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        for msgid, msgstr in catalogue.items():
            if msgid and msgstr:  # the empty msgid is the header; plural entries are keyed (msgid, n)
                seen[msgid][msgstr].append(path)
    clashes = {key: found for key, found in seen.items() if len(found) > 1}
    for msgid, found in sorted(clashes.items(), key=str):
        print(f"msgid {msgid!r} is translated differently:")
        for msgstr, where in found.items():
            print(f"    {msgstr!r} in {', '.join(where)}")
    return 1 if clashes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
