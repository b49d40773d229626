"""Deadline phrases in Vietnamese, resolved against the document's date (guidelines §7).

A clause may hold several time phrases; the deadline is the end of the latest definite one ("thí điểm từ
tháng 8/2025 và triển khai chính thức trong tháng 9/2025" ends on 30/9/2025). Recurring phrases ("hằng
tháng") give no date but a recurrence. Vague or event-bound phrases ("đầu năm 2024", "tại kỳ họp thứ 10")
keep their text and give no date. Urgency words ("sớm", "khẩn trương", "ngay") are not deadlines at all.
A phrase without a year takes the document's year; when that would put it more than a month before the
document's date, it means the next year (a December notice asking for "trong tháng 1").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:\s*(?:/|-|năm)\s*(?P<y>(?:19|20)\d\d))?"
_B = r"(?<![\wÀ-ỹ])"  # a word boundary that knows Vietnamese letters
_E = r"(?![\wÀ-ỹ])"
_DATE_LEAD = r"(?:trước|chậm nhất(?:\s+là)?(?:\s+vào)?|hạn chót|đến hết|hết|xong trước|trong|vào|đến)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(rf"{_B}{_DATE_LEAD}\s+(?:ngày\s+)?(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})"
                       rf"(?:\s*[/.-]\s*(?P<y>(?:19|20)\d\d))?{_E}", re.I)),
    ("day", re.compile(rf"{_B}{_DATE_LEAD}\s+ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})"
                       rf"(?:\s+năm\s+(?P<y>(?:19|20)\d\d))?{_E}", re.I)),
    ("before_month", re.compile(rf"{_B}trước\s+tháng\s+(?P<m>\d{{1,2}}){_YEAR}{_E}", re.I)),
    ("month", re.compile(rf"{_B}(?<!ngày\s\d\s)(?<!ngày\s\d\d\s)(?:(?:trong|cuối|hết|đến hết|ngay trong)\s+)?tháng\s+(?P<m>\d{{1,2}})(?:\s*[/-]\s*(?P<y>(?:19|20)\d\d)|"
                         rf"\s+năm\s+(?P<y2>(?:19|20)\d\d))?{_E}", re.I)),
    ("quarter", re.compile(rf"{_B}(?:(?:trong|trước hết|cuối|hết|đến hết)\s+)?quý\s+(?P<q>IV|III|II|I|[1-4]){_E}"
                           rf"(?:\s*(?:/|-|năm)\s*(?P<y>(?:19|20)\d\d))?", re.I)),
    ("half", re.compile(rf"{_B}(?:trong\s+)?(?:6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+(?P<y>(?:19|20)\d\d))?{_E}", re.I)),
    ("year", re.compile(rf"{_B}(?:trong|cuối|hết|đến hết|ngay trong)\s+năm\s+(?P<y>(?:19|20)\d\d){_E}", re.I)),
    ("year", re.compile(rf"{_B}(?:trong|cuối)\s+năm\s+nay{_E}", re.I)),
    ("year", re.compile(rf"(?<=phấn đấu )(?:đến hết\s+)?năm\s+(?P<y>(?:19|20)\d\d){_E}", re.I)),  # a target's year
    ("before_year", re.compile(rf"{_B}trước\s+năm\s+(?P<y>(?:19|20)\d\d){_E}", re.I)),
]
#: "từ tháng 8/2025" starts a schedule; its deadline is a later phrase, but the text starts here.
_FROM = re.compile(rf"{_B}(?:thí điểm\s+)?từ\s+(?:ngày\s+\d{{1,2}}[/.-]\d{{1,2}}|tháng\s+\d{{1,2}}|quý\s+[IV1-4]+)", re.I)
#: A bare "tháng M" is a deadline only after these words, or at the end of a clause.
_MONTH_CONTEXT = re.compile(r"(?:hoàn thành|xong|trình|báo cáo|ban hành|triển khai|thực hiện|vận hành|công bố|phấn đấu|"
                            r"^\s*(?:Về\s+)?(?:các\s+)?nhiệm vụ(?:\s+trọng tâm)?)\s*$", re.I)  # "Về nhiệm vụ 6 tháng cuối năm"
RECURRING = [
    ("monthly", re.compile(rf"{_B}(?:hằng|hàng|mỗi)\s+tháng{_E}|{_B}định kỳ\s+tháng{_E}", re.I)),
    ("quarterly", re.compile(rf"{_B}(?:hằng|hàng|mỗi)\s+quý{_E}|{_B}định kỳ\s+quý{_E}", re.I)),
    ("yearly", re.compile(rf"{_B}(?:hằng|hàng|mỗi)\s+năm{_E}|{_B}định kỳ\s+năm{_E}", re.I)),
]
VAGUE = re.compile(
    rf"{_B}(?:(?:từ\s+)?(?:đầu|giữa)\s+năm(?:\s+(?:19|20)\d\d|\s+nay|\s+tới)?|"
    rf"(?:tại|trong|trước)\s+kỳ\s+họp\s+(?:lần\s+)?thứ\s+\w+(?:\s+(?:tới|tới đây))?|"
    rf"(?:tại|trong|trước)\s+kỳ\s+họp(?:\s+thường lệ)?\s+(?:cuối|giữa|đầu)\s+năm(?:\s+(?:19|20)\d\d)?|"
    rf"(?:tại|trong|trước)\s+(?:phiên|cuộc)\s+họp\s+(?:tới|tiếp theo|thường kỳ)|"
    rf"trong\s+(?:thời gian|giai đoạn)\s+tới){_E}",
    re.I,
)
#: Time phrases that describe a period under review, not a time limit ("kết quả 6 tháng đầu năm").
#: "các nhiệm vụ được giao trong năm 2022": the period names which work, not when it is due
_SCOPE_BEFORE = re.compile(r"(?:được|đã)\s+(?:giao|phân công|ban hành|đề ra|phê duyệt)\s*$", re.I)
_SESSION_BEFORE = re.compile(r"(?:kỳ\s+họp(?:\s+(?:thường lệ|chuyên đề|thường kỳ))?|(?:cuộc|phiên)\s+họp\s+giao\s+ban)\s*$",
                            re.I)
_START_BEFORE = re.compile(r"(?:(?:ngay|bắt đầu|kể)\s+)?từ\s*$", re.I)
_REVIEW_BEFORE = re.compile(r"(?:kết quả|tình hình|sơ kết|tổng kết|đánh giá|số liệu|báo cáo)\s+(?:\w+\s+){0,2}$", re.I)


@dataclass(frozen=True)
class Deadline:
    """The time limit of one clause: verbatim `text` (or None), resolved `date`, `recurrence`, offsets."""

    text: str | None
    date: dt.date | None
    recurrence: str | None = None
    start: int = -1
    end: int = -1


NONE = Deadline(None, None)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve(kind: str, m: re.Match[str], doc_date: dt.date) -> tuple[dt.date, bool] | None:
    """The date a phrase ends on, and whether it named its year."""
    g = m.groupdict()
    raw_year = g.get("y") or g.get("y2")
    year = int(raw_year) if raw_year else doc_date.year
    try:
        if kind == "day":
            day = dt.date(year, int(g["m"]), int(g["d"]))
        elif kind == "month":
            day = _month_end(year, int(g["m"]))
        elif kind == "before_month":
            month = int(g["m"])
            day = _month_end(year, month - 1) if month > 1 else dt.date(year - 1, 12, 31)
        elif kind == "quarter":
            day = _month_end(year, 3 * ROMAN[g["q"].lower()])
        elif kind == "half":
            day = dt.date(year, 6, 30) if g["h"].lower() == "đầu" else dt.date(year, 12, 31)
        elif kind == "before_year":
            day = dt.date(year - 1, 12, 31)
        else:
            day = dt.date(year, 12, 31)
    except (ValueError, KeyError):
        return None
    return day, bool(raw_year)


def definite_phrases(text: str, doc_date: dt.date) -> list[tuple[int, int, dt.date]]:
    """Every definite deadline phrase in `text` as (start, end, date), in text order, without overlaps."""
    found: list[tuple[int, int, dt.date]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue  # an earlier, more specific pattern already read this span
            if kind in ("month", "half") and not m.group(0).lower().startswith(("trong", "cuối", "hết", "đến", "ngay")):
                # a bare "tháng 9/2025" or "6 tháng đầu năm": a deadline at the clause's end or after a verb
                tail = text[m.end():].strip(" .,;…")
                if tail and not _MONTH_CONTEXT.search(text[:m.start()]):
                    continue
                if _REVIEW_BEFORE.search(text[:m.start()]):
                    continue
            if m.group(0).lower().startswith("trong") and _SCOPE_BEFORE.search(text[:m.start()]):
                continue
            if _SESSION_BEFORE.search(text[:m.start()]):
                continue  # "tại kỳ họp cuối năm 2025": the council's session, whenever it sits
            if re.match(r"(?:ngay\s+)?từ\s", m.group(0), re.I) or _START_BEFORE.search(text[:m.start()]):
                continue  # "thực hiện ngay từ tháng 9/2025": when it starts, not when it is due
            resolved = _resolve(kind, m, doc_date)
            if resolved is None:
                continue
            day, had_year = resolved
            if not had_year and day < doc_date - dt.timedelta(days=31):
                day = _roll_year(kind, m, doc_date)
            found.append((m.start(), m.end(), day))
    return sorted(found)


def _roll_year(kind: str, m: re.Match[str], doc_date: dt.date) -> dt.date:
    nxt = doc_date.replace(year=doc_date.year + 1, day=min(doc_date.day, 28))
    resolved = _resolve(kind, m, nxt)
    return resolved[0] if resolved else doc_date


def find_deadline(text: str, doc_date: dt.date) -> Deadline:
    """The time limit stated in `text` (one clause): the latest definite phrase, else recurrence, else vague."""
    phrases = definite_phrases(text, doc_date)
    if phrases:
        start, end, day = max(phrases, key=lambda p: (p[2], p[0]))
        # A schedule "từ tháng 8/2025 và triển khai chính thức trong tháng 9/2025" is quoted whole.
        frm = [m for m in _FROM.finditer(text) if m.start() < start and start - m.end() < 80]
        if frm:
            start = frm[-1].start()
        return Deadline(text[start:end].strip(), day, None, start, end)
    for recurrence, pattern in RECURRING:
        found = pattern.search(text)
        if found:
            return Deadline(found.group(0), None, recurrence, found.start(), found.end())
    vague = VAGUE.search(text)
    if vague and not vague.group(0).lower().startswith("trong thời gian") and "giai đoạn" not in vague.group(0).lower():
        return Deadline(vague.group(0), None, None, vague.start(), vague.end())
    return NONE
