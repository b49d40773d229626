"""Who sees and changes which tasks: role x action x own unit / other unit, through the pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from dxmonitor.tasks.services import TaskInput, directive_create, task_create

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def tasks(make_user: Any, unit: Any) -> dict[str, Any]:
    sec = make_user("secretariat")
    private = directive_create(actor=sec, kind="conclusion", number="1/TB-VPCP", issued_on=D(2026, 1, 5), title="Mật")
    public = directive_create(actor=sec, kind="conclusion", number="2/TB-VPCP", issued_on=D(2026, 1, 6), title="Công khai",
                              is_public=True)
    own = task_create(actor=sec, directive=private, data=TaskInput(lead_unit=unit("BKHCN"), content="Việc của Bộ KH&CN",
                                                                   deadline=D(2026, 12, 1)))
    coord = task_create(actor=sec, directive=private, data=TaskInput(lead_unit=unit("BCA"), content="Việc phối hợp",
                                                                     deadline=D(2026, 12, 1), coordinating_units=[unit("BKHCN")]))
    other = task_create(actor=sec, directive=private, data=TaskInput(lead_unit=unit("BYT"), content="Việc của Bộ Y tế",
                                                                     deadline=D(2026, 12, 1)))
    pub = task_create(actor=sec, directive=public, data=TaskInput(lead_unit=unit("BYT"), content="Việc công khai",
                                                                  deadline=D(2026, 12, 1)))
    return {"own": own, "coord": coord, "other": other, "public": pub}


# role -> which of (own, coord, other, public) the role can read
READ = {
    "admin": (True, True, True, True),
    "secretariat": (True, True, True, True),
    "leader": (True, True, True, True),
    "unit_officer": (True, True, False, True),
    "reviewer": (True, True, False, True),
    "public": (False, False, False, True),
}


@pytest.mark.parametrize("role", list(READ))
def test_read_matrix(role: str, tasks: dict[str, Any], client: Client, client_as: Any) -> None:
    c = client if role == "public" else client_as(role, "BKHCN")
    got = tuple(c.get(f"/tasks/{tasks[k].pk}/").status_code == 200 for k in ("own", "coord", "other", "public"))
    assert got == READ[role]
    api = {t["id"] for t in c.get("/api/v1/tasks/").json()}
    assert tuple(tasks[k].pk in api for k in ("own", "coord", "other", "public")) == READ[role]


# role -> (report on own, report on coordinated, report on other, propose own, decide extension, add task)
WRITE = {
    "secretariat": (False, False, False, False, True, True),
    "leader": (False, False, False, False, False, False),
    "unit_officer": (True, True, False, True, False, False),
    "reviewer": (False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", list(WRITE))
def test_write_matrix(role: str, tasks: dict[str, Any], client_as: Any, make_user: Any) -> None:
    c = client_as(role, "BKHCN")

    def reported(key: str) -> bool:
        before = tasks[key].reports.count()
        c.post(f"/tasks/{tasks[key].pk}/report/", {"narrative": "tiến độ"})
        return tasks[key].reports.count() == before + 1

    def proposed() -> bool:
        from django.core.files.uploadedfile import SimpleUploadedFile

        c.post(f"/tasks/{tasks['own'].pk}/propose/", {"narrative": "xong", "files": SimpleUploadedFile("a.pdf", b"%PDF")})
        tasks["own"].refresh_from_db()
        return tasks["own"].state == "proposed"

    def decided() -> bool:
        from dxmonitor.tasks.services import extension_request

        officer = make_user("unit_officer", "BYT")
        ext = extension_request(actor=officer, task=tasks["other"], deadline=D(2027, 1, 31), reason="lý do")
        c.post(f"/tasks/{tasks['other'].pk}/decide_extension/", {"extension": ext.pk, "decision": "approve"})
        ext.refresh_from_db()
        return ext.decision == "approved"

    def added() -> bool:
        directive = tasks["own"].directive
        before = directive.tasks.count()
        c.post(f"/tasks/directives/{directive.pk}/add-task/", {"content": "mới", "lead_unit": "BTC", "deadline": "31/12/2026"})
        return directive.tasks.count() == before + 1

    got = (reported("own"), reported("coord"), reported("other"), proposed(), decided(), added())
    assert got == WRITE[role]


def test_officer_cannot_change_deadline_through_api(tasks: dict[str, Any], client_as: Any) -> None:
    c = client_as("unit_officer", "BKHCN")
    ext = c.post(f"/api/v1/tasks/{tasks['own'].pk}/extensions", {"deadline": "2027-03-31", "reason": "chờ"},
                 content_type="application/json")
    assert ext.status_code == 201
    decision = c.post(f"/api/v1/tasks/extensions/{ext.json()['extension_id']}/decision", {"approve": True},
                      content_type="application/json")
    assert decision.status_code == 403
    tasks["own"].refresh_from_db()
    assert tasks["own"].deadline_current == D(2026, 12, 1)
