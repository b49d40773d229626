"""The checker: streams a CSV in chunks through a rule set and returns a report, or refuses the file whole."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np

from dxmonitor.platforms.quality.checks import CHECKS, Chunk, Outcome, new_state
from dxmonitor.platforms.quality.reader import (
    BLOCK_SIZE,
    UPLOAD_MAX_BYTES,
    check_size,
    iter_batches,
    open_input,
    open_path,
)
from dxmonitor.platforms.quality.report import Failure, FailureWriter, QualityReport, rule_scores
from dxmonitor.platforms.quality.rules import QualityInputError, RuleSet

DEFAULT_MAX_FAILURES = 1000
Progress = Callable[[int], None]


def check_stream(
    stream: BinaryIO,
    ruleset: RuleSet,
    *,
    as_of: dt.date,
    max_bytes: int | None = UPLOAD_MAX_BYTES,
    max_failures: int = DEFAULT_MAX_FAILURES,
    failures_path: Path | None = None,
    progress: Progress | None = None,
    block_size: int = BLOCK_SIZE,
) -> QualityReport:
    """Check a CSV given as a binary stream (an upload); a stream that cannot seek is spooled to disk first.

    Raises `QualityInputError` for a bad file: nothing is returned then and no failures file is left behind.
    `max_failures` bounds the failures kept in the report; `failures_path` receives all of them as CSV.
    """
    if not stream.seekable():
        with tempfile.TemporaryFile() as spool:
            copied = 0
            while block := stream.read(1024 * 1024):
                copied += len(block)
                if max_bytes is not None and copied > max_bytes:
                    check_size(copied, max_bytes)  # refuses before the whole upload is copied
                spool.write(block)
            return check_stream(spool, ruleset, as_of=as_of, max_bytes=max_bytes, max_failures=max_failures,
                                failures_path=failures_path, progress=progress, block_size=block_size)
    started = time.perf_counter()
    source = open_input(stream, ruleset.needed_columns, max_bytes=max_bytes)
    columns = {name: i for i, name in enumerate(source.header)}
    needed = ruleset.needed_columns
    states = {rule.id: new_state(rule) for rule in ruleset.rules}
    judged: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    kept: list[Failure] = []
    total_failures = 0
    nfd_cells: Counter[str] = Counter()
    rows = 0
    writer = FailureWriter(failures_path) if failures_path is not None else None
    try:
        for batch in iter_batches(stream, source, block_size=block_size):
            chunk = Chunk(batch, columns, ruleset, as_of, first_row=rows + 1)
            for name in needed:
                chunk.nfc(name)  # NFD cells are counted on every checked column, whatever the rules
            outcomes = []
            for index, rule in enumerate(ruleset.rules):
                outcome = CHECKS[rule.check].evaluate(chunk, rule, states[rule.id])
                failing = outcome.applicable & ~outcome.ok
                applicable = int(np.count_nonzero(outcome.applicable))
                failed = int(np.count_nonzero(failing))
                judged[rule.id] += applicable
                passed[rule.id] += applicable - failed
                total_failures += failed
                if failed:
                    outcomes.append((index, np.flatnonzero(failing), outcome))
            room = max_failures - len(kept)
            if outcomes and (writer is not None or room > 0):
                _collect(chunk, ruleset, outcomes, kept, room, writer)
            nfd_cells.update(chunk.nfd_cells)
            rows += batch.num_rows
            if progress is not None:
                progress(rows)
        if rows == 0:
            raise QualityInputError("file: a header but no data rows; nothing to check")
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    if writer is not None:
        writer.commit()
    return QualityReport(
        ruleset=ruleset.name,
        as_of=as_of,
        rows=rows,
        rule_scores=rule_scores(ruleset, judged, passed),
        dimension_weights=ruleset.dimension_weights,
        failures=tuple(kept),
        failures_total=total_failures,
        input={
            "bytes": source.size,
            "encoding": source.encoding,
            "nfd_cells": sum(nfd_cells.values()),
            "nfd_cells_by_column": {k: v for k, v in nfd_cells.items() if v},
            "seconds": round(time.perf_counter() - started, 3),
        },
    )


def _collect(
    chunk: Chunk,
    ruleset: RuleSet,
    outcomes: list[tuple[int, np.ndarray, Outcome]],
    kept: list[Failure],
    room: int,
    writer: FailureWriter | None,
) -> None:
    """Failures of one chunk in row order (then rule order); messages are built only for those written or kept."""
    rows = np.concatenate([idx for _, idx, _ in outcomes])
    rule_of = np.concatenate([np.full(len(idx), k) for k, idx, _ in outcomes])
    by_rule = {k: outcome for k, _, outcome in outcomes}
    order = np.lexsort((rule_of, rows))
    if writer is None:
        order = order[:room]
    for position in order:
        i, k = int(rows[position]), int(rule_of[position])
        rule = ruleset.rules[k]
        failure = Failure(
            row=chunk.first_row + i,
            field=rule.field,
            rule=rule.id,
            dimension=rule.dimension,
            value=", ".join(chunk.text(name, "raw")[i] for name in rule.fields),
            message=by_rule[k].explain(i),
        )
        if writer is not None:
            writer.write(failure)
        if room > 0:
            kept.append(failure)
            room -= 1
        elif writer is None:
            break


def check_file(
    path: str | Path,
    ruleset: RuleSet,
    *,
    as_of: dt.date,
    max_bytes: int | None = UPLOAD_MAX_BYTES,
    max_failures: int = DEFAULT_MAX_FAILURES,
    failures_path: Path | None = None,
    progress: Progress | None = None,
    block_size: int = BLOCK_SIZE,
) -> QualityReport:
    """Check a CSV file on disk; see `check_stream`."""
    with open_path(Path(path)) as stream:
        return check_stream(stream, ruleset, as_of=as_of, max_bytes=max_bytes, max_failures=max_failures,
                            failures_path=failures_path, progress=progress, block_size=block_size)
