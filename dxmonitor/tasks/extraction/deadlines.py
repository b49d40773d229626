"""Deadline phrases in Vietnamese, resolved against the document's date (guidelines §7)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_Y = r"(?:\s*(?:năm\s*)?(?P<y>\d{4}))?"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(r"(?:trước|chậm nhất|hạn chót|hoàn thành trong|trong)\s+ngày\s+(?P<d>\d{1,2})\s*[/-]\s*(?P<m>\d{1,2})"
                        r"(?:\s*[/-]\s*(?P<y>\d{4}))?", re.I)),
    ("date_words", re.compile(r"(?:trước|chậm nhất)\s+ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>\d{4}))?",
                              re.I)),
    ("month", re.compile(r"(?:trong|trước|cuối)\s+tháng\s+(?P<m>\d{1,2})(?:\s*[/-]\s*(?P<y>\d{4})|\s+năm\s+(?P<y2>\d{4}))?",
                         re.I)),
    ("quarter", re.compile(r"(?:trong\s+)?quý\s+(?P<q>IV|III|II|I)\b(?:\s*(?:năm\s*|/)(?P<y>\d{4}))?", re.I)),
    ("half", re.compile(r"6\s+tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?", re.I)),
    ("year", re.compile(r"(?:trong|trước\s+hết|cuối)\s+năm\s+(?P<y>\d{4})", re.I)),
    ("year_before", re.compile(r"trước\s+năm\s+(?P<y>\d{4})", re.I)),
]
RECURRING = [("monthly", re.compile(r"hằng\s+tháng|hàng\s+tháng", re.I)),
             ("quarterly", re.compile(r"hằng\s+quý|hàng\s+quý", re.I)),
             ("yearly", re.compile(r"hằng\s+năm|hàng\s+năm", re.I))]


@dataclass(frozen=True)
class Deadline:
    text: str | None
    date: dt.date | None
    recurrence: str | None = None
    start: int = -1
    end: int = -1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_deadline(text: str, doc_date: dt.date) -> Deadline:
    """The first deadline phrase in `text`; urgency words and vague phrases give none."""
    best: tuple[int, Deadline] | None = None
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            try:
                year = int(m.groupdict().get("y") or m.groupdict().get("y2") or doc_date.year)
                if kind in ("date", "date_words"):
                    day = dt.date(year, int(m["m"]), int(m["d"]))
                elif kind == "month":
                    day = _month_end(year, int(m["m"]))
                elif kind == "quarter":
                    q = ROMAN[m["q"].upper()]
                    day = _month_end(year, 3 * q)
                elif kind == "half":
                    day = dt.date(year, 6, 30) if m["h"].lower() == "đầu" else dt.date(year, 12, 31)
                elif kind == "year_before":
                    day = dt.date(year - 1, 12, 31)
                else:
                    day = dt.date(year, 12, 31)
            except ValueError:
                continue
            cand = Deadline(m.group(0).strip(), day, None, m.start(), m.end())
            if best is None or m.start() < best[0]:
                best = (m.start(), cand)
    if best:
        return best[1]
    for recurrence, pattern in RECURRING:
        found = pattern.search(text)
        if found:
            return Deadline(found.group(0), None, recurrence, found.start(), found.end())
    return Deadline(None, None)
