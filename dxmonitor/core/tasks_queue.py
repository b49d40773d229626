"""Background jobs on the database-backed queue (django-tasks): `dxmonitor worker` runs them."""

from __future__ import annotations

import io

from django_tasks import task

from dxmonitor.core.jobs import Progress


@task()
def reload_reference_units() -> dict[str, int]:
    """Refresh the shipped units registry (a long job with recorded progress)."""
    from dxmonitor.orgs.services import units_load_reference

    with Progress("units.load_reference", total=1, stream=io.StringIO()) as progress:
        report = units_load_reference(actor=None, via="worker")
        progress.advance(1, f"{report.created} created, {report.updated} updated")
    return {"created": report.created, "updated": report.updated}
