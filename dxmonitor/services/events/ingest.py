"""Taking dossier records in: an API batch or a bulk CSV/Parquet file, validated whole, then committed durably."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from dxmonitor.services.events.schema import FIELD_NAMES
from dxmonitor.services.events.store import EventStore
from dxmonitor.services.events.validate import MAX_BATCH, BatchRejected, validate_records, validate_table

DEFAULT_ROOT = Path("var/events")


@dataclass(frozen=True)
class IngestResult:
    """The outcome of an accepted batch; `duplicate` means it was committed before and nothing was written."""

    batch_id: str
    records: int
    files: int
    duplicate: bool
    months: tuple[str, ...] = ()

    @property
    def duplicate_batch(self) -> bool:
        return self.duplicate


def default_store() -> EventStore:
    """The store under env DXM_EVENTS_DIR, else var/events (relative to the working directory)."""
    return EventStore(Path(os.environ.get("DXM_EVENTS_DIR") or DEFAULT_ROOT))


def _store(store: EventStore | Path | str | None) -> EventStore:
    if store is None:
        return default_store()
    return store if isinstance(store, EventStore) else EventStore(store)


def ingest_batch(records: Sequence[Mapping[str, Any]], *, batch_id: str, allowed_units: set[str] | None = None,
                 procedures: Iterable[str] | None = None, store: EventStore | Path | str | None = None,
                 ) -> IngestResult:
    """Validate a batch of at most 10,000 records and commit it; returns only once it is durable.

    Raises BatchRejected (every error, capped, naming record index and field) and writes nothing when any
    record is wrong. A batch id committed before returns `duplicate=True` without validating again.
    """
    if not batch_id or len(batch_id) > 200:
        raise BatchRejected(["batch_id: required, at most 200 characters"])
    target = _store(store)
    if target.has_batch(batch_id):
        return IngestResult(batch_id, 0, 0, True)
    table = validate_records(records, batch_id=batch_id, allowed_units=allowed_units, procedures=procedures,
                             max_batch=MAX_BATCH)
    result = target.append(table, batch_id=batch_id)
    return IngestResult(batch_id, result.records, result.files, result.duplicate_batch, result.months)


def read_file(path: Path) -> pa.Table:
    """A CSV (UTF-8, header of the v1 fields, every cell read as text) or Parquet file as an Arrow table."""
    if path.suffix.lower() == ".parquet":
        try:
            return pq.read_table(path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise ValueError(f"{path.name}: not a readable Parquet file ({exc})") from None
    if path.suffix.lower() not in (".csv", ".txt"):
        raise ValueError(f"{path.name}: expected a .csv or .parquet file")
    try:
        # Every known column as text: codes keep their leading zeros and validation sees what was written.
        # Arrow skips the byte-order mark Excel puts before UTF-8 text.
        return pacsv.read_csv(
            path, read_options=pacsv.ReadOptions(encoding="utf-8", block_size=1 << 24),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(FIELD_NAMES, pa.string()),
                                                 strings_can_be_null=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
        )
    except pa.ArrowInvalid as exc:
        raise ValueError(f"{path.name}: {exc}".splitlines()[0]) from None


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ingest_file(path: Path | str, *, store: EventStore | Path | str | None = None, batch_id: str | None = None,
                allowed_units: set[str] | None = None, procedures: Iterable[str] | None = None) -> IngestResult:
    """Ingest a bulk CSV or Parquet file as one batch: all of it or nothing; errors name the row.

    Rows are numbered from 1 for the first record (a CSV's line is the row number + 1, after the header).
    The default batch id is the file's SHA-256, so ingesting the same file twice is a no-op.
    """
    path = Path(path)
    target = _store(store)
    batch_id = batch_id or f"file:{file_digest(path)}"
    if target.has_batch(batch_id):
        return IngestResult(batch_id, 0, 0, True)
    table = validate_table(read_file(path), batch_id=batch_id, allowed_units=allowed_units,
                           procedures=procedures, label="row", base=1)
    if table.num_rows == 0:
        raise BatchRejected([f"{path.name}: no records"])
    result = target.append(table, batch_id=batch_id)
    return IngestResult(batch_id, result.records, result.files, result.duplicate_batch, result.months)
