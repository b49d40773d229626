"""The Django side of the platforms domain: the registry loads whole or not at all, quality runs are kept per
database with their failing rows, access follows the owner unit, pages and API show what is stored, and the
investments app finds the national platform a duplicate investment should use."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from dxmonitor.platforms import selectors
from dxmonitor.platforms.models import Platform, QualityRun, SharedDatabase
from dxmonitor.platforms.services import DATA_DIR, quality_check, registry_load

pytestmark = pytest.mark.django_db
GOOD = ("person_id,full_name,birth_date,gender,unit_code,updated_at\n"
        "001090012345,Nguyễn Văn An,1990-05-01,Nam,01,2026-06-01\n"
        "001190012346,Trần Thị Bình,1990-07-01,Nữ,01,2026-06-01\n")
BAD_ROW = "001190012347,Lê Văn Cường,1990-07-01,Nam,02,2026-06-01\n"  # a woman's digit; Hà Giang no longer exists


@pytest.fixture
def registry() -> dict[str, int]:
    return registry_load(actor=None, data=yaml.safe_load((DATA_DIR / "registry.yaml").read_text("utf-8")), via="test")


def test_the_shipped_registry_loads(registry: dict[str, int]) -> None:
    assert registry == {"platforms": 14, "databases": 8, "exchanges": 9}
    dc = SharedDatabase.objects.get(code="CSDLQG-DC")
    assert dc.owner_unit.name == "Bộ Công an" and dc.quality_profile == "person" and dc.ioc_status == "connected"
    assert SharedDatabase.objects.get(code="CSDLQG-DKDN").quality_rules.startswith("# Rules")
    assert {r.code for r in selectors.platform_refs()} >= {"VNEID", "NDXP", "PAYGOV"}
    g = selectors.graph()
    assert len(g["nodes"]) == 9 and len(g["edges"]) == 8 + 9


def test_a_bad_registry_changes_nothing(make_user: Any) -> None:
    data = {"platforms": [{"code": "X", "name": "Nền tảng X", "pillar": "space", "owner": "Bộ không có"}],
            "databases": [{"code": "D1", "name": "CSDL 1", "scope": "national", "owner": "BCA"}],
            "exchanges": [{"source": "D1", "target": "D9"}], "ioc": {"D1": "maybe"}}
    with pytest.raises(ValidationError) as exc:
        registry_load(actor=None, data=data)
    assert {"platforms[1]", "exchanges[1]", "ioc.D1"} <= exc.value.message_dict.keys()
    assert not Platform.objects.exists() and not SharedDatabase.objects.exists()
    with pytest.raises(PermissionDenied):
        registry_load(actor=make_user("leader"), data={})


def test_quality_runs_are_kept_with_their_failing_rows(registry: dict[str, int], make_user: Any) -> None:
    db = SharedDatabase.objects.get(code="CSDLQG-DC")
    officer = make_user("unit_officer", "BCA")
    run = quality_check(actor=officer, database=db, stream=io.BytesIO((GOOD + BAD_ROW).encode()),
                        file_name="dan-cu.csv", as_of=dt.date(2026, 11, 1))
    assert run.rows == 3 and run.failures_total >= 2 and run.score_correct is not None and run.score_correct < 1
    failures = (Path(settings.MEDIA_ROOT) / run.failures_file).read_text("utf-8")
    assert "\n3," in failures or ",3," in failures  # row 3 is the bad one
    assert selectors.history(db) == [run]


@pytest.mark.parametrize(("content", "field"), [
    (b"", "file"),
    (b"person_id,full_name\n001090012345,An\n", "file"),  # missing columns
    ("person_id,full_name,birth_date,gender,unit_code,updated_at\n".encode("utf-16"), "file"),
])
def test_bad_files_keep_nothing(registry: dict[str, int], content: bytes, field: str) -> None:
    db = SharedDatabase.objects.get(code="CSDLQG-DC")
    before = set((Path(settings.MEDIA_ROOT) / "quality").glob("*")) if (Path(settings.MEDIA_ROOT) / "quality").exists() else set()
    with pytest.raises(ValidationError) as exc:
        quality_check(actor=None, database=db, stream=io.BytesIO(content), file_name="x.csv")
    assert field in exc.value.message_dict
    assert not QualityRun.objects.exists()
    after = set((Path(settings.MEDIA_ROOT) / "quality").glob("*")) if (Path(settings.MEDIA_ROOT) / "quality").exists() else set()
    assert after == before


@pytest.mark.parametrize(("role", "unit_ref", "can_check", "sees_runs", "downloads"), [
    ("secretariat", "VPCP", True, True, True),
    ("leader", "VPCP", False, True, False),
    ("unit_officer", "BCA", True, True, True),
    ("unit_officer", "P01@2008-08-01", False, False, False),
])
def test_access_matrix(registry: dict[str, int], client_as: Any, role: str, unit_ref: str, can_check: bool,
                       sees_runs: bool, downloads: bool) -> None:
    db = SharedDatabase.objects.get(code="CSDLQG-DC")
    run = quality_check(actor=None, database=db, stream=io.BytesIO((GOOD + BAD_ROW).encode()), file_name="a.csv",
                        as_of=dt.date(2026, 11, 1))
    c = client_as(role, unit_ref)
    page = c.get("/platforms/databases/CSDLQG-DC/").content.decode()
    assert ('data-testid="quality-form"' in page) == can_check
    assert (c.get(f"/platforms/quality/{run.pk}/").status_code == 200) == sees_runs
    assert (c.get(f"/platforms/quality/{run.pk}/failures.csv").status_code == 200) == downloads
    upload = io.BytesIO(GOOD.encode())
    upload.name = "b.csv"
    response = c.post("/platforms/databases/CSDLQG-DC/", {"file": upload, "as_of": "2026-11-20"})
    assert (QualityRun.objects.count() == 2) == can_check
    if not can_check:
        assert response.status_code == 403


def test_pages_and_exports(registry: dict[str, int], client_as: Any) -> None:
    c = client_as("leader")
    body = c.get("/platforms/").content.decode()
    assert "Nền tảng định danh và xác thực điện tử (VNeID)" in body
    assert 'data-testid="count-government">8/18<' in body
    assert c.get("/platforms/?format=csv").content.decode("utf-8-sig").splitlines()[0].startswith("code,name")
    body = c.get("/platforms/databases/").content.decode()
    assert 'id="graph-data"' in body and "Cơ sở dữ liệu quốc gia về dân cư" in body
    assert c.get("/platforms/p/VNEID/").status_code == 200
    assert c.get("/platforms/p/NOPE/").status_code == 404


def test_upload_through_the_page_shows_the_scores(registry: dict[str, int], client_as: Any) -> None:
    c = client_as("unit_officer", "BCA")
    upload = io.BytesIO((GOOD + BAD_ROW).encode())
    upload.name = "dan-cu.csv"
    response = c.post("/platforms/databases/CSDLQG-DC/", {"file": upload, "as_of": "2026-11-01"}, follow=True)
    body = response.content.decode()
    run = QualityRun.objects.get()
    assert f'data-testid="score-overall">{run.score_overall * 100:.1f} %<'.replace(".", ",") in body
    bad = io.BytesIO(b"a;b\n1;2\n")
    bad.name = "x.csv"
    body = c.post("/platforms/databases/CSDLQG-DC/", {"file": bad}, follow=True).content.decode()
    assert 'data-testid="errors"' in body and QualityRun.objects.count() == 1


def test_api_and_system_tokens(registry: dict[str, int], client: Any, client_as: Any, unit: Callable[..., Any]) -> None:
    from dxmonitor.orgs.services import token_create

    _t, raw = token_create(actor=None, name="Hệ thống dân cư", unit=unit("BCA"), via="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    r = client.post("/api/v1/platforms/databases/CSDLQG-DC/exchanges", {"at": "2026-11-24T08:00:00+07:00"},
                    content_type="application/json", **auth)
    assert r.status_code == 201
    assert SharedDatabase.objects.get(code="CSDLQG-DC").ioc_last_exchange_at is not None
    r = client.post("/api/v1/platforms/databases/CSDLQG-DD/exchanges", {"at": "2026-11-24T08:00:00+07:00"},
                    content_type="application/json", **auth)
    assert r.status_code == 403  # the land database is not the token's unit's
    rows = client.get("/api/v1/platforms/databases", **auth).json()
    assert {x["code"] for x in rows} >= {"CSDLQG-DC", "CSDLQG-DD"}
    officer = client_as("unit_officer", "BCA")
    upload = io.BytesIO(GOOD.encode())
    upload.name = "a.csv"
    r = officer.post("/api/v1/platforms/databases/CSDLQG-DC/quality", {"file": upload})
    assert r.status_code == 201 and r.json()["rows"] == 2
    assert officer.get("/api/v1/platforms/databases/CSDLQG-DC/quality").json()[0]["rows"] == 2


def test_investments_link_to_the_registry(registry: dict[str, int], make_user: Any, unit: Callable[..., Any]) -> None:
    from dxmonitor.investments import selectors as investments
    from dxmonitor.investments.services import ProjectInput, project_create

    sec = make_user("secretariat")
    base = {"pillar": "government", "kind": "platform", "total_cost": 40_000_000_000, "start": dt.date(2026, 1, 1),
            "finish": dt.date(2026, 12, 31)}
    with pytest.raises(ValidationError) as exc:
        project_create(actor=sec, data=ProjectInput(code="X", name="X", owner_unit=unit("P01@2008-08-01"),
                                                    uses=["NOPE"], **base))
    assert "platforms" in exc.value.message_dict
    project_create(actor=sec, data=ProjectInput(
        code="CT-PAY", name="Nền tảng thanh toán trực tuyến tỉnh Cần Thơ", owner_unit=unit("P92@2025-07-01"),
        description="Thanh toán phí, lệ phí hồ sơ dịch vụ công trực tuyến", **base))
    project_create(actor=sec, data=ProjectInput(
        code="DNA-PAY", name="Nền tảng thanh toán trực tuyến dịch vụ công Đồng Nai", owner_unit=unit("P75@2025-07-01"),
        description="Thanh toán trực tuyến phí, lệ phí khi nộp hồ sơ", uses=["DVCQG"], **base))
    group = investments.duplicate_groups()[0][0]
    assert group.codes == ("CT-PAY", "DNA-PAY") and group.platform_code == "PAYGOV"
