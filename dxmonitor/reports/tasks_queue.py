"""Scheduled report generation on the background queue: `dxmonitor report schedule` (run daily by a timer)
enqueues the reports whose period has just ended and are not in the archive yet; `dxmonitor worker` builds them."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from dxmonitor.core.time import today_vn
from dxmonitor.reports.models import ReportArchive


@task()
def build_report(kind: str, period: str, unit_code: str | None = None) -> int:
    from dxmonitor.reports.services import report_build

    return report_build(actor=None, kind=kind, period=period, unit_code=unit_code, via="schedule").pk


def due_periods(day: dt.date) -> list[str]:
    """Periods that ended before `day`: last half-year and last year, so they are filed once they close."""
    out = []
    if day.month >= 7:
        out.append(f"{day.year}-H1")
    out.append(f"{day.year - 1}-H2")
    out.append(str(day.year - 1))
    return out


def schedule_due(day: dt.date | None = None) -> list[str]:
    """Enqueue the national reports due and not yet archived; returns the periods enqueued (idempotent)."""
    enqueued = []
    for period in due_periods(day or today_vn()):
        if not ReportArchive.objects.filter(kind="national", period=period).exists():
            build_report.enqueue("national", period)
            enqueued.append(period)
    return enqueued
