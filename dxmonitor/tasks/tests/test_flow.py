"""The task workflow through the service functions: assign, report, propose, review, extend, cancel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxmonitor.core.models import AuditEntry
from dxmonitor.tasks import selectors
from dxmonitor.tasks.models import Task
from dxmonitor.tasks.services import (
    TaskInput,
    completion_propose,
    completion_review,
    directive_create,
    extension_decide,
    extension_request,
    progress_report_submit,
    task_close,
    task_create,
)
from dxmonitor.tasks.status import Status

pytestmark = pytest.mark.django_db
D = dt.date
UTC = dt.UTC


@pytest.fixture
def world(make_user: Any, unit: Any) -> dict[str, Any]:
    sec = make_user("secretariat")
    directive = directive_create(actor=sec, kind="conclusion", number="100/TB-VPCP", issued_on=D(2026, 3, 1),
                                 title="Kết luận phiên họp thử", is_public=True)
    task = task_create(actor=sec, directive=directive, data=TaskInput(
        lead_unit=unit("BKHCN"), content="Hoàn thành nền tảng dữ liệu dùng chung", deadline=D(2026, 6, 30),
        coordinating_units=[unit("BCA")]))
    return {"sec": sec, "directive": directive, "task": task,
            "lead": make_user("unit_officer", "BKHCN"), "coord": make_user("unit_officer", "BCA"),
            "other": make_user("unit_officer", "BYT")}


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")


def test_full_flow_completion_date_is_the_proposal_date(world: dict[str, Any]) -> None:
    task = world["task"]
    progress_report_submit(actor=world["coord"], task=task, narrative="Đã kết nối CSDL dân cư", percent=40,
                           now=dt.datetime(2026, 4, 1, 3, tzinfo=UTC))
    assert selectors.status_of(task, as_of=D(2026, 4, 2)) == Status.IN_PROGRESS
    report = completion_propose(actor=world["lead"], task=task, narrative="Đã vận hành chính thức", files=[_pdf()],
                                now=dt.datetime(2026, 6, 30, 16, 30, tzinfo=UTC))  # 23:30 in Hà Nội
    completion_review(actor=world["sec"], report=report, accept=True, now=dt.datetime(2026, 7, 5, tzinfo=UTC))
    task.refresh_from_db()
    assert task.completed_on == D(2026, 6, 30)
    assert selectors.status_of(task, as_of=D(2026, 8, 1)) == Status.COMPLETED_ON_TIME
    actions = list(AuditEntry.objects.filter(object_type="tasks.task", object_id=str(task.pk)).values_list("action", flat=True))
    assert {"task.create", "task.progress", "task.propose_completion", "task.completion_accepted"} <= set(actions)


def test_returned_completion_reopens_the_task(world: dict[str, Any]) -> None:
    report = completion_propose(actor=world["lead"], task=world["task"], narrative="Xong", files=[_pdf()])
    with pytest.raises(ValidationError, match="comment"):
        completion_review(actor=world["sec"], report=report, accept=False)
    task = completion_review(actor=world["sec"], report=report, accept=False, comment="Thiếu biên bản nghiệm thu")
    assert task.state == "open" and task.completed_on is None


def test_extension_moves_current_deadline_only(world: dict[str, Any]) -> None:
    task = world["task"]
    ext = extension_request(actor=world["lead"], task=task, deadline=D(2026, 9, 30), reason="Chờ hướng dẫn")
    extension_decide(actor=world["sec"], extension=ext, approve=True, comment="Đồng ý")
    task.refresh_from_db()
    assert (task.deadline_original, task.deadline_current) == (D(2026, 6, 30), D(2026, 9, 30))
    assert selectors.status_of(task, as_of=D(2026, 8, 1), against="current") == Status.NOT_DUE
    assert selectors.status_of(task, as_of=D(2026, 8, 1), against="original") == Status.OVERDUE


def test_permissions_of_the_flow(world: dict[str, Any]) -> None:
    task = world["task"]
    with pytest.raises(PermissionDenied):
        progress_report_submit(actor=world["other"], task=task, narrative="không phải việc của tôi")
    with pytest.raises(PermissionDenied):
        completion_propose(actor=world["coord"], task=task, narrative="xong", files=[_pdf()])
    with pytest.raises(PermissionDenied):
        extension_request(actor=world["coord"], task=task, deadline=D(2026, 12, 31), reason="x")
    with pytest.raises(PermissionDenied):
        task_close(actor=world["lead"], task=task, reason="x")
    report = completion_propose(actor=world["lead"], task=task, narrative="xong", files=[_pdf()])
    with pytest.raises(PermissionDenied):
        completion_review(actor=world["lead"], report=report, accept=True)


def test_bad_inputs_name_the_field(world: dict[str, Any], unit: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        task_create(actor=world["sec"], directive=world["directive"], data=TaskInput(
            lead_unit=unit("BTTTT"), content="", deadline=D(2025, 1, 1)))
    errors = exc.value.message_dict
    assert "task 1: content" in errors and "task 1: deadline" in errors and "task 1: lead_unit" in errors
    with pytest.raises(ValidationError, match="evidence"):
        completion_propose(actor=world["lead"], task=world["task"], narrative="xong")
    with pytest.raises(ValidationError, match="file type"):
        progress_report_submit(actor=world["lead"], task=world["task"], narrative="x",
                               files=[SimpleUploadedFile("virus.exe", b"MZ")])


def test_recurring_duty_generates_occurrences(world: dict[str, Any], unit: Any) -> None:
    parent = task_create(actor=world["sec"], directive=world["directive"], data=TaskInput(
        lead_unit=unit("BTC"), content="Báo cáo tình hình giải ngân", deadline_kind="recurring", recurrence="quarterly"))
    occurrences = list(parent.occurrences.order_by("deadline_original"))
    assert occurrences[0].occurrence_label == "Q1/2026" and occurrences[0].deadline_original == D(2026, 3, 31)
    assert occurrences[1].deadline_original == D(2026, 6, 30)
    assert len(occurrences) == 8
    assert not selectors.tasks_for_user(world["sec"]).filter(pk=parent.pk).exists()


def test_cancelled_task_leaves_the_scorecard(world: dict[str, Any]) -> None:
    before = {r.unit_code: r.total for r in selectors.scorecard(as_of=D(2026, 8, 1))}
    task_close(actor=world["sec"], task=world["task"], reason="Thay thế bởi Kết luận số 200", superseded=True)
    after = {r.unit_code: r.total for r in selectors.scorecard(as_of=D(2026, 8, 1))}
    assert before["BKHCN"] == after.get("BKHCN", 0) + 1
    assert Task.objects.get(pk=world["task"].pk).state == "superseded"
