"""HTTP ingest: token-bound scope, durable reply, a retried batch counted once, clear errors; refresh; pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dxmonitor.orgs.services import token_create
from dxmonitor.services.models import KpiAggregate
from dxmonitor.services.services import event_store, kpi_refresh
from dxmonitor.services.tests.test_events import rec

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(unit: Any) -> str:
    _, raw = token_create(actor=None, name="Một cửa Hà Nội", unit=unit("P01@2008-08-01"), via="test")
    return raw


def _post(client: Client, token: str, body: Any, **headers: str) -> Any:
    return client.post("/api/v1/services/records", data=json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def test_ingest_retry_and_refresh(client: Client, token: str) -> None:
    batch = {"batch_id": "hn-0001", "records": [rec(1), rec(2, dossier_id="d2", unit_code="00070")]}
    first = _post(client, token, batch)
    assert first.status_code == 200 and first.json() == {"batch_id": "hn-0001", "stored": 2, "duplicate": False}
    retry = _post(client, token, batch)
    assert retry.json()["duplicate"] is True and retry.json()["stored"] == 0
    kpi_refresh(actor=None, full=True)
    row = KpiAggregate.objects.get(unit_code="01", period="2026-03")
    assert row.received == 2 and row.online_share == 1.0
    assert kpi_refresh(actor=None)["partitions"] == 0  # incremental: nothing changed


def test_scope_and_errors(client: Client, token: str) -> None:
    outside = _post(client, token, [rec(1, unit_code="79")])
    assert outside.status_code == 400
    assert "record 0, unit_code: '79' is outside this token's scope" in outside.json()["errors"]
    assert not list(event_store().files())
    bad_json = client.post("/api/v1/services/records", data="[{", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bad_json.status_code == 400 and "not valid JSON" in bad_json.json()["detail"]
    assert _post(client, "dxm_nope_nope", [rec(1)]).status_code == 401
    huge = client.post("/api/v1/services/records", data=b"[" + b" " * (21 * 1024 * 1024) + b"]",
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert huge.status_code == 413


def test_ndjson(client: Client, token: str) -> None:
    body = "\n".join(json.dumps(r) for r in (rec(1), rec(2, dossier_id="d2")))
    response = client.post("/api/v1/services/records", data=body, content_type="application/x-ndjson",
                           HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY="nd-1")
    assert response.json()["stored"] == 2


def test_kpi_page_for_readers(client_as: Any, client: Client, token: str) -> None:
    _post(client, token, [rec(1)])
    kpi_refresh(actor=None, full=True)
    assert client_as("unit_officer", "BKHCN").get("/services/").status_code == 403
    body = client_as("leader").get("/services/").content.decode()
    assert "Hà Nội" in body and "100,0 %" in body


def test_offered_but_unused(client: Client, token: str) -> None:
    from dxmonitor.services.events.generator import Procedure
    from dxmonitor.services.selectors import unused_services
    from dxmonitor.services.services import procedures_load

    procedures_load(actor=None, procedures=[Procedure("P1", "Đăng ký khai sinh", 0, True, 5, 0.5),
                                            Procedure("P2", "Cấp phép xây dựng", 0, True, 15, 0.5),
                                            Procedure("P3", "Thủ tục giấy", 0, False, 5, 0.0)])
    _post(client, token, [rec(i, dossier_id=f"d{i}") for i in range(6)])  # six online dossiers of P1
    kpi_refresh(actor=None, full=True)
    import datetime as dt

    [row] = unused_services(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))
    assert (row["unit_code"], row["offered"], row["unused"], row["used_share"]) == ("01", 2, 1, 0.5)
    assert row["examples"] == ["Cấp phép xây dựng"]
