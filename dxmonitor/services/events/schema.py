"""Dossier record format v1: the status snapshot of one dossier that service systems send, as Arrow and JSON Schema."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

VERSION = "1"
SCHEMA_ID = "https://dxmonitor.gov.vn/schema/dossier-record-v1.schema.json"
STATUSES = ("received", "processing", "supplement_requested", "finished", "returned", "rejected", "withdrawn")
CHANNELS = ("online", "in_person", "postal")
FINAL_STATUSES = ("finished", "returned", "rejected", "withdrawn")
TIME = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class Field:
    """One field of the record: its Arrow type, whether it is required, and what it means."""

    name: str
    type: pa.DataType
    required: bool
    description: str
    kind: str  # code, text, time, enum, int, bool
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    extension: bool = False  # not in the list; optional additions of v1


FIELDS: tuple[Field, ...] = (
    Field("record_id", pa.string(), True, "Unique id of this snapshot; a record sent twice is counted once.", "code"),
    Field("dossier_id", pa.string(), True, "Id of the dossier (hồ sơ) in the sending system.", "code"),
    Field("unit_code", pa.string(), True,
          "Code of the handling unit valid on received_at (province 2 digits, commune 5 digits, or a ministry code). "
          "A string: leading zeros are kept.", "code"),
    Field("procedure_code", pa.string(), True, "Code of the administrative procedure (mã TTHC).", "code"),
    Field("channel", pa.string(), True, "How the dossier was submitted.", "enum", CHANNELS),
    Field("received_at", TIME, True, "Receipt time (NgayTiepNhan), ISO 8601 with offset.", "time"),
    Field("due_at", TIME, False, "Promised result time (NgayHenTra); not before received_at.", "time"),
    Field("status", pa.string(), True, "Status of the dossier at status_at.", "enum", STATUSES),
    Field("status_at", TIME, True, "When the dossier reached this status; the latest snapshot wins.", "time"),
    Field("finished_at", TIME, False, "End of processing (NgayKetThucXuLy); required when status is finished.",
          "time"),
    Field("supplement_requests", pa.int16(), False, "Requests to supplement the file so far.", "int", minimum=0,
          maximum=1000),
    Field("fee_vnd", pa.int64(), False, "Fees and charges due, in đồng.", "int", minimum=0, maximum=10**13),
    Field("paid_online", pa.bool_(), False, "The fee was paid online.", "bool"),
    Field("e_result", pa.bool_(), False, "The result was issued electronically.", "bool"),
    Field("digitised", pa.bool_(), False, "The dossier's components were digitised.", "bool"),
    Field("reused_data", pa.bool_(), False, "Data already held by the State was reused.", "bool"),
    Field("vneid_authenticated", pa.bool_(), False, "The applicant signed in with VNeID.", "bool"),
    Field("rating", pa.int8(), False, "Satisfaction rating, 1 (worst) to 5 (best).", "int", minimum=1, maximum=5),
    Field("procedure_name", pa.string(), False, "Name of the procedure, for display (optional).", "text",
          extension=True),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
FIELD_NAMES = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)
#: Columns the store adds to every record: which batch brought it.
STORE_FIELDS = (("batch_id", pa.string()),)
SCHEMA = pa.schema([(f.name, f.type) for f in FIELDS] + list(STORE_FIELDS))
CSV_HEADER = ",".join(FIELD_NAMES)


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of one record (draft 2020-12)."""
    props: dict[str, Any] = {}
    for f in FIELDS:
        null = [] if f.required else ["null"]
        prop: dict[str, Any]
        if f.kind == "enum":
            prop = {"enum": list(f.values) + ([None] if null else [])}
        elif f.kind == "time":
            prop = {"type": ["string", *null], "format": "date-time",
                    "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$"}
        elif f.kind == "int":
            prop = {"type": ["integer", *null]}
            if f.minimum is not None:
                prop["minimum"] = f.minimum
            if f.maximum is not None:
                prop["maximum"] = f.maximum
        elif f.kind == "bool":
            prop = {"type": ["boolean", *null]}
        else:
            prop = {"type": ["string", *null], "minLength": 1, "maxLength": 300 if f.kind == "text" else 100}
        prop["description"] = f.description
        props[f.name] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Dossier status record, version 1",
        "description": ("A status snapshot of one dossier (hồ sơ thủ tục hành chính) as a service system sends it. "
                        "A dossier's state is its record with the latest status_at. Times are ISO 8601 with an "
                        "offset (a time without one is refused); codes are strings and keep leading zeros. "
                        "Batches hold at most 10,000 records."),
        "type": "object",
        "required": list(REQUIRED),
        "additionalProperties": False,
        "properties": props,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
