"""Validating a batch of dossier records into an Arrow table, column by column; errors name the record and field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dxmonitor.services.events.schema import FIELD_BY_NAME, FIELD_NAMES, FIELDS, SCHEMA, TIME, Field

MAX_BATCH = 10_000
MAX_ERRORS = 100
_ISO = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"
_ISO_WITH_OFFSET = _ISO + r"(Z|z|[+-]\d{2}(:?\d{2})?)$"
_TRUE = ("true", "1", "yes", "có", "t", "y")
_FALSE = ("false", "0", "no", "không", "f", "n")
_KNOWN = frozenset(FIELD_NAMES)


@dataclass(frozen=True, order=True)
class RecordError:
    """One problem: the 0-based position of the record in its batch (or file), the field, and what is wrong."""

    index: int
    field: str
    message: str

    def text(self, label: str = "record", base: int = 0) -> str:
        return f"{label} {self.index + base}, {self.field}: {self.message}"


class BatchRejected(ValueError):
    """The whole batch is refused and nothing was written. `errors` are 'record N, field: message' (capped)."""

    def __init__(self, errors: Sequence[RecordError | str], total: int | None = None, *, label: str = "record",
                 base: int = 0) -> None:
        self.details = [e for e in errors if isinstance(e, RecordError)][:MAX_ERRORS]
        self.errors = [e.text(label, base) if isinstance(e, RecordError) else e for e in errors][:MAX_ERRORS]
        self.total = total if total is not None else len(errors)
        more = f" (+{self.total - len(self.errors)} more)" if self.total > len(self.errors) else ""
        super().__init__("; ".join(self.errors) + more)


class _Errors:
    def __init__(self) -> None:
        self.items: list[RecordError] = []
        self.total = 0

    def add_mask(self, mask: Any, field: str, message: Any, offset: int) -> None:
        """Record an error for every true position of `mask` (an Arrow or NumPy boolean array)."""
        if isinstance(mask, pa.ChunkedArray | pa.Array):
            mask = mask.fill_null(False).to_numpy(zero_copy_only=False)
        where = np.flatnonzero(mask)
        self.total += len(where)
        for i in where[: MAX_ERRORS * 2]:  # enough to fill the cap after sorting by record
            text = message(int(i)) if callable(message) else message
            self.items.append(RecordError(int(i) + offset, field, text))

    def raise_if_any(self, label: str, base: int) -> None:
        if self.total:
            raise BatchRejected(sorted(self.items), self.total, label=label, base=base)


def _is_null_or_blank(arr: pa.Array) -> pa.Array:
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return pc.or_kleene(pc.is_null(arr), pc.equal(pc.utf8_length(arr), 0)).fill_null(True)
    return pc.is_null(arr)


def _as_strings(values: list[Any]) -> pa.Array:
    return pa.array([None if v is None else str(v) for v in values], pa.string())


def _column(values: list[Any]) -> pa.Array:
    """An Arrow array from one field's raw values, falling back to strings when the types are mixed."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return _as_strings(values)


def _text(arr: pa.Array) -> pa.Array:
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = arr.cast(pa.string())
    arr = pc.utf8_normalize(pc.utf8_trim_whitespace(arr), form="NFC")
    return pc.if_else(pc.equal(pc.utf8_length(arr), 0), pa.scalar(None, pa.string()), arr).cast(pa.string())


def _shown(value: Any) -> str:
    text = str(value)
    return repr(text[:40] + ("…" if len(text) > 40 else ""))


def _time(arr: pa.Array, f: Field, errors: _Errors, offset: int) -> pa.Array:
    if pa.types.is_timestamp(arr.type):
        if arr.type.tz is None:
            errors.add_mask(pc.is_valid(arr), f.name, "has no UTC offset (ISO 8601 with offset required, "
                            "e.g. 2026-01-05T08:30:00+07:00)", offset)
            return pa.nulls(len(arr), TIME)
        return arr.cast(TIME)
    if pa.types.is_null(arr.type):
        return pa.nulls(len(arr), TIME)
    text = _text(arr)
    valid = pc.is_valid(text)
    with_offset = pc.match_substring_regex(text, _ISO_WITH_OFFSET).fill_null(False)
    naive = pc.and_(pc.match_substring_regex(text, _ISO + "$").fill_null(False), pc.invert(with_offset))
    values = text.to_pylist() if pc.any(pc.and_(valid, pc.invert(with_offset))).as_py() else None
    errors.add_mask(naive, f.name, "has no UTC offset (ISO 8601 with offset required, e.g. 2026-01-05T08:30:00+07:00)",
                    offset)
    errors.add_mask(pc.and_(pc.and_(valid, pc.invert(with_offset)), pc.invert(naive)), f.name,
                    lambda i: f"{_shown(values[i] if values else '')} is not an ISO 8601 time with offset", offset)
    candidate = pc.if_else(with_offset, text, pa.scalar(None, pa.string()))
    try:
        return candidate.cast(TIME)
    except (pa.ArrowInvalid, ValueError):
        # Rare: matches the pattern but is not a real time (month 13). Find the culprits one by one.
        out: list[dt.datetime | None] = []
        for i, v in enumerate(candidate.to_pylist()):
            try:
                out.append(None if v is None else dt.datetime.fromisoformat(v.replace("z", "Z").replace("Z", "+00:00")))
            except ValueError:
                errors.add_mask(np.array([True]), f.name, f"{_shown(v)} is not a valid date or time", offset + i)
                out.append(None)
        return pa.array(out, TIME)


