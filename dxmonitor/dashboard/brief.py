"""The meeting brief: for a meeting date, the state of the previous meeting's tasks, the units that moved most and
the alerts; printable as a page and as a PDF rendered by Debian's headless Chromium (`--print-to-pdf`).

Chromium rather than LibreOffice or WeasyPrint: it is already installed for the browser tests, draws the same
HTML and CSS the page uses (so the PDF equals the page), and needs no extra Python package.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from dxmonitor.dashboard import selectors
from dxmonitor.dashboard.cache import cached
from dxmonitor.indices import selectors as indices
from dxmonitor.tasks import selectors as tasks

CHROMIUM = os.environ.get("DXM_CHROMIUM", "/usr/bin/chromium")
PDF_TIMEOUT_SECONDS = 60
STATUS_ORDER = ("overdue", "in_progress", "not_due", "completed_late", "completed_on_time")


class PdfUnavailableError(RuntimeError):
    """Chromium is missing or failed: the page itself can still be printed from the browser."""


def meetings() -> list[dict[str, Any]]:
    """Every meeting on record (directives that conclude a meeting), most recent first."""
    return [{"id": m.pk, "name": m.meeting_name, "date": m.meeting_date or m.issued_on, "number": m.number}
            for m in tasks.meetings()]


def _directive_tasks(directive_id: int, reader: Any, day: dt.date) -> list[dict[str, Any]]:
    qs = tasks.filter_tasks(tasks.tasks_for_user(reader), directive_id=directive_id).select_related("lead_unit")
    out = []
    for t in qs:
        if t.deadline_kind == "recurring" and t.parent_id is None:
            continue  # the template of a recurring duty; its occurrences are listed
        status = tasks.status_of(t, as_of=day)
        if status == "cancelled":
            continue
        out.append({"id": t.pk, "content": t.content, "lead_unit": t.lead_unit.name, "lead_unit_key": t.lead_unit.key,
                    "deadline": t.deadline_current or t.deadline_original, "status": str(status)})
    return sorted(out, key=lambda r: (STATUS_ORDER.index(r["status"]), r["lead_unit"], r["id"]))


def _task_movers(since: dt.date | None, day: dt.date, limit: int = 8) -> list[dict[str, Any]]:
    """Units whose on-time task rate changed most between the previous meeting and this one."""
    if since is None:
        return []
    before = {s.unit_key: s for s in tasks.scorecard(as_of=since, date_to=since)}
    out: list[dict[str, Any]] = []
    for s in tasks.scorecard(as_of=day, date_to=day):
        b = before.get(s.unit_key)
        if b is None or b.on_time_rate is None or s.on_time_rate is None:
            continue
        out.append({"unit_key": s.unit_key, "unit": s.unit_name, "before": b.on_time_rate, "now": s.on_time_rate,
                    "change": s.on_time_rate - b.on_time_rate, "overdue_before": b.overdue, "overdue_now": s.overdue})
    return sorted((r for r in out if r["change"]), key=lambda r: -abs(r["change"]))[:limit]


def _dti_movers(day: dt.date, limit: int = 8) -> dict[str, Any]:
    """The provinces whose DTI rank moved most in the latest index year known on the day."""
    years = [y for y in indices.years() if y < day.year]
    if not years:
        return {"year": None, "rows": []}
    results = [r for r in selectors.ranking(years[-1]) if r["rank_change"]]
    rows = sorted(results, key=lambda r: (-abs(r["rank_change"]), r["rank"]))[:limit]
    return {"year": years[-1], "rows": [{"unit": r["unit_name"], "unit_code": r["unit_code"], "rank": r["rank"],
                                         "rank_change": r["rank_change"], "score": r["score"]} for r in rows]}


def brief_data(meeting_date: dt.date, reader: Any) -> dict[str, Any]:
    """The brief for a meeting held on `meeting_date`, computed as of that day. `reader` must be allowed to read
    every task (the view checks)."""

    def build() -> dict[str, Any]:
        all_meetings = meetings()
        current = next((m for m in all_meetings if m["date"] == meeting_date), None)
        earlier = [m for m in all_meetings if m["date"] < meeting_date]
        previous = earlier[0] if earlier else None
        prev_tasks = _directive_tasks(previous["id"], reader, meeting_date) if previous else []
        counts = [(s, sum(1 for t in prev_tasks if t["status"] == s)) for s in STATUS_ORDER]
        return {
            "meeting_date": meeting_date, "current": current, "previous": previous, "prev_tasks": prev_tasks,
            "counts": [(s, n) for s, n in counts if n],
            "task_movers": _task_movers(previous["date"] if previous else None, meeting_date),
            "dti_movers": _dti_movers(meeting_date),
            "alerts": selectors.alerts(meeting_date),
        }

    return cached(f"brief:{meeting_date.isoformat()}", build)


def html_to_pdf(html: str) -> bytes:
    """Print an HTML document (self-contained: inline CSS, no script) to PDF with headless Chromium."""
    if not Path(CHROMIUM).exists():
        raise PdfUnavailableError(f"Chromium is not installed at {CHROMIUM} (Debian package chromium)")
    with tempfile.TemporaryDirectory(prefix="dxm-brief-") as tmp:
        src, out = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()]
        try:
            subprocess.run(cmd, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False)  # noqa: S603
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailableError("Chromium took too long to print the brief") from exc
        if not out.exists() or out.stat().st_size == 0:
            raise PdfUnavailableError("Chromium did not produce a PDF")
        return out.read_bytes()
