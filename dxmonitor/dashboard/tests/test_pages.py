"""Dashboard and public portal: honest empty states, figures from the domains, access, open data, caching."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import Client

from dxmonitor.dashboard import selectors
from dxmonitor.indices.services import values_import
from dxmonitor.indices.tests.test_engine import DATA, MAINS
from dxmonitor.tasks.services import TaskInput, directive_create, task_create

pytestmark = pytest.mark.django_db


def _dti_2022() -> None:
    with (DATA / "dti2022_published.csv").open(encoding="utf-8") as fh:
        values = {r["unit_code"]: {c: float(r[c]) for c in MAINS} for r in csv.DictReader(fh)}
    values_import(actor=None, methodology_code="dti-province-922", period=2022, values=values, source="published")


def test_anonymous_visitors_go_to_the_public_portal(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/public/"
    assert "Chưa có bảng xếp hạng" in client.get("/public/").content.decode()


def test_empty_overview_says_so(client_as: Any) -> None:
    body = client_as("leader").get("/").content.decode()
    assert "Chưa có chỉ số" in body and "Chưa nhận được dữ liệu hồ sơ" in body


def test_officers_do_not_see_the_overview(client_as: Any) -> None:
    assert client_as("unit_officer", "BKHCN").get("/")["Location"] == "/tasks/mine/"


def test_overview_figures_come_from_the_domains(client_as: Any, make_user: Any, unit: Any) -> None:
    _dti_2022()
    sec = make_user("secretariat")
    directive = directive_create(actor=sec, kind="conclusion", number="5/TB-VPCP", issued_on=dt.date(2022, 3, 1),
                                 title="Kết luận", is_public=True, meeting_name="Phiên họp thứ nhất",
                                 meeting_date=dt.date(2022, 3, 1))
    task_create(actor=sec, directive=directive, data=TaskInput(lead_unit=unit("BCA", on=dt.date(2022, 3, 1)),
                                                               content="Kết nối dữ liệu dân cư", deadline=dt.date(2022, 6, 30),
                                                               priority="high"))
    head = selectors.headline()
    assert head["tasks_overdue"] == 1 and head["dti"]["leader"] == "Đà Nẵng"
    map_data = selectors.map_data("dti", 2022)
    assert map_data["layout"] == 63
    tile = next(t for t in map_data["tiles"] if t["code"] == "48")
    assert tile["value"] == pytest.approx(0.800175) and tile["rank"] == 1
    assert selectors.map_data("dti", 2026)["layout"] == 34
    body = client_as("leader").get("/?metric=dti&year=2022").content.decode()
    assert "0,8002" in body
    brief = client_as("leader").get("/dashboard/brief/").content.decode()
    assert "Phiên họp thứ nhất" in brief
    profile = client_as("leader").get("/dashboard/unit/BCA/").content.decode()
    assert "Kết nối dữ liệu dân cư" in profile
    with pytest.raises(ValueError, match="metric"):
        selectors.map_data("beauty", 2022)


def test_cache_follows_writes(make_user: Any, unit: Any, django_capture_on_commit_callbacks: Any) -> None:
    assert selectors.headline()["tasks_total"] == 0
    sec = make_user("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        directive = directive_create(actor=sec, kind="plan", number="6/KH", issued_on=dt.date(2026, 1, 1), title="Kế hoạch")
        task_create(actor=sec, directive=directive, data=TaskInput(lead_unit=unit("BYT"), content="Bệnh án điện tử toàn quốc",
                                                                   deadline=dt.date(2026, 12, 31)))
    assert selectors.headline()["tasks_total"] == 1


def test_open_data(client: Client) -> None:
    _dti_2022()
    rows = json.loads(client.get("/public/data/dti.json?year=2022").content)
    assert {k: rows[0][k] for k in ("year", "rank", "unit_code", "unit_name", "dti")} == {
        "year": 2022, "rank": 1, "unit_code": "48", "unit_name": "Đà Nẵng", "dti": 0.8002}
    assert all(0 <= rows[0][p] <= 1 for p in ("cqs", "kts", "xhs"))
    text = client.get("/public/data/dti.csv?year=2022").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][3] == "Đà Nẵng"
    assert client.get("/public/data/dti.xlsx?year=2022")["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/public/data/secrets.csv").status_code == 404
    assert "unit_code" in client.get("/public/data/").content.decode()
