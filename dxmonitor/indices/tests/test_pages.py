"""Index pages and API read the values in the database; an empty database says so."""

from __future__ import annotations

import csv

import pytest
from django.test import Client

from dxmonitor.indices.services import ImportRejected, values_import
from dxmonitor.indices.tests.test_engine import DATA, MAINS

pytestmark = pytest.mark.django_db


def _load() -> None:
    with (DATA / "dti2022_published.csv").open(encoding="utf-8") as fh:
        values = {r["unit_code"]: {c: float(r[c]) for c in MAINS} for r in csv.DictReader(fh)}
    values_import(actor=None, methodology_code="dti-province-922", period=2022, values=values, source="published")


def test_empty_state(client: Client) -> None:
    assert "No index" in client.get("/indices/", HTTP_ACCEPT_LANGUAGE="en").content.decode() or \
        "Chưa" in client.get("/indices/").content.decode()


def test_results_explain_and_api(client: Client) -> None:
    _load()
    body = client.get("/indices/?year=2022").content.decode()
    assert "Đà Nẵng" in body and "0,8002" in body
    explain = client.get("/indices/2022/48/").content.decode()
    assert "Hoạt động chính quyền số" in explain and "kết quả đã công bố" in explain
    api = client.get("/api/v1/indices/results/2022").json()
    assert api[0]["unit_code"] == "48" and api[0]["rank"] == 1 and round(api[0]["score"], 4) == 0.8002


def test_import_refuses_unknown_units_and_codes() -> None:
    with pytest.raises(ImportRejected, match="unit '99'"):
        values_import(actor=None, methodology_code="dti-province-922", period=2022, values={"99": {"awareness": 1}})
    with pytest.raises(ImportRejected, match="unknown indicator 'x'"):
        values_import(actor=None, methodology_code="dti-province-922", period=2022, values={"48": {"x": 1}})
