"""Demo: a year of generated dossier records for all 34 provinces, stored and aggregated."""

from __future__ import annotations

import os
from typing import TextIO

from dxmonitor.services.events.generator import generate, procedure_catalogue
from dxmonitor.services.services import event_store, kpi_refresh, procedures_load


def load(*, out: TextIO, with_services: bool = True, records: int | None = None) -> None:
    if not with_services:
        out.write("  services: skipped (--no-services)\n")
        return
    n = records or int(os.environ.get("DXM_DEMO_RECORDS", "1000000"))
    store = event_store()
    import shutil

    shutil.rmtree(store.root, ignore_errors=True)
    procedures_load(actor=None, procedures=procedure_catalogue(), via="demo")
    written = generate(n, store.root, seed=2025, chunk=500_000)
    report = kpi_refresh(actor=None, full=True, via="demo")
    out.write(f"  services: {written:,} dossier records, {report['rows']} unit-month aggregates\n")
