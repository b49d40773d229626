"""Long jobs record their progress; the queue runs jobs; the jobs page shows them."""

from __future__ import annotations

import io
from typing import Any

import pytest

from dxmonitor.core.jobs import Progress
from dxmonitor.core.models import JobProgress

pytestmark = pytest.mark.django_db


def test_progress_is_recorded_and_printed() -> None:
    out = io.StringIO()
    with Progress("test.job", total=4, stream=out, interval=0) as p:
        for _ in range(4):
            p.advance(1, "bước")
    job = JobProgress.objects.get(name="test.job")
    assert (job.done, job.total, job.status, job.percent) == (4, 4, "done", 100.0)
    assert "100.0%" in out.getvalue()


def test_failed_job_is_marked_failed() -> None:
    with pytest.raises(RuntimeError), Progress("test.fail", total=2, stream=io.StringIO()):
        raise RuntimeError("hỏng")
    job = JobProgress.objects.get(name="test.fail")
    assert job.status == "failed" and "hỏng" in job.message


def test_queued_job_runs_and_records_progress() -> None:
    from dxmonitor.core.tasks_queue import reload_reference_units

    result = reload_reference_units.enqueue()
    assert result.return_value == {"created": 0, "updated": 0}
    assert JobProgress.objects.filter(name="units.load_reference", status="done").exists()


def test_jobs_page_for_readers_only(client_as: Any) -> None:
    JobProgress.objects.create(name="services.refresh", total=10, done=5)
    assert client_as("unit_officer", "BKHCN").get("/audit/jobs/").status_code == 403
    body = client_as("leader").get("/audit/jobs/").content.decode()
    assert "services.refresh" in body and "every 2s" in body
