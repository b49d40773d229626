"""What the indicators domain hands other domains (indices, dashboard, reports): frozen records, not ORM rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ValueRecord:
    """One approved value: `value` is the final figure; the self-assessed and reviewed ones come along."""

    unit_key: str
    unit_code: str
    unit_name: str
    indicator_code: str
    period: str
    value: float | None
    self_assessed: float | None
    reviewed: float | None
    submitted_by: str
    approved_by: str
    approved_at: dt.datetime | None
    evidence_count: int
    value_type: str = "number"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["approved_at"] = self.approved_at.isoformat() if self.approved_at else None
        return data

    # Mapping-style access, for callers written against a dict-returning draft of this selector.
    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


@dataclass(frozen=True)
class TraceEvent:
    at: dt.datetime
    actor: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class EvidenceRef:
    name: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime
    url: str = ""


@dataclass(frozen=True)
class ValueTrace:
    """Where one number came from: for "explain this score"."""

    unit_key: str
    unit_code: str
    unit_name: str
    indicator_code: str
    indicator_name: str
    period: str
    status: str
    value: float | None
    self_assessed: float | None
    reviewed: float | None
    comment: str
    review_comment: str
    submitted_by: str
    submitted_at: dt.datetime | None
    reviewed_by: str
    reviewed_at: dt.datetime | None
    approved_by: str
    approved_at: dt.datetime | None
    campaign: str
    evidence: tuple[EvidenceRef, ...] = field(default=())
    history: tuple[TraceEvent, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        def conv(v: Any) -> Any:
            if isinstance(v, dt.datetime):
                return v.isoformat()
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            if isinstance(v, list | tuple):
                return [conv(x) for x in v]
            return v

        return conv(asdict(self))  # type: ignore[no-any-return]
