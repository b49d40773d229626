"""Task status, computed from dates and evidence, never typed in (pure: no database).

Rules (see docs/tasks-status.md):
- cancelled or superseded tasks are `cancelled` and leave every count;
- a completed task is `completed_on_time` when its completion date (the date of the accepted completion
  proposal, in Asia/Ho_Chi_Minh) is on or before the deadline — the deadline day itself is on time — or it
  has no deadline; otherwise `completed_late`;
- an open task whose deadline is before the as-of day is `overdue`;
- an open task not yet past its deadline (or with no deadline) is `in_progress` once anyone has reported
  progress on or before the as-of day, and `not_due` before that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    NOT_DUE = "not_due"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"
    CANCELLED = "cancelled"


COUNTED = (Status.NOT_DUE, Status.IN_PROGRESS, Status.OVERDUE, Status.COMPLETED_ON_TIME, Status.COMPLETED_LATE)

LABELS_VI = {
    Status.NOT_DUE: "Chưa đến hạn",
    Status.IN_PROGRESS: "Đang thực hiện trong hạn",
    Status.OVERDUE: "Quá hạn chưa hoàn thành",
    Status.COMPLETED_ON_TIME: "Hoàn thành đúng hạn",
    Status.COMPLETED_LATE: "Hoàn thành quá hạn",
    Status.CANCELLED: "Hủy / thay thế",
}
LABELS_EN = {
    Status.NOT_DUE: "Not yet due",
    Status.IN_PROGRESS: "In progress, within deadline",
    Status.OVERDUE: "Overdue, not completed",
    Status.COMPLETED_ON_TIME: "Completed on time",
    Status.COMPLETED_LATE: "Completed late",
    Status.CANCELLED: "Cancelled or superseded",
}
CSS = {
    Status.NOT_DUE: "status-notdue",
    Status.IN_PROGRESS: "status-progress",
    Status.OVERDUE: "status-overdue",
    Status.COMPLETED_ON_TIME: "status-ontime",
    Status.COMPLETED_LATE: "status-late",
    Status.CANCELLED: "status-cancelled",
}


@dataclass(frozen=True)
class TaskFacts:
    """What the status depends on, as plain values."""

    cancelled: bool
    completed_on: dt.date | None
    deadline_original: dt.date | None
    deadline_current: dt.date | None
    first_progress_on: dt.date | None


def compute_status(facts: TaskFacts, *, as_of: dt.date, against: str = "current") -> Status:
    if against not in ("original", "current"):
        raise ValueError(f"against: '{against}' must be 'original' or 'current'")
    if facts.cancelled:
        return Status.CANCELLED
    deadline = facts.deadline_original if against == "original" else (facts.deadline_current or facts.deadline_original)
    if facts.completed_on is not None and facts.completed_on <= as_of:
        if deadline is None or facts.completed_on <= deadline:
            return Status.COMPLETED_ON_TIME
        return Status.COMPLETED_LATE
    if deadline is not None and deadline < as_of:
        return Status.OVERDUE
    if facts.first_progress_on is not None and facts.first_progress_on <= as_of:
        return Status.IN_PROGRESS
    return Status.NOT_DUE


def days_overdue(facts: TaskFacts, *, as_of: dt.date, against: str = "current") -> int:
    """Days past the deadline: until completion for late tasks, until `as_of` for open ones."""
    deadline = facts.deadline_original if against == "original" else (facts.deadline_current or facts.deadline_original)
    if deadline is None or facts.cancelled:
        return 0
    end = facts.completed_on if facts.completed_on is not None and facts.completed_on <= as_of else as_of
    return max(0, (end - deadline).days)
