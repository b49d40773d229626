"""Tasks API: directives, tasks with computed status and timeline, progress, reviews, extensions, scorecards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from dxmonitor.api import public, session_auth
from dxmonitor.core.time import today_vn
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.selectors import resolve_unit
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
    tasks_create,
)

router = Router(tags=["tasks"])


def _bad(exc: ValidationError) -> HttpError:
    detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items()) if hasattr(exc, "error_dict") \
        else "; ".join(exc.messages)
    return HttpError(400, detail)


def _visible_task(request: HttpRequest, missing: str, **lookup: int) -> Task:
    """The task the user may see that matches `lookup`; 404 with `missing` otherwise (the same answer for a task
    that does not exist and one the user may not see)."""
    task = selectors.tasks_for_user(request.user).filter(**lookup).first()
    if task is None:
        raise HttpError(404, missing)
    return task


class DirectiveOut(Schema):
    id: int
    kind: str
    number: str
    issued_on: dt.date
    title: str
    summary: str
    meeting_name: str
    meeting_date: dt.date | None
    is_public: bool


class TaskOut(Schema):
    id: int
    directive_id: int
    directive_number: str
    lead_unit_code: str
    lead_unit_name: str
    coordinating_unit_codes: list[str]
    content: str
    priority: str
    deadline_kind: str
    recurrence: str
    deadline_original: dt.date | None
    deadline_current: dt.date | None
    state: str
    status: str
    status_against_original: str
    days_overdue: int
    completed_on: dt.date | None
    target_value: Decimal | None
    target_unit: str
    value_reached: Decimal | None


def _task_out(task: Task) -> dict:
    selectors.annotate_status([task])
    return {
        "id": task.pk, "directive_id": task.directive_id, "directive_number": task.directive.number,
        "lead_unit_code": task.lead_unit.code, "lead_unit_name": task.lead_unit.name,
        "coordinating_unit_codes": [link.unit.code for link in task.coordinator_links.select_related("unit")],
        "content": task.content, "priority": task.priority, "deadline_kind": task.deadline_kind,
        "recurrence": task.recurrence, "deadline_original": task.deadline_original,
        "deadline_current": task.deadline_current, "state": task.state, "status": task.status,  # type: ignore[attr-defined]
        "status_against_original": task.status_original, "days_overdue": task.overdue_days,  # type: ignore[attr-defined]
        "completed_on": task.completed_on, "target_value": task.target_value, "target_unit": task.target_unit,
        "value_reached": task.value_reached,
    }


@router.get("/directives", response=list[DirectiveOut], auth=[session_auth, public])
def list_directives(request: HttpRequest):
    """Directives the caller may see (public directives for anonymous callers)."""
    return list(selectors.directives_for_user(request.user)[:500])


class DirectiveIn(Schema):
    kind: str
    number: str
    issued_on: dt.date
    title: str
    issuer: str | None = None
    summary: str = ""
    full_text: str = ""
    meeting_name: str = ""
    meeting_date: dt.date | None = None
    is_public: bool = False


@router.post("/directives", response={201: DirectiveOut}, auth=session_auth)
def create_directive(request: HttpRequest, payload: DirectiveIn):
    try:
        issuer = resolve_unit(payload.issuer) if payload.issuer else None
        directive = directive_create(actor=request.user, **payload.dict(exclude={"issuer"}), issuer=issuer, via="api")
    except UnitNotFound as exc:
        raise HttpError(400, f"issuer: {exc}") from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return 201, directive


class TaskIn(Schema):
    lead_unit: str
    content: str
    coordinating_units: list[str] = []
    priority: str = "normal"
    deadline_kind: str = "date"
    deadline: dt.date | None = None
    recurrence: str = ""
    target_value: Decimal | None = None
    target_unit: str = ""


@router.post("/directives/{directive_id}/tasks", response={201: list[TaskOut]}, auth=session_auth)
def add_tasks(request: HttpRequest, directive_id: int, payload: list[TaskIn]):
    directive = selectors.directives_for_user(request.user).filter(pk=directive_id).first()
    if directive is None:
        raise HttpError(404, "directive not found")
    try:
        inputs = [TaskInput(
            lead_unit=resolve_unit(t.lead_unit, on=directive.issued_on), content=t.content,
            coordinating_units=[resolve_unit(c, on=directive.issued_on) for c in t.coordinating_units],
            priority=t.priority, deadline_kind=t.deadline_kind, deadline=t.deadline, recurrence=t.recurrence,
            target_value=t.target_value, target_unit=t.target_unit) for t in payload]
        created = tasks_create(actor=request.user, directive=directive, tasks=inputs, via="api")
    except UnitNotFound as exc:
        raise HttpError(400, f"unit: {exc}") from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return 201, [_task_out(t) for t in created]


@router.get("/", response=list[TaskOut], auth=[session_auth, public])
def list_tasks(request: HttpRequest, unit: str | None = None, directive: int | None = None, status: str = "",
               q: str = "", deadline_from: dt.date | None = None, deadline_to: dt.date | None = None,
               limit: int = 200, offset: int = 0):
    unit_id = None
    if unit:
        try:
            unit_id = resolve_unit(unit).pk
        except UnitNotFound as exc:
            raise HttpError(400, f"unit: {exc}") from None
    qs = selectors.filter_tasks(selectors.tasks_for_user(request.user), unit_id=unit_id, directive_id=directive, q=q,
                                deadline_from=deadline_from, deadline_to=deadline_to)
    rows = [_task_out(t) for t in qs[:5000]]
    if status:
        rows = [r for r in rows if r["status"] == status]
    return rows[offset:offset + min(limit, 1000)]


class EventOut(Schema):
    at: dt.datetime
    kind: str
    unit: str | None = None
    text: str
    files: list[str] = []


class TaskDetailOut(TaskOut):
    timeline: list[EventOut]


@router.get("/{task_id}", response=TaskDetailOut, auth=[session_auth, public])
def get_task(request: HttpRequest, task_id: int):
    task = _visible_task(request, "task not found", pk=task_id)
    events = []
    for e in selectors.timeline(task):
        if "report" in e:
            r = e["report"]
            text = r.review_comment if e["kind"].startswith("review") else r.narrative
            events.append({"at": e["at"], "kind": e["kind"], "unit": r.unit.code, "text": text,
                           "files": [f.name for f in r.evidence.all()]})
        else:
            x = e["extension"]
            events.append({"at": e["at"], "kind": e["kind"], "text": x.reason if e["kind"] == "extension_requested"
                           else x.comment})
    return {**_task_out(task), "timeline": events}


@router.post("/{task_id}/reports", response={201: dict}, auth=session_auth)
def report_progress(request: HttpRequest, task_id: int, narrative: Form[str], percent: Form[int | None] = None,
                    propose_completion: Form[bool] = False, files: File[list[UploadedFile]] = None):  # type: ignore[assignment]
    task = _visible_task(request, "task not found", pk=task_id)
    try:
        if propose_completion:
            report = completion_propose(actor=request.user, task=task, narrative=narrative, files=files or [], via="api")
        else:
            report = progress_report_submit(actor=request.user, task=task, narrative=narrative, percent=percent,
                                            files=files or [], via="api")
    except ValidationError as exc:
        raise _bad(exc) from None
    return 201, {"report_id": report.pk}


class ReviewIn(Schema):
    accept: bool
    comment: str = ""


@router.post("/reports/{report_id}/review", response=TaskOut, auth=session_auth)
def review(request: HttpRequest, report_id: int, payload: ReviewIn):
    task = _visible_task(request, "report not found", reports__id=report_id)
    try:
        completion_review(actor=request.user, report=task.reports.get(pk=report_id), accept=payload.accept,
                          comment=payload.comment, via="api")
    except ValidationError as exc:
        raise _bad(exc) from None
    task.refresh_from_db()
    return _task_out(task)


class ExtensionIn(Schema):
    deadline: dt.date
    reason: str


@router.post("/{task_id}/extensions", response={201: dict}, auth=session_auth)
def ask_extension(request: HttpRequest, task_id: int, payload: ExtensionIn):
    task = _visible_task(request, "task not found", pk=task_id)
    try:
        ext = extension_request(actor=request.user, task=task, deadline=payload.deadline, reason=payload.reason,
                                via="api")
    except ValidationError as exc:
        raise _bad(exc) from None
    return 201, {"extension_id": ext.pk}


class DecisionIn(Schema):
    approve: bool
    comment: str = ""


@router.post("/extensions/{extension_id}/decision", response=TaskOut, auth=session_auth)
def decide_extension(request: HttpRequest, extension_id: int, payload: DecisionIn):
    task = _visible_task(request, "extension request not found", extensions__id=extension_id)
    try:
        extension_decide(actor=request.user, extension=task.extensions.get(pk=extension_id), approve=payload.approve,
                         comment=payload.comment, via="api")
    except ValidationError as exc:
        raise _bad(exc) from None
    task.refresh_from_db()
    return _task_out(task)


class ScoreOut(Schema):
    rank: int | None
    unit_code: str
    unit_name: str
    total: int
    not_due: int
    in_progress: int
    overdue: int
    completed_on_time: int
    completed_late: int
    on_time_rate: float | None
    days_overdue: int


@router.get("/-/scorecard", response=list[ScoreOut], auth=session_auth)
def scorecard(request: HttpRequest, as_of: dt.date | None = None, date_from: dt.date | None = None,
              date_to: dt.date | None = None, against: str = "original"):
    if against not in ("original", "current"):
        raise HttpError(400, "against: 'original' or 'current'")
    from dxmonitor.orgs.access import can_read_all, require

    require(can_read_all(request.user) or getattr(request.user, "unit_id", None) is not None, "No access.")
    day = as_of or today_vn()
    return [r.__dict__ for r in selectors.scorecard(as_of=day, date_from=date_from, date_to=date_to or day,
                                                    against=against)]


@router.get("/-/inbox", response=dict, auth=session_auth)
def inbox(request: HttpRequest):
    data = selectors.inbox(request.user)
    return {"proposals": [{"report_id": r.pk, "task_id": r.task_id, "unit": r.unit.code, "submitted_at": r.submitted_at}
                          for r in data["proposals"]],
            "extensions": [{"extension_id": e.pk, "task_id": e.task_id, "deadline_requested": e.deadline_requested}
                           for e in data["extensions"]]}
