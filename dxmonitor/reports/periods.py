"""Report periods: "2025", "2025-H1", "2025-H2", "2025-Q3", "2025-07" parsed into date ranges."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|(?P<month>\d{2})))?$")


@dataclass(frozen=True)
class Period:
    code: str
    start: dt.date
    end: dt.date
    label_vi: str
    label_en: str

    @property
    def year(self) -> int:
        return self.start.year

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        kind = self.code[5:6] if len(self.code) > 4 else ""
        if not kind:
            return parse_period(str(self.year - 1))
        if kind == "H":
            return parse_period(f"{self.year}-H1" if self.code.endswith("H2") else f"{self.year - 1}-H2")
        if kind == "Q":
            q = int(self.code[-1])
            return parse_period(f"{self.year}-Q{q - 1}" if q > 1 else f"{self.year - 1}-Q4")
        m = int(self.code[-2:])
        return parse_period(f"{self.year}-{m - 1:02d}" if m > 1 else f"{self.year - 1}-12")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(code: str) -> Period:
    match = _PATTERN.match(code.strip())
    if not match:
        raise ValueError(f"period: '{code}' is not a period (expected 2025, 2025-H1, 2025-H2, 2025-Q3 or 2025-07)")
    year = int(match["year"])
    if match["half"]:
        first = match["half"] == "H1"
        start, end = (dt.date(year, 1, 1), dt.date(year, 6, 30)) if first else (dt.date(year, 7, 1), dt.date(year, 12, 31))
        return Period(code, start, end, f"6 tháng {'đầu' if first else 'cuối'} năm {year}",
                      f"{'first' if first else 'second'} half of {year}")
    if match["quarter"]:
        q = int(match["quarter"][1])
        roman = ["I", "II", "III", "IV"][q - 1]
        return Period(code, dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), f"quý {roman} năm {year}",
                      f"Q{q} {year}")
    if match["month"]:
        m = int(match["month"])
        if not 1 <= m <= 12:
            raise ValueError(f"period: '{code}' has no month {m}")
        return Period(code, dt.date(year, m, 1), _month_end(year, m), f"tháng {m} năm {year}", f"{year}-{m:02d}")
    return Period(code, dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}", str(year))