def _bool(arr: pa.Array, f: Field, errors: _Errors, offset: int) -> pa.Array:
    if pa.types.is_boolean(arr.type) or pa.types.is_null(arr.type):
        return arr.cast(pa.bool_())
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
        bad = pc.invert(pc.is_in(arr.cast(pa.float64()), pa.array([0.0, 1.0])))
        errors.add_mask(pc.and_(pc.is_valid(arr), bad), f.name, "is not true or false", offset)
        return pc.not_equal(arr.cast(pa.float64()), 0.0)
    text = pc.utf8_lower(_text(arr))
    is_true = pc.is_in(text, pa.array(_TRUE))
    is_false = pc.is_in(text, pa.array(_FALSE))
    errors.add_mask(pc.and_(pc.is_valid(text), pc.invert(pc.or_(is_true, is_false))), f.name,
                    "is not true or false", offset)
    return pc.if_else(pc.is_valid(text), is_true, pa.scalar(None, pa.bool_()))


def _int(arr: pa.Array, f: Field, errors: _Errors, offset: int) -> pa.Array:
    if pa.types.is_null(arr.type):
        return pa.nulls(len(arr), f.type)
    if pa.types.is_boolean(arr.type):
        arr = arr.cast(pa.string())
    if pa.types.is_floating(arr.type):
        whole = pc.equal(pc.floor(arr), arr)
        errors.add_mask(pc.and_(pc.is_valid(arr), pc.invert(whole)), f.name, "is not a whole number", offset)
        arr = pc.if_else(whole, arr, pa.scalar(None, arr.type)).cast(pa.int64())
    elif not pa.types.is_integer(arr.type):
        text = _text(arr)
        ok = pc.match_substring_regex(text, r"^[+-]?\d{1,18}$").fill_null(False)
        values = text.to_pylist() if pc.any(pc.and_(pc.is_valid(text), pc.invert(ok))).as_py() else None
        errors.add_mask(pc.and_(pc.is_valid(text), pc.invert(ok)), f.name,
                        lambda i: f"{_shown(values[i] if values else '')} is not a whole number", offset)
        arr = pc.if_else(ok, text, pa.scalar(None, pa.string())).cast(pa.int64())
    arr = arr.cast(pa.int64())
    out_of_range = pc.or_(pc.less(arr, f.minimum if f.minimum is not None else -(2**62)),
                          pc.greater(arr, f.maximum if f.maximum is not None else 2**62))
    errors.add_mask(out_of_range, f.name, f"must be between {f.minimum} and {f.maximum}", offset)
    return pc.if_else(out_of_range.fill_null(False), pa.scalar(None, pa.int64()), arr).cast(f.type)


