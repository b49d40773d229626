"""What the tasks domain hands to the dashboard and the reports: frozen records, not ORM rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitScore:
    unit_key: str
    unit_code: str
    unit_name: str
    total: int
    not_due: int
    in_progress: int
    overdue: int
    completed_on_time: int
    completed_late: int
    on_time_rate: float | None
    days_overdue: int
    rank: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "unit_code": self.unit_code, "unit_name": self.unit_name, "total": self.total, "not_due": self.not_due,
            "in_progress": self.in_progress, "overdue": self.overdue, "completed_on_time": self.completed_on_time,
            "completed_late": self.completed_late, "on_time_rate": self.on_time_rate,
            "days_overdue": self.days_overdue, "rank": self.rank,
        }


@dataclass(frozen=True)
class TaskBrief:
    id: int
    directive_number: str
    lead_unit_code: str
    lead_unit_name: str
    content: str
    priority: str
    deadline: dt.date | None
    status: str
    days_overdue: int
