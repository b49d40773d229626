"""Fixtures of the dashboard tests: DTI values for a year, dossier KPIs, a meeting with tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from dxmonitor.dashboard import cache as dash_cache


@pytest.fixture(autouse=True)
def _fresh_version() -> None:
    dash_cache.forget()


@pytest.fixture
def dti_year() -> Callable[[int], dict[str, float]]:
    """`dti_year(2022)` imports main-indicator values for every province of the year (Đà Nẵng best, all mains
    0.9; the others spread below) and returns {code: the value given to each of its main indicators}."""
    from dxmonitor.indices.engine import load_methodology
    from dxmonitor.indices.selectors import methodology_for
    from dxmonitor.indices.services import values_import
    from dxmonitor.orgs.selectors import units_valid_on

    def load(year: int) -> dict[str, float]:
        code = methodology_for(year)
        m = load_methodology(code)
        mains = list(getattr(m, "main_indicators", None) or m.all_main_indicators)
        mains = [getattr(x, "code", x) for x in mains]
        day = dt.date(year, 6, 30) if year < 2024 else dt.date(year, 12, 31)
        codes = sorted(u.code for u in units_valid_on(day, "province"))
        given = {c: (0.9 if c == "48" else 0.3 + 0.5 * i / len(codes)) for i, c in enumerate(codes)}
        values_import(actor=None, methodology_code=code, period=year,
                      values={c: dict.fromkeys(mains, v) for c, v in given.items()}, source="import")
        return given

    return load


@pytest.fixture
def meeting(make_user: Any, unit: Any) -> Callable[..., Any]:
    """`meeting(day, name, tasks=[(unit_ref, content, deadline, priority)], public=True)` -> the directive."""
    from dxmonitor.tasks.services import TaskInput, directive_create, task_create

    def create(day: dt.date, name: str, tasks: list[tuple[str, str, dt.date, str]], *, public: bool = True) -> Any:
        sec = make_user("secretariat")
        directive = directive_create(actor=sec, kind="conclusion", number=f"{day.day}/TB-VPCP-{name[-3:]}",
                                     issued_on=day, title=f"Kết luận {name}", is_public=public, meeting_name=name,
                                     meeting_date=day)
        for ref, content, deadline, priority in tasks:
            task_create(actor=sec, directive=directive, data=TaskInput(lead_unit=unit(ref, on=day), content=content,
                                                                       deadline=deadline, priority=priority))
        return directive

    return create
