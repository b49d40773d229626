"""Services API: systems push dossier records (token, durable, idempotent); KPIs are read by people."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from dxmonitor.api import session_auth, token_auth
from dxmonitor.orgs.access import can_read_all, require, scope_unit_ids
from dxmonitor.orgs.selectors import codes_of
from dxmonitor.services import selectors
from dxmonitor.services.events.validate import BatchRejected
from dxmonitor.services.services import records_ingest

router = Router(tags=["services"])


def _parse(request: HttpRequest) -> tuple[list, str | None]:
    try:
        body = request.body
    except RequestDataTooBig:
        raise HttpError(413, "body: larger than the accepted size; send batches of at most 10,000 records") from None
    text = body.decode("utf-8", errors="strict") if body else ""
    content_type = request.headers.get("Content-Type", "")
    try:
        if "ndjson" in content_type:
            return [json.loads(line) for line in text.splitlines() if line.strip()], None
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HttpError(400, f"body: not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    if isinstance(data, list):
        return data, None
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        return data["records"], data.get("batch_id")
    raise HttpError(400, "body: expected a JSON list of records, {\"batch_id\", \"records\"} or NDJSON")


@router.post("/records", auth=token_auth, response={200: dict, 400: dict})
def push_records(request: HttpRequest):
    """Up to 10,000 records (JSON list, {batch_id, records} or NDJSON). The reply comes after the batch is on
    disk. Retrying the same batch (same `Idempotency-Key` header, `batch_id`, or identical body) stores nothing
    twice. Records may only be for the token's unit and the units below it."""
    token = request.auth  # type: ignore[attr-defined]
    records, batch_id = _parse(request)
    key = request.headers.get("Idempotency-Key") or batch_id or hashlib.sha256(request.body).hexdigest()
    allowed = codes_of(scope_unit_ids(token))
    try:
        result = records_ingest(token=token, records=records, batch_id=f"{token.prefix}:{key}", allowed_units=allowed)
    except BatchRejected as exc:
        return 400, {"detail": "batch rejected; nothing was stored", "errors": exc.errors, "error_count": exc.total}
    return 200, {"batch_id": key, "stored": result.records, "duplicate": result.duplicate_batch}


@router.get("/kpis", response=list[dict], auth=session_auth)
def kpis(request: HttpRequest, date_from: dt.date, date_to: dt.date):
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators read all units' KPIs.")
    return selectors.kpi_by_unit(date_from=date_from, date_to=date_to)


@router.get("/kpis/monthly", response=list[dict], auth=session_auth)
def monthly(request: HttpRequest, unit: str | None = None):
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators read all units' KPIs.")
    return selectors.monthly_series(unit_code=unit)
