"""Fixtures of the investments tests: a project factory going through the real service function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

HANOI, DANANG = "P01@2008-08-01", "P48@2025-07-01"


@pytest.fixture
def new_project(make_user: Callable[..., Any], unit: Callable[..., Any]) -> Callable[..., Any]:
    """`new_project("HN-1", unit_ref=HANOI, cost=100e9, **fields)`: created by the secretariat."""
    from dxmonitor.investments.services import MilestoneInput, ProjectInput, project_create

    sec = make_user("secretariat")

    def create(code: str, unit_ref: str = HANOI, cost: float = 100e9, **fields: Any) -> Any:
        data: dict[str, Any] = {
            "code": code, "name": f"Trung tâm điều hành thông minh {code}", "owner_unit": unit(unit_ref),
            "pillar": "government", "kind": "ioc", "total_cost": int(cost), "start": dt.date(2025, 1, 1),
            "finish": dt.date(2026, 12, 31), "allocations": {2025: int(cost) // 2, 2026: int(cost) // 2},
            "milestones": [MilestoneInput("Nghiệm thu", dt.date(2026, 12, 31))], "risk": 2,
            "risk_reason": "Thấp",
        }
        data.update(fields)
        return project_create(actor=sec, data=ProjectInput(**data), recorded_on=dt.date(2025, 1, 1), via="test")

    return create
