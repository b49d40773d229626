"""Time helpers: UTC stored, Asia/Ho_Chi_Minh for day boundaries and display."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def today_vn(now: dt.datetime | None = None) -> dt.date:
    """The calendar day in Việt Nam at `now` (default: the current time)."""
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        raise ValueError("naive datetime: a timezone is required")
    return moment.astimezone(VN_TZ).date()


def vn_day_end(day: dt.date) -> dt.datetime:
    """The last instant of `day` in Việt Nam, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=VN_TZ)


def parse_date(value: str, field: str) -> dt.date:
    """An ISO date (YYYY-MM-DD) or a Vietnamese dd/mm/yyyy date, with a message naming the field."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            continue
    raise ValueError(f"{field}: '{value}' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")
