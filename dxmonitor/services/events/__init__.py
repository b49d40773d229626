"""Dossier records without Django: format, validation, the Parquet event store, KPI queries, refresh, generator.

The Django side (HTTP ingest, tokens, aggregate tables, pages) calls `ingest_batch`, `refresh`, `read_output`
and `offered_but_unused`; each is one typed function over files.
"""

from dxmonitor.services.events.ingest import IngestResult, ingest_batch, ingest_file
from dxmonitor.services.events.kpi import KPIS, KpiQuery
from dxmonitor.services.events.refresh import RefreshResult, aggregates, read_output, refresh
from dxmonitor.services.events.store import EventStore
from dxmonitor.services.events.unused import UnusedServices, offered_but_unused
from dxmonitor.services.events.validate import BatchRejected, RecordError

__all__ = [
    "KPIS", "BatchRejected", "EventStore", "IngestResult", "KpiQuery", "RecordError", "RefreshResult",
    "UnusedServices", "aggregates", "ingest_batch", "ingest_file", "offered_but_unused", "read_output", "refresh",
]
