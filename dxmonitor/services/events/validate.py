"""Validating a batch of records into an Arrow table; errors name the record index and the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from dxmonitor.services.events.schema import CHANNELS, FIELDS, SCHEMA, STATUSES

MAX_BATCH = 10_000
MAX_ERRORS = 50
_TIME_FIELDS = {"received_at", "due_at", "status_at", "finished_at"}
_BOOL_FIELDS = {"paid_online", "e_result", "digitised", "reused_data", "vneid_authenticated"}
_INT_FIELDS = {"supplement_requests": (0, 100), "fee_vnd": (0, 10**12), "rating": (1, 5)}
_KNOWN = {name for name, _, _ in FIELDS}
_REQUIRED = [name for name, _, required in FIELDS if required]


class BatchRejected(ValueError):
    """The whole batch is refused; nothing was written. `errors` are 'record N, field: message'."""

    def __init__(self, errors: Sequence[str], total: int | None = None) -> None:
        self.errors = list(errors)[:MAX_ERRORS]
        self.total = total if total is not None else len(errors)
        more = f" (+{self.total - len(self.errors)} more)" if self.total > len(self.errors) else ""
        super().__init__("; ".join(self.errors) + more)


def _time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value).strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("has no UTC offset (ISO 8601 with offset required, e.g. 2026-01-05T08:30:00+07:00)")
    return moment.astimezone(dt.UTC)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "có"):
        return True
    if text in ("0", "false", "no", "không"):
        return False
    raise ValueError("is not true or false")


def validate_records(records: Sequence[Mapping[str, Any]], *, batch_id: str = "",
                     allowed_units: Iterable[str] | None = None, procedures: Iterable[str] | None = None,
                     offset: int = 0) -> pa.Table:
    """All records checked; any error rejects the batch. Indexes are 0-based positions in the batch."""
    if len(records) > MAX_BATCH:
        raise BatchRejected([f"batch: {len(records)} records, more than the {MAX_BATCH} allowed"])
    allowed = set(allowed_units) if allowed_units is not None else None
    known_procedures = set(procedures) if procedures is not None else None
    columns: dict[str, list[Any]] = {name: [] for name, _, _ in FIELDS}
    errors: list[str] = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(records):
        where = f"record {i + offset}"
        if not isinstance(rec, Mapping):
            errors.append(f"{where}: not an object")
            for col in columns.values():
                col.append(None)
            continue
        for name in rec:
            if name not in _KNOWN:
                errors.append(f"{where}, {name}: unknown field")
        row: dict[str, Any] = {}
        for name, _, required in FIELDS:
            value = rec.get(name)
            if value is None or value == "":
                if required:
                    errors.append(f"{where}, {name}: required")
                row[name] = None
                continue
            try:
                if name in _TIME_FIELDS:
                    row[name] = _time(value)
                elif name in _BOOL_FIELDS:
                    row[name] = _bool(value)
                elif name in _INT_FIELDS:
                    number = int(value)
                    lo, hi = _INT_FIELDS[name]
                    if not lo <= number <= hi:
                        raise ValueError(f"must be between {lo} and {hi}")
                    row[name] = number
                else:
                    row[name] = str(value).strip()
            except (TypeError, ValueError) as exc:
                message = str(exc) if str(exc).startswith(("has no", "is not", "must")) else f"'{value}' is not valid"
                errors.append(f"{where}, {name}: {message}")
                row[name] = None
        if row["channel"] is not None and row["channel"] not in CHANNELS:
            errors.append(f"{where}, channel: '{row['channel']}' is not one of {', '.join(CHANNELS)}")
        if row["status"] is not None and row["status"] not in STATUSES:
            errors.append(f"{where}, status: '{row['status']}' is not one of {', '.join(STATUSES)}")
        if row["due_at"] and row["received_at"] and row["due_at"] < row["received_at"]:
            errors.append(f"{where}, due_at: before received_at")
        if row["finished_at"] and row["received_at"] and row["finished_at"] < row["received_at"]:
            errors.append(f"{where}, finished_at: before received_at")
        if allowed is not None and row["unit_code"] is not None and row["unit_code"] not in allowed:
            errors.append(f"{where}, unit_code: '{row['unit_code']}' is outside this token's scope")
        if known_procedures is not None and row["procedure_code"] is not None and \
                row["procedure_code"] not in known_procedures:
            errors.append(f"{where}, procedure_code: unknown procedure '{row['procedure_code']}'")
        rid = row["record_id"]
        if rid is not None:
            if rid in seen:
                errors.append(f"{where}, record_id: duplicate of record {seen[rid] + offset} in this batch")
            seen[rid] = i
        for name, column in columns.items():
            column.append(row[name])
    if errors:
        raise BatchRejected(errors[:MAX_ERRORS], total=len(errors))
    columns["batch_id"] = [batch_id] * len(records)  # type: ignore[assignment]
    return pa.Table.from_pydict(columns, schema=SCHEMA)
