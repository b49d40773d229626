"""Record format v1: a status snapshot of one dossier, as the portal's status sync sends them."""

from __future__ import annotations

import pyarrow as pa

VERSION = "1"
STATUSES = ("received", "processing", "supplement_requested", "finished", "returned", "rejected", "withdrawn")
CHANNELS = ("online", "in_person", "postal")
FINAL_STATUSES = ("finished", "returned", "rejected", "withdrawn")

#: (name, arrow type, required)
FIELDS: list[tuple[str, pa.DataType, bool]] = [
    ("record_id", pa.string(), True),
    ("dossier_id", pa.string(), True),
    ("unit_code", pa.string(), True),
    ("procedure_code", pa.string(), True),
    ("channel", pa.string(), True),
    ("received_at", pa.timestamp("us", tz="UTC"), True),
    ("due_at", pa.timestamp("us", tz="UTC"), False),
    ("status", pa.string(), True),
    ("status_at", pa.timestamp("us", tz="UTC"), True),
    ("finished_at", pa.timestamp("us", tz="UTC"), False),
    ("supplement_requests", pa.int16(), False),
    ("fee_vnd", pa.int64(), False),
    ("paid_online", pa.bool_(), False),
    ("e_result", pa.bool_(), False),
    ("digitised", pa.bool_(), False),
    ("reused_data", pa.bool_(), False),
    ("vneid_authenticated", pa.bool_(), False),
    ("rating", pa.int8(), False),
]
SCHEMA = pa.schema([(name, typ) for name, typ, _ in FIELDS] + [("batch_id", pa.string())])
CSV_HEADER = ",".join(name for name, _, _ in FIELDS)
