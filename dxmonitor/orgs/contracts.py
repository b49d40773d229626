"""What the orgs domain hands other domains: plain frozen records, never ORM instances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitRef:
    key: str
    code: str
    name: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parent_code: str | None
    name_en: str = ""
    ranking_group: str = ""
    population: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "parent_code": self.parent_code,
        }


class UnitNotFound(LookupError):
    """No unit matches a code or name (on the date asked)."""
