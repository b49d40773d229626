"""Progress of long jobs: one `JobProgress` row the pages poll, and a progress line on stderr for the CLI."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO

from django.utils import timezone

from dxmonitor.core.models import JobProgress


class Progress:
    """`with Progress("services.refresh", total=n) as p: ... p.advance(k)` — records and prints progress.

    The database row is written at most twice a second so progress costs nothing measurable.
    """

    def __init__(self, name: str, *, total: int | None = None, actor: Any = None, stream: TextIO | None = None,
                 record: bool = True, interval: float = 0.5) -> None:
        self.name = name
        self.total = total
        self.done = 0
        self.message = ""
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self._last_write = 0.0
        self._last_print_pct = -10.0
        self.job: JobProgress | None = None
        if record:
            self.job = JobProgress.objects.create(
                name=name, total=total, started_by=actor if getattr(actor, "pk", None) else None
            )

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        status = JobProgress.Status.FAILED if exc_type else JobProgress.Status.DONE
        if exc is not None:
            self.message = f"{type(exc).__name__}: {exc}"[:300]
        self._flush(status=status)
        self._print(final=True)

    def set_total(self, total: int) -> None:
        self.total = total
        self._flush()

    def advance(self, n: int = 1, message: str = "") -> None:
        self.done += n
        if message:
            self.message = message
        now = time.monotonic()
        if now - self._last_write >= self.interval:
            self._last_write = now
            self._flush()
            self._print()

    def _flush(self, status: str | None = None) -> None:
        if self.job is None:
            return
        fields = {"done": self.done, "total": self.total, "message": self.message[:300], "updated_at": timezone.now()}
        if status:
            fields["status"] = status
            fields["finished_at"] = timezone.now()
        JobProgress.objects.filter(pk=self.job.pk).update(**fields)

    def _print(self, final: bool = False) -> None:
        if self.stream is None:
            return
        if self.total:
            pct = 100.0 * self.done / self.total
            if not final and not self.stream.isatty() and pct - self._last_print_pct < 10:
                return
            self._last_print_pct = pct
            bar = "#" * int(pct // 5)
            line = f"{self.name}: [{bar:<20}] {pct:5.1f}% ({self.done:,}/{self.total:,}) {self.message}"
        else:
            line = f"{self.name}: {self.done:,} {self.message}"
        end = "\n" if final or not self.stream.isatty() else "\r"
        self.stream.write(line + end)
        self.stream.flush()