def validate_columns(columns: Mapping[str, pa.Array], n: int, *, batch_id: str = "",
                     allowed_units: Iterable[str] | None = None, procedures: Iterable[str] | None = None,
                     offset: int = 0, label: str = "record", base: int = 0) -> pa.Table:
    """Check and convert raw columns (any Arrow types) into a table of the stored schema, or raise BatchRejected.

    Every check runs on whole columns with Arrow compute, so a batch costs a few passes over memory whatever
    its size. `label` and `base` shape the messages ('record 3' in an API batch, 'row 4' in a file).
    """
    errors = _Errors()
    out: dict[str, pa.Array] = {}
    for f in FIELDS:
        arr = columns.get(f.name)
        if arr is None:
            arr = pa.nulls(n, pa.string())
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if f.required:
            errors.add_mask(_is_null_or_blank(arr), f.name, "required", offset)
        if f.kind == "time":
            out[f.name] = _time(arr, f, errors, offset)
        elif f.kind == "bool":
            out[f.name] = _bool(arr, f, errors, offset)
        elif f.kind == "int":
            out[f.name] = _int(arr, f, errors, offset)
        else:
            text = _text(arr) if not pa.types.is_null(arr.type) else pa.nulls(n, pa.string())
            if f.kind == "enum":
                text_values = text
                errors.add_mask(pc.and_(pc.is_valid(text), pc.invert(pc.is_in(text, pa.array(f.values)))), f.name,
                                lambda i, tv=text_values, fv=f.values: f"{_shown(tv[i].as_py())} is not one of "
                                f"{', '.join(fv)}", offset)
            elif f.kind == "code":
                long = pc.greater(pc.utf8_length(text), 100)
                errors.add_mask(long, f.name, "is longer than 100 characters", offset)
            out[f.name] = text
    received, due, finished = out["received_at"], out["due_at"], out["finished_at"]
    errors.add_mask(pc.less(due, received), "due_at", "is before received_at", offset)
    errors.add_mask(pc.less(finished, received), "finished_at", "is before received_at", offset)
    errors.add_mask(pc.less(out["status_at"], received), "status_at", "is before received_at", offset)
    errors.add_mask(pc.and_(pc.equal(out["status"], "finished"), pc.is_null(finished)), "finished_at",
                    "required when status is finished", offset)
    if allowed_units is not None:
        allowed = pa.array(sorted(set(allowed_units)), pa.string())
        units = out["unit_code"]
        errors.add_mask(pc.and_(pc.is_valid(units), pc.invert(pc.is_in(units, allowed))), "unit_code",
                        lambda i: f"{_shown(units[i].as_py())} is outside this token's scope",
                        offset)
    if procedures is not None:
        known = pa.array(sorted(set(procedures)), pa.string())
        codes = out["procedure_code"]
        errors.add_mask(pc.and_(pc.is_valid(codes), pc.invert(pc.is_in(codes, known))), "procedure_code",
                        lambda i: f"unknown procedure {_shown(codes[i].as_py())}", offset)
    ids = out["record_id"]
    if len(pc.unique(ids.drop_null())) != len(ids.drop_null()):
        first: dict[str, int] = {}
        dup = np.zeros(n, dtype=bool)
        firsts = np.zeros(n, dtype=np.int64)
        for i, rid in enumerate(ids.to_pylist()):
            if rid is None:
                continue
            if rid in first:
                dup[i], firsts[i] = True, first[rid]
            else:
                first[rid] = i
        errors.add_mask(dup, "record_id", lambda i: f"duplicate of {label} {int(firsts[i]) + offset + base} in this "
                        f"{'batch' if label == 'record' else 'file'}", offset)
    errors.raise_if_any(label, base)
    out["batch_id"] = pa.array([batch_id] * n, pa.string()) if n else pa.array([], pa.string())
    return pa.table(out, schema=SCHEMA)


def validate_records(records: Sequence[Mapping[str, Any]], *, batch_id: str = "",
                     allowed_units: Iterable[str] | None = None, procedures: Iterable[str] | None = None,
                     offset: int = 0, max_batch: int | None = MAX_BATCH) -> pa.Table:
    """Validate a batch of JSON-like records (0-based `record N` in messages); any error rejects all of it."""
    if max_batch is not None and len(records) > max_batch:
        raise BatchRejected([f"batch: {len(records):,} records, more than the {max_batch:,} allowed in one batch"])
    errors = _Errors()
    for i, rec in enumerate(records):
        if not isinstance(rec, Mapping):
            errors.add_mask(np.array([True]), "record", "is not an object", offset + i)
        elif not _KNOWN.issuperset(rec):
            for name in sorted(set(rec) - _KNOWN):
                errors.add_mask(np.array([True]), str(name), "unknown field", offset + i)
    if errors.total:
        # Report structural problems together with the field checks of the well-formed records.
        records = [rec if isinstance(rec, Mapping) else {} for rec in records]
    columns = {name: _column([rec.get(name) for rec in records]) for name in FIELD_NAMES}
    try:
        table = validate_columns(columns, len(records), batch_id=batch_id, allowed_units=allowed_units,
                                 procedures=procedures, offset=offset)
    except BatchRejected as exc:
        if not errors.total:
            raise
        raise BatchRejected(sorted(errors.items + exc.details), errors.total + exc.total) from None
    errors.raise_if_any("record", 0)
    return table


def validate_table(table: pa.Table, *, batch_id: str = "", allowed_units: Iterable[str] | None = None,
                   procedures: Iterable[str] | None = None, label: str = "row", base: int = 1) -> pa.Table:
    """Validate a whole file read as an Arrow table (CSV read as text, or Parquet); unknown columns are errors."""
    unknown = [name for name in table.column_names if name not in _KNOWN and name != "batch_id"]
    if unknown:
        raise BatchRejected([f"header: unknown column {name!r}" for name in unknown])
    columns = {name: table[name] for name in table.column_names if name in FIELD_BY_NAME}
    return validate_columns(columns, table.num_rows, batch_id=batch_id, allowed_units=allowed_units,
                            procedures=procedures, label=label, base=base)
