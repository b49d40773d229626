"""Writes of the services domain: accepting a batch of records, refreshing the KPI aggregates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from dxmonitor.core.audit import audit_record
from dxmonitor.services.events.refresh import read_output, refresh
from dxmonitor.services.events.store import AppendResult, EventStore
from dxmonitor.services.events.validate import validate_records
from dxmonitor.services.models import KpiAggregate, Procedure, ProcedureUse


def event_store() -> EventStore:
    return EventStore(Path(settings.DXM_EVENTS_DIR))


def records_ingest(*, token: Any, records: Sequence[dict], batch_id: str, allowed_units: set[str]) -> AppendResult:
    """Validate and store a batch durably; the reply is sent only after this returns. Idempotent per batch id.

    The records themselves are not audited one by one (they are the append-only store); each accepted batch
    leaves one audit entry.
    """
    store = event_store()
    if store.has_batch(batch_id):
        return AppendResult(batch_id, 0, 0, True)
    table = validate_records(records, batch_id=batch_id, allowed_units=allowed_units)
    result = store.append(table, batch_id=batch_id)
    if not result.duplicate_batch:
        audit_record(actor=str(token), action="services.records_ingest", object_type="services.batch",
                     object_id=batch_id[:100], object_repr=f"{result.records} records",
                     after={"records": result.records, "files": result.files}, unit_key=token.unit.key, via="api")
    return result


SCORE_COLUMNS = ("score_transparency", "score_progress", "score_online", "score_digitisation", "score_satisfaction",
                 "score_766")


def kpi_refresh(*, actor: Any, full: bool = False, as_of: dt.datetime | None = None, via: str = "cli") -> dict[str, Any]:
    """Refresh the engine's aggregates (`events.refresh`: only the days touched since the last run, all with
    `full`) and load the rewritten months' unit x month and unit x procedure x month outputs into the database,
    which the pages read. A dossier's records all sit in its receipt month, so a month's outputs depend on that
    month's partition alone."""
    store = event_store()
    # Files of batches never acknowledged (a crash mid-write) are not records; readers skip them, this frees the
    # space. The margin leaves writes still in progress alone.
    store.recover(older_than_seconds=3600)
    result = refresh(store, full=full, as_of=as_of)
    months = list(result.months)
    units = read_output(store, "unit_month", months=months).to_pylist() if months else []
    uses = read_output(store, "procedure_month", months=months).to_pylist() if months else []
    objs = [KpiAggregate(
        unit_code=r["unit_code"], period=r["period"], received=r["received"], online_share=r["online_share"],
        on_time_share=r["on_time_share"], online_payment_share=r["online_payment_share"],
        e_result_share=r["e_result_share"], digitised_share=r["digitised_share"], reuse_share=r["reuse_share"],
        vneid_share=r["vneid_share"], satisfaction=r["satisfaction"], avg_processing_days=r["avg_processing_days"],
        online=round((r["online_share"] or 0) * r["received"]), on_time=round((r["on_time_share"] or 0) * r["received"]),
        scores={k: r.get(k) for k in SCORE_COLUMNS}) for r in units]
    use_objs = [ProcedureUse(unit_code=r["unit_code"], period=r["period"], procedure_code=r["procedure_code"],
                             received=r["received"], online=r["online"] or 0) for r in uses]
    with transaction.atomic():
        KpiAggregate.objects.filter(period__in=months).delete()
        KpiAggregate.objects.bulk_create(objs, batch_size=1000)
        ProcedureUse.objects.filter(period__in=months).delete()
        ProcedureUse.objects.bulk_create(use_objs, batch_size=2000)
        report = {"partitions": len(months), "rows": len(objs), "days": result.days, "full": full,
                  "seconds": result.seconds}
        audit_record(actor=actor, action="services.kpi_refresh", object_type="services.kpiaggregate", object_id="*",
                     object_repr="KPI aggregates", after={k: v for k, v in report.items() if k != "seconds"}, via=via)
    return report


@transaction.atomic
def procedures_load(*, actor: Any, procedures: Sequence[Any], via: str = "cli") -> int:
    """Replace the procedure catalogue (code, name, offered_online, fee_vnd)."""
    Procedure.objects.all().delete()
    Procedure.objects.bulk_create([Procedure(code=p.code, name=p.name, offered_online=p.online_eligible,
                                             fee_vnd=p.fee_vnd) for p in procedures])
    audit_record(actor=actor, action="services.procedures_load", object_type="services.procedure", object_id="*",
                 object_repr="procedure catalogue", after={"procedures": len(procedures)}, via=via)
    return len(procedures)
