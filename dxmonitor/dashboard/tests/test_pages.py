"""Pages and API: who sees what, the numbers shown, public data only on the portal, open data, the brief."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dxmonitor.core.time import today_vn
from dxmonitor.dashboard import brief
from dxmonitor.indices import selectors as indices

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_the_public_portal(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/public/"
    body = client.get("/public/").content.decode()
    assert "Chưa có bảng xếp hạng" in body and "Chưa có văn bản" in body
    for url in ("/dashboard/brief/", "/dashboard/unit/BCA/", "/dashboard/brief.pdf"):
        assert client.get(url)["Location"] == "/public/"


@pytest.mark.parametrize(("role", "unit_ref", "status"), [
    ("leader", None, 200), ("secretariat", None, 200), ("admin", None, 200), ("unit_officer", "BKHCN", 302),
    ("reviewer", "BKHCN", 302),
])
def test_who_reads_the_overview(client_as: Any, role: str, unit_ref: str | None, status: int) -> None:
    client = client_as(role, unit_ref) if unit_ref else client_as(role)
    assert client.get("/").status_code == status
    assert client.get("/api/v1/dashboard/overview").status_code == (200 if status == 200 else 403)


def test_empty_overview_says_so(client_as: Any) -> None:
    body = client_as("leader").get("/").content.decode()
    assert "Chưa tính chỉ số nào" in body and "Chưa nhận được dữ liệu hồ sơ" in body
    assert "Chưa có dữ liệu" in body


def test_overview_shows_the_figures_in_vietnamese_format(client_as: Any, meeting: Callable[..., Any],
                                                         dti_year: Callable[[int], dict[str, float]]) -> None:
    dti_year(2022)
    day = today_vn()
    meeting(day - dt.timedelta(days=60), "Phiên họp thứ nhất", [
        ("BCA", "Kết nối dữ liệu dân cư", day - dt.timedelta(days=5), "high")])
    body = client_as("leader").get("/?metric=dti&year=2022").content.decode()
    top = indices.published_results(year=2022)[0]
    assert f"{top.score:.4f}".replace(".", ",") in body
    assert "Kết nối dữ liệu dân cư" in body and "0,0 %" in body
    data = json.loads(body.split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert data["layout"] == 63 and data["tiles"][0]["url"].startswith("/dashboard/unit/")
    en = client_as("leader")
    en.cookies["django_language"] = "en"
    assert "Operations overview" in en.get("/?metric=dti&year=2022").content.decode()


def test_overview_page_cache_follows_the_data_and_the_session(client_as: Any, make_user: Any,
                                                               meeting: Callable[..., Any]) -> None:
    """A session's rendered overview is reused until the data change; another user never gets it."""
    from dxmonitor.dashboard import cache as dash_cache

    first = client_as("leader")
    first.get("/")  # sets the CSRF cookie the cached page's forms carry
    before = first.get("/").content.decode()
    assert first.get("/").content.decode() == before  # the second rendering is the cached one
    day = today_vn()
    meeting(day - dt.timedelta(days=10), "Phiên họp thứ hai", [
        ("BCA", "Làm sạch dữ liệu đất đai", day - dt.timedelta(days=2), "high")])
    dash_cache.forget()
    after = first.get("/").content.decode()
    assert "Làm sạch dữ liệu đất đai" in after and "Làm sạch dữ liệu đất đai" not in before
    leader = first.user
    assert f'data-testid="current-user">{leader}<' in after
    other = make_user("secretariat")
    body = client_as(other).get("/").content.decode()
    assert f'data-testid="current-user">{other}<' in body and f'data-testid="current-user">{leader}<' not in body


