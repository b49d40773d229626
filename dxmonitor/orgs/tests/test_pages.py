"""Pages of the shell and the units directory, in Vietnamese (default) and English."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from dxmonitor.cli import main

pytestmark = pytest.mark.django_db


def test_home_in_vietnamese_by_default(client: Client) -> None:
    body = client.get("/units/").content.decode()
    assert '<html lang="vi"' in body
    assert "Danh mục đơn vị" in body
    assert "3.321" in body  # communes, Vietnamese thousands separator


def test_language_switch_to_english(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/units/").content.decode()
    assert '<html lang="en"' in body and "Units directory" in body and "3,321" in body


def test_unit_search_without_diacritics_and_htmx_partial(client: Client) -> None:
    full = client.get("/units/", {"q": "ha giang"}).content.decode()
    assert "Hà Giang" in full and "<html" in full
    partial = client.get("/units/", {"q": "bo tt&tt"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Bộ Thông tin và Truyền thông" in partial and "<html" not in partial


def test_unit_page_shows_lineage(client: Client) -> None:
    body = client.get("/units/P02@2008-08-01/").content.decode()
    assert "Hà Giang" in body and "Tuyên Quang" in body and "NQ 202/2025/QH15" in body
    body = client.get("/units/P37@2025-07-01/").content.decode()
    for name in ("Hà Nam", "Nam Định", "Ninh Bình"):
        assert name in body
    assert client.get("/units/NOPE/").status_code == 404


def test_units_api_is_public_and_dated(client: Client) -> None:
    data = client.get("/api/v1/units/", {"valid_on": "2024-01-01", "kind": "province"}).json()
    assert len(data) == 63
    lineage = client.get("/api/v1/units/BTTTT/lineage").json()
    assert [u["name"] for u in lineage["successors"]] == ["Bộ Khoa học và Công nghệ"]
    assert client.get("/api/v1/units/", {"kind": "planet"}).status_code == 400


def test_tokens_api_for_admins_only(client_as: Any) -> None:
    officer = client_as("unit_officer", "BKHCN")
    assert officer.post("/api/v1/units/-/tokens", {"name": "x", "unit": "BKHCN"}, content_type="application/json").status_code == 403
    admin = client_as("admin")
    created = admin.post("/api/v1/units/-/tokens", {"name": "Cổng DVC", "unit": "BKHCN"}, content_type="application/json")
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("dxm_")
    listed = admin.get("/api/v1/units/-/tokens").json()
    assert "token" not in listed[0]
    assert admin.delete(f"/api/v1/units/-/tokens/{created.json()['id']}").json()["revoked_at"]
    from dxmonitor.orgs.services import token_authenticate

    assert token_authenticate(raw) is None


def _cli_json(capsys: Any, *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_units_contract(capsys: Any) -> None:
    old = _cli_json(capsys, "units", "--valid-on", "2024-01-01", "--kind", "province", "--format", "json")
    assert len(old) == 63
    assert set(old[0]) == {"code", "name", "kind", "valid_from", "valid_to", "parent_code"}
    assert len(_cli_json(capsys, "units", "--valid-on", "2026-01-01", "--kind", "province", "--format", "json")) == 34
    communes = _cli_json(capsys, "units", "--valid-on", "2026-01-01", "--kind", "commune", "--format", "json")
    assert len(communes) == 3321 and all(len(c["code"]) == 5 for c in communes)
    assert [u["name"] for u in _cli_json(capsys, "units", "--successors-of", "Hà Giang", "--format", "json")] == ["Tuyên Quang"]
    assert [u["code"] for u in _cli_json(capsys, "units", "--successors-of", "BTTTT", "--format", "json")] == ["BKHCN"]
    preds = _cli_json(capsys, "units", "--predecessors-of", "37", "--valid-on", "2026-01-01", "--format", "json")
    assert sorted(u["name"] for u in preds) == ["Hà Nam", "Nam Định", "Ninh Bình"]


def test_cli_unknown_unit_is_an_error(capsys: Any) -> None:
    assert main(["units", "--successors-of", "Tỉnh Không Có", "--format", "json"]) == 2
    assert "no unit matches" in capsys.readouterr().err


def test_today_counts() -> None:
    from dxmonitor.orgs.selectors import counts_by_kind

    counts = counts_by_kind(dt.date(2026, 1, 1))
    assert counts["province"] + counts["city"] == 34
