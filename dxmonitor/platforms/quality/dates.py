"""Strict, vectorised date parsing of text columns (ISO 8601 and dd/mm/yyyy) into day numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EPOCH = dt.date(1970, 1, 1)
# Arrow's strptime rolls 2025-02-30 over to 2025-03-02, so the parts are extracted and checked here instead.
ISO_PATTERN = (
    r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)
DMY_PATTERN = r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"


@dataclass(frozen=True)
class ParsedDates:
    ok: np.ndarray  # bool: the value is a real calendar date in an accepted form
    iso: np.ndarray  # bool: ... and written in ISO 8601
    days: np.ndarray  # int64 days since 1970-01-01 (0 where not ok)
    year: np.ndarray  # int64 (0 where not ok)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def _parts(values: pa.Array, pattern: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    found = pc.extract_regex(values, pattern=pattern)
    matched = pc.is_valid(found).to_numpy(zero_copy_only=False)

    def part(name: str) -> np.ndarray:
        text = pc.fill_null(pc.struct_field(found, name), "0")
        return pc.cast(text, pa.int64()).to_numpy(zero_copy_only=False)

    return matched, part("y"), part("m"), part("d")


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of the proleptic Gregorian date (Howard Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _days_in_month(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    base = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
    return base[np.clip(m, 0, 12)] + ((m == 2) & leap)


def parse_dates(values: pa.Array) -> ParsedDates:
    """Parse trimmed NFC text; accepted forms are YYYY-MM-DD (optionally with a time) and dd/mm/yyyy."""
    iso_match, y, m, d = _parts(values, ISO_PATTERN)
    if not iso_match.all():
        dmy_match, y2, m2, d2 = _parts(values, DMY_PATTERN)
        use = ~iso_match & dmy_match
        y, m, d = np.where(use, y2, y), np.where(use, m2, m), np.where(use, d2, d)
        matched = iso_match | dmy_match
    else:
        matched = iso_match
    ok = matched & (y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= _days_in_month(y, m))
    days = np.where(ok, _days_from_civil(y, m, d), 0)
    return ParsedDates(ok=ok, iso=ok & iso_match, days=days, year=np.where(ok, y, 0))


def parse_one(text: str) -> dt.date | None:
    """The scalar form of `parse_dates`, for messages and tests."""
    parsed = parse_dates(pa.array([text.strip()]))
    if not parsed.ok[0]:
        return None
    return EPOCH + dt.timedelta(days=int(parsed.days[0]))
