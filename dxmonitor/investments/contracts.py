"""What the investments domain hands to other apps (the dashboard's alerts): plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectAlert:
    code: str
    name: str
    unit_key: str
    unit_name: str
    level: str  # "amber" or "red"
    signals: tuple[str, ...]  # codes of the raised signals, worst first


@dataclass(frozen=True)
class DuplicateGroup:
    kind: str
    codes: tuple[str, ...]
    units: int
    total_cost: int
    platform_code: str | None
    platform_name: str | None
