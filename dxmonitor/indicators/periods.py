"""Reporting periods as text ("2025", "2025-Q3", "2025-07"): parsing, ordering and the previous period."""

from __future__ import annotations

import datetime as dt
import re

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def periodicity_of(period: str) -> str:
    """year, quarter or month; ValueError naming the accepted forms otherwise."""
    text = period.strip().upper()
    if _YEAR.match(text):
        return "year"
    if _QUARTER.match(text):
        return "quarter"
    if _MONTH.match(text):
        return "month"
    raise ValueError(f"period: '{period}' is not a period (expected 2025, 2025-Q3 or 2025-07)")


def normalise(period: str | int) -> str:
    text = str(period).strip().upper()
    periodicity_of(text)
    return text


def previous(period: str, steps: int = 1) -> str:
    """The period `steps` before: 2025 -> 2024, 2025-Q1 -> 2024-Q4, 2025-01 -> 2024-12."""
    text = normalise(period)
    kind = periodicity_of(text)
    year = int(text[:4])
    if kind == "year":
        return str(year - steps)
    if kind == "quarter":
        index = year * 4 + int(text[6]) - 1 - steps
        return f"{index // 4}-Q{index % 4 + 1}"
    index = year * 12 + int(text[5:7]) - 1 - steps
    return f"{index // 12}-{index % 12 + 1:02d}"


def bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period."""
    text = normalise(period)
    kind = periodicity_of(text)
    year = int(text[:4])
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "quarter":
        q = int(text[6])
        start = dt.date(year, 3 * q - 2, 1)
        end_month = 3 * q
    else:
        end_month = int(text[5:7])
        start = dt.date(year, end_month, 1)
    end = (dt.date(year + 1, 1, 1) if end_month == 12 else dt.date(year, end_month + 1, 1)) - dt.timedelta(days=1)
    return start, end
