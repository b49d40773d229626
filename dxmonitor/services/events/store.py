"""The append-only Parquet store: one file per (batch, month), written atomically; retries are no-ops."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

VN_OFFSET = dt.timedelta(hours=7)  # Asia/Ho_Chi_Minh has no daylight saving time


@dataclass(frozen=True)
class AppendResult:
    batch_id: str
    records: int
    files: int
    duplicate_batch: bool


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def batch_key(batch_id: str) -> str:
    return hashlib.sha256(batch_id.encode()).hexdigest()[:24]


class EventStore:
    """Parquet files under `root/month=YYYY-MM/` (month of received_at in Việt Nam)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def partitions(self) -> list[Path]:
        return sorted(p for p in self.root.glob("month=*") if p.is_dir())

    def files(self) -> list[Path]:
        return sorted(self.root.glob("month=*/*.parquet"))

    def has_batch(self, batch_id: str) -> bool:
        return any(self.root.glob(f"month=*/b-{batch_key(batch_id)}-*.parquet")) or \
            (self.root / "_batches" / batch_key(batch_id)).exists()

    def append(self, table: pa.Table, *, batch_id: str | None = None) -> AppendResult:
        """Write the batch, one file per month; return only once every file is durable on disk.

        A batch id seen before (a client retrying after a lost reply) writes nothing and reports
        `duplicate_batch`, so a retried batch is never counted twice.
        """
        batch_id = batch_id or uuid.uuid4().hex
        key = batch_key(batch_id)
        marker = self.root / "_batches" / key
        if marker.exists():
            return AppendResult(batch_id, 0, 0, True)
        self.root.mkdir(parents=True, exist_ok=True)
        local = pc.add(table["received_at"], pa.scalar(VN_OFFSET))
        months = pc.strftime(local, format="%Y-%m")
        files = 0
        for month in pc.unique(months).to_pylist():
            part = table.filter(pc.equal(months, month))
            folder = self.root / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            final = folder / f"b-{key}-{month}.parquet"
            tmp = folder / f".tmp-{key}-{uuid.uuid4().hex}.part"
            pq.write_table(part, tmp, compression="zstd")
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, final)
            _fsync_dir(folder)
            files += 1
        # The marker is written last: a crash before it leaves complete month files that a retry rewrites
        # under the same names (os.replace), so nothing is ever counted twice.
        marker.parent.mkdir(parents=True, exist_ok=True)
        with marker.open("w") as fh:
            fh.write(f"{table.num_rows}\n")
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(marker.parent)
        return AppendResult(batch_id, table.num_rows, files, False)

    def cleanup_temp(self) -> int:
        """Remove temporary files left by a crash during a write (never counted: not *.parquet names)."""
        n = 0
        for tmp in self.root.glob("month=*/.tmp-*"):
            tmp.unlink(missing_ok=True)
            n += 1
        return n


def compact_partition(folder: Path) -> tuple[int, int]:
    """Rewrite one month partition keeping only the latest snapshot of each dossier; returns (before, after).

    The compacted file is written and renamed into place before the old files are removed: a crash in
    between leaves both, which queries tolerate because they keep the latest snapshot per dossier anyway.
    """
    import duckdb

    files = sorted(folder.glob("*.parquet"))
    if len(files) <= 1:
        n = pq.ParquetFile(files[0]).metadata.num_rows if files else 0
        return n, n
    before = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    relation = duckdb.sql(
        f"SELECT * FROM read_parquet([{listing}], union_by_name = true) "  # noqa: S608 - our own file names
        "QUALIFY row_number() OVER (PARTITION BY dossier_id ORDER BY status_at DESC, record_id DESC) = 1"
    )
    assert relation is not None
    table = relation.to_arrow_table()
    final = folder / f"c-{uuid.uuid4().hex}.parquet"
    tmp = folder / f".tmp-compact-{uuid.uuid4().hex}.part"
    pq.write_table(table, tmp, compression="zstd")
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    _fsync_dir(folder)
    for f in files:
        f.unlink()
    _fsync_dir(folder)
    return before, table.num_rows