def test_public_portal_shows_only_public_directives(client: Client, meeting: Callable[..., Any]) -> None:
    day = today_vn()
    meeting(day, "Phiên họp công khai", [("BYT", "Bệnh án điện tử", day + dt.timedelta(days=30), "normal")])
    meeting(day, "Phiên họp nội bộ", [("BQP", "Việc nội bộ mật", day + dt.timedelta(days=30), "normal")],
            public=False)
    body = client.get("/public/").content.decode()
    assert "Bệnh án điện tử" in body and "Việc nội bộ mật" not in body
    rows = json.loads(client.get("/public/data/public-tasks.json").content)
    assert [r["content"] for r in rows] == ["Bệnh án điện tử"] and rows[0]["status"] == "not_due"
    api = client.get("/api/v1/dashboard/public/directives").json()
    assert [d["title"] for d in api] == ["Kết luận Phiên họp công khai"]


def test_open_data_formats_agree(client: Client, dti_year: Callable[[int], dict[str, float]]) -> None:
    dti_year(2022)
    rows = json.loads(client.get("/public/data/dti.json?year=2022").content)
    top = indices.published_results(year=2022)[0]
    assert rows[0]["unit_code"] == top.unit_code and rows[0]["dti"] == round(top.score, 4)
    assert rows[0]["methodology"] == "dti-province-922" and len(rows) == 63
    text = client.get("/public/data/dti.csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 63 and table[0]["unit_name"] == "Đà Nẵng"
    xlsx = client.get("/public/data/dti.xlsx?year=2022")
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/public/data/secrets.csv").status_code == 404
    assert client.get("/public/data/dti.exe").status_code == 404
    assert "rank_p05" in client.get("/public/data/").content.decode()
    assert client.get("/api/v1/dashboard/public/rankings/2022").json()[0]["unit_name"] == "Đà Nẵng"


def test_api_map_and_profile(client_as: Any, client: Client, dti_year: Callable[[int], dict[str, float]]) -> None:
    dti_year(2022)
    leader = client_as("leader")
    m = leader.get("/api/v1/dashboard/map?metric=dti&year=2022").json()
    assert m["layout"] == 63 and m["with_value"] == 63
    assert leader.get("/api/v1/dashboard/map?metric=beauty&year=2022").status_code == 400
    assert Client().get("/api/v1/dashboard/map?metric=dti&year=2022").status_code == 401
    assert client.get("/api/v1/dashboard/public/map?metric=task_on_time").status_code == 400
    assert client.get("/api/v1/dashboard/public/map?metric=dti&year=2022").json()["with_value"] == 63
    assert leader.get("/api/v1/dashboard/units/BCA/profile").json()["unit"]["code"] == "BCA"
    assert leader.get("/api/v1/dashboard/units/nope/profile").status_code == 404


def test_meeting_brief(client_as: Any, make_user: Any, meeting: Callable[..., Any]) -> None:
    first = dt.date(2025, 3, 1)
    meeting(first, "Phiên họp thứ nhất", [("BCA", "Kết nối dữ liệu dân cư", dt.date(2025, 6, 30), "high"),
                                          ("BYT", "Bệnh án điện tử", dt.date(2025, 12, 31), "normal")])
    meeting(dt.date(2025, 9, 1), "Phiên họp thứ hai", [])
    leader = client_as("leader")
    body = leader.get("/dashboard/brief/?date=2025-09-01").content.decode()
    assert "Phiên họp thứ hai" in body and "Kết nối dữ liệu dân cư" in body
    assert "Quá hạn chưa hoàn thành: 1" in body and "Chưa đến hạn: 1" in body
    data = brief.brief_data(dt.date(2025, 9, 1), make_user("leader"))
    assert data["previous"]["name"] == "Phiên họp thứ nhất"
    assert dict(data["counts"]) == {"overdue": 1, "not_due": 1}
    assert "Chưa có cuộc họp nào trước đó" in leader.get("/dashboard/brief/?date=2025-03-01").content.decode()


@pytest.mark.skipif(not Path(brief.CHROMIUM).exists(), reason="Chromium is not installed")
def test_brief_pdf(client_as: Any, meeting: Callable[..., Any]) -> None:
    meeting(dt.date(2025, 3, 1), "Phiên họp thứ nhất", [("BCA", "Kết nối dữ liệu dân cư", dt.date(2025, 6, 30), "high")])
    response = client_as("secretariat").get("/dashboard/brief.pdf?date=2025-09-01")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Kết nối dữ liệu dân cư" in text
