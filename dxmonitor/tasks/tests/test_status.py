"""Status rules at the day boundaries (Asia/Ho_Chi_Minh), against the original or the current deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from dxmonitor.core.time import today_vn
from dxmonitor.tasks.status import Status, TaskFacts, compute_status, days_overdue

D = dt.date
DEADLINE = D(2025, 9, 30)


def facts(*, completed: dt.date | None = None, original: dt.date | None = DEADLINE, current: dt.date | None = None,
          progress: dt.date | None = None, cancelled: bool = False) -> TaskFacts:
    return TaskFacts(cancelled=cancelled, completed_on=completed, deadline_original=original,
                     deadline_current=current or original, first_progress_on=progress)


@pytest.mark.parametrize(
    ("f", "as_of", "against", "expected"),
    [
        (facts(), D(2025, 9, 29), "current", Status.NOT_DUE),
        (facts(progress=D(2025, 9, 1)), D(2025, 9, 29), "current", Status.IN_PROGRESS),
        (facts(progress=D(2025, 9, 1)), D(2025, 9, 30), "current", Status.IN_PROGRESS),  # the deadline day is on time
        (facts(progress=D(2025, 9, 1)), D(2025, 10, 1), "current", Status.OVERDUE),
        (facts(), D(2025, 10, 1), "current", Status.OVERDUE),
        (facts(completed=D(2025, 9, 30)), D(2025, 12, 31), "current", Status.COMPLETED_ON_TIME),
        (facts(completed=D(2025, 10, 1)), D(2025, 12, 31), "current", Status.COMPLETED_LATE),
        (facts(completed=D(2025, 10, 1)), D(2025, 9, 30), "current", Status.NOT_DUE),  # not yet completed then
        (facts(completed=D(2025, 11, 15), current=D(2025, 11, 30)), D(2025, 12, 31), "current", Status.COMPLETED_ON_TIME),
        (facts(completed=D(2025, 11, 15), current=D(2025, 11, 30)), D(2025, 12, 31), "original", Status.COMPLETED_LATE),
        (facts(current=D(2025, 11, 30)), D(2025, 10, 15), "current", Status.NOT_DUE),
        (facts(current=D(2025, 11, 30)), D(2025, 10, 15), "original", Status.OVERDUE),
        (facts(original=None), D(2030, 1, 1), "current", Status.NOT_DUE),  # continuing duty
        (facts(original=None, completed=D(2026, 1, 1)), D(2030, 1, 1), "current", Status.COMPLETED_ON_TIME),
        (facts(cancelled=True), D(2030, 1, 1), "current", Status.CANCELLED),
    ],
)
def test_status_table(f: TaskFacts, as_of: dt.date, against: str, expected: Status) -> None:
    assert compute_status(f, as_of=as_of, against=against) == expected


@pytest.mark.parametrize(
    ("utc", "vn_day"),
    [
        (dt.datetime(2025, 9, 30, 16, 59, 59, tzinfo=dt.UTC), D(2025, 9, 30)),  # 23:59:59 in Hà Nội
        (dt.datetime(2025, 9, 30, 17, 0, 0, tzinfo=dt.UTC), D(2025, 10, 1)),  # 00:00 the next day in Hà Nội
    ],
)
def test_day_boundary_is_vietnamese(utc: dt.datetime, vn_day: dt.date) -> None:
    assert today_vn(utc) == vn_day
    status = compute_status(facts(completed=vn_day), as_of=D(2025, 12, 31))
    assert status == (Status.COMPLETED_ON_TIME if vn_day == DEADLINE else Status.COMPLETED_LATE)


@pytest.mark.parametrize(
    ("f", "as_of", "days"),
    [
        (facts(), D(2025, 10, 10), 10),
        (facts(completed=D(2025, 10, 3)), D(2025, 12, 1), 3),
        (facts(completed=D(2025, 9, 3)), D(2025, 12, 1), 0),
        (facts(original=None), D(2025, 12, 1), 0),
    ],
)
def test_days_overdue(f: TaskFacts, as_of: dt.date, days: int) -> None:
    assert days_overdue(f, as_of=as_of) == days


def test_unknown_basis_is_refused() -> None:
    with pytest.raises(ValueError, match="against"):
        compute_status(facts(), as_of=D(2025, 1, 1), against="declared")
