"""Writes of the tasks domain: one audited, atomic function per action of the task workflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dxmonitor.core.audit import audit_record, snapshot
from dxmonitor.core.text import clean_text, fold_words
from dxmonitor.orgs.access import is_secretariat, require
from dxmonitor.tasks.models import (
    DeadlineKind,
    Directive,
    DirectiveAttachment,
    DirectiveKind,
    Evidence,
    ExtensionRequest,
    Priority,
    ProgressReport,
    Recurrence,
    Task,
    TaskCoordinator,
    TaskState,
)
from dxmonitor.tasks.selectors import task_reporting_unit_ids, vn_date

MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".png", ".jpg", ".jpeg", ".odt", ".zip")

_DIRECTIVE_FIELDS = ("kind", "number", "issued_on", "issuer_id", "title", "summary", "meeting_name", "meeting_date",
                     "is_public")
_TASK_FIELDS = ("directive_id", "lead_unit_id", "content", "priority", "deadline_kind", "recurrence",
                "deadline_original", "deadline_current", "target_value", "target_unit", "target_indicator_code",
                "value_reached", "state", "completed_on", "closing_reason")


def _check_file(upload: UploadedFile, field: str) -> None:
    name = (upload.name or "").lower()
    if not name.endswith(ALLOWED_EXTENSIONS):
        raise ValidationError({field: f"'{upload.name}': file type not accepted ({', '.join(ALLOWED_EXTENSIONS)})"})
    if upload.size and upload.size > MAX_FILE_BYTES:
        raise ValidationError({field: f"'{upload.name}' is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"})


@transaction.atomic
def directive_create(
    *, actor: Any, kind: str, number: str, issued_on: dt.date, title: str, issuer: Any = None, summary: str = "",
    full_text: str = "", meeting_name: str = "", meeting_date: dt.date | None = None, is_public: bool = False,
    attachments: Sequence[UploadedFile] = (), via: str = "web",
) -> Directive:
    require(is_secretariat(actor), "Only the secretariat registers directives.")
    errors = {}
    if kind not in DirectiveKind.values:
        errors["kind"] = f"unknown kind '{kind}'"
    number, title = clean_text(number), clean_text(title)
    if not number:
        errors["number"] = "the number and symbol are required (e.g. 264/TB-VPCP)"
    if not title:
        errors["title"] = "the title is required"
    if number and Directive.objects.filter(number=number, issued_on=issued_on).exists():
        errors["number"] = f"directive {number} of {issued_on:%d/%m/%Y} already exists"
    if errors:
        raise ValidationError(errors)
    for upload in attachments:
        _check_file(upload, "attachments")
    directive = Directive.objects.create(
        kind=kind, number=number, issued_on=issued_on, issuer=issuer, title=title, summary=clean_text(summary),
        full_text=full_text.strip(), meeting_name=clean_text(meeting_name), meeting_date=meeting_date,
        is_public=is_public, created_by=actor if getattr(actor, "pk", None) else None,
        search_key=fold_words(f"{number} {title} {summary}"),
    )
    for upload in attachments:
        DirectiveAttachment.objects.create(directive=directive, file=upload, name=upload.name or "file",
                                           size=upload.size or 0, uploaded_by=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action="directive.create", obj=directive, after=snapshot(directive, _DIRECTIVE_FIELDS),
                 via=via)
    return directive


@dataclass(frozen=True)
class TaskInput:
    lead_unit: Any
    content: str
    coordinating_units: Sequence[Any] = ()
    priority: str = Priority.NORMAL
    deadline_kind: str = DeadlineKind.DATE
    deadline: dt.date | None = None
    recurrence: str = ""
    target_value: Decimal | None = None
    target_unit: str = ""
    target_indicator_code: str = ""


def _validate_task_input(data: TaskInput, directive: Directive) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not clean_text(data.content):
        errors["content"] = "the content of the task is required"
    if data.priority not in Priority.values:
        errors["priority"] = f"unknown priority '{data.priority}'"
    if data.deadline_kind not in DeadlineKind.values:
        errors["deadline_kind"] = f"unknown deadline kind '{data.deadline_kind}'"
    if data.deadline_kind == DeadlineKind.DATE and data.deadline is None:
        errors["deadline"] = "a task with a deadline needs its date"
    if data.deadline_kind == DeadlineKind.DATE and data.deadline and data.deadline < directive.issued_on:
        errors["deadline"] = f"the deadline {data.deadline:%d/%m/%Y} is before the directive's date"
    if data.deadline_kind == DeadlineKind.RECURRING and data.recurrence not in (Recurrence.MONTHLY, Recurrence.QUARTERLY,
                                                                                  Recurrence.YEARLY):
        errors["recurrence"] = "a recurring duty needs monthly, quarterly or yearly"
    if data.lead_unit is None:
        errors["lead_unit"] = "the lead unit is required"
    elif not data.lead_unit.valid_on(directive.issued_on):
        errors["lead_unit"] = f"{data.lead_unit.name} did not exist on {directive.issued_on:%d/%m/%Y}"
    for unit in data.coordinating_units:
        if data.lead_unit is not None and unit.pk == data.lead_unit.pk:
            errors["coordinating_units"] = f"{unit.name} is already the lead unit"
    return errors


def _create_task(directive: Directive, data: TaskInput) -> Task:
    deadline = data.deadline if data.deadline_kind == DeadlineKind.DATE else None
    content = clean_text(data.content)
    task = Task.objects.create(
        directive=directive, lead_unit=data.lead_unit, content=content, priority=data.priority,
        deadline_kind=data.deadline_kind, recurrence=data.recurrence if data.deadline_kind == DeadlineKind.RECURRING else "",
        deadline_original=deadline, deadline_current=deadline, target_value=data.target_value,
        target_unit=clean_text(data.target_unit), target_indicator_code=clean_text(data.target_indicator_code),
        search_key=fold_words(f"{content} {data.lead_unit.name} {directive.number}"),
    )
    for unit in data.coordinating_units:
        TaskCoordinator.objects.get_or_create(task=task, unit=unit)
    if task.deadline_kind == DeadlineKind.RECURRING:
        _generate_occurrences(task, until=directive.issued_on.replace(year=directive.issued_on.year + 2))
    return task


@transaction.atomic
def tasks_create(*, actor: Any, directive: Directive, tasks: Sequence[TaskInput], via: str = "web") -> list[Task]:
    """Add tasks to a directive; all or nothing, errors keyed by task number (1-based)."""
    require(is_secretariat(actor), "Only the secretariat assigns tasks.")
    errors = {}
    for n, data in enumerate(tasks, start=1):
        for field, message in _validate_task_input(data, directive).items():
            errors[f"task {n}: {field}"] = message
    if errors:
        raise ValidationError(errors)
    created = []
    for data in tasks:
        task = _create_task(directive, data)
        audit_record(actor=actor, action="task.create", obj=task, after=snapshot(task, _TASK_FIELDS) | {
            "coordinating_units": [u.key for u in data.coordinating_units]}, unit_key=data.lead_unit.key, via=via)
        created.append(task)
    return created


def task_create(*, actor: Any, directive: Directive, data: TaskInput, via: str = "web") -> Task:
    return tasks_create(actor=actor, directive=directive, tasks=[data], via=via)[0]


def _period_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _generate_occurrences(parent: Task, *, until: dt.date) -> int:
    """Occurrences of a recurring duty from the directive's date to `until`, each due at its period's end."""
    start = parent.directive.issued_on
    step = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}[Recurrence(parent.recurrence)]
    existing = set(parent.occurrences.values_list("occurrence_label", flat=True))
    year, month = start.year, start.month
    if step == 3:
        month = ((month - 1) // 3) * 3 + 1
    if step == 12:
        month = 1
    created = 0
    while True:
        end_month = month + step - 1
        end_year = year + (end_month - 1) // 12
        end_month = (end_month - 1) % 12 + 1
        due = _period_end(end_year, end_month)
        if due > until:
            break
        label = {1: f"{month:02d}/{year}", 3: f"Q{(month - 1) // 3 + 1}/{year}", 12: str(year)}[step]
        if label not in existing and due >= start:
            Task.objects.create(
                directive=parent.directive, lead_unit=parent.lead_unit, content=f"{parent.content} ({label})",
                priority=parent.priority, deadline_kind=DeadlineKind.DATE, deadline_original=due, deadline_current=due,
                parent=parent, occurrence_label=label, search_key=parent.search_key,
            )
            for link in parent.coordinator_links.all():
                TaskCoordinator.objects.get_or_create(task=parent.occurrences.get(occurrence_label=label), unit=link.unit)
            created += 1
        month += step
        if month > 12:
            month -= 12
            year += 1
    return created


def _files(report: ProgressReport, files: Sequence[UploadedFile]) -> None:
    for upload in files:
        Evidence.objects.create(report=report, file=upload, name=upload.name or "file", size=upload.size or 0)


@transaction.atomic
def progress_report_submit(
    *, actor: Any, task: Task, narrative: str, unit: Any | None = None, percent: int | None = None,
    value_reached: Decimal | None = None, files: Sequence[UploadedFile] = (), now: dt.datetime | None = None,
    via: str = "web",
) -> ProgressReport:
    """The lead or a coordinator reports progress with evidence; it never changes a deadline or a status."""
    allowed = task_reporting_unit_ids(actor, task)
    if not allowed:
        raise PermissionDenied("Only the lead or a coordinating unit's officers report on this task.")
    if task.state != TaskState.OPEN:
        raise ValidationError({"task": "this task is not open for reporting"})
    unit_id = unit.pk if unit is not None else (task.lead_unit_id if task.lead_unit_id in allowed else min(allowed))
    if unit_id not in allowed:
        raise PermissionDenied("You do not report for that unit.")
    narrative = clean_text(narrative)
    if not narrative:
        raise ValidationError({"narrative": "describe the progress made"})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": "percent done must be between 0 and 100"})
    for upload in files:
        _check_file(upload, "files")
    moment = now or timezone.now()
    report = ProgressReport.objects.create(task=task, unit_id=unit_id, author=actor, submitted_at=moment,
                                           narrative=narrative, percent=percent, value_reached=value_reached)
    _files(report, files)
    before = snapshot(task, (*_TASK_FIELDS, "first_progress_on"))
    changed = []
    if task.first_progress_on is None:
        task.first_progress_on = vn_date(moment)
        changed.append("first_progress_on")
    if value_reached is not None and unit_id == task.lead_unit_id:
        task.value_reached = value_reached
        changed.append("value_reached")
    if changed:
        task.save(update_fields=changed)
    audit_record(actor=actor, action="task.progress", obj=task, before=before,
                 after={"report": report.pk, "percent": percent, "files": len(files), "narrative": narrative[:500]},
                 via=via)
    return report


@transaction.atomic
def completion_propose(*, actor: Any, task: Task, narrative: str, files: Sequence[UploadedFile] = (),
                       value_reached: Decimal | None = None, now: dt.datetime | None = None,
                       via: str = "web") -> ProgressReport:
    """The lead proposes completion with evidence; the secretariat decides."""
    if task.lead_unit_id not in task_reporting_unit_ids(actor, task):
        raise PermissionDenied("Only the lead unit's officers propose completion.")
    if not files and not task.reports.filter(evidence__isnull=False).exists():
        raise ValidationError({"files": "attach the evidence of completion"})
    report = progress_report_submit(actor=actor, task=task, narrative=narrative, unit=task.lead_unit, percent=100,
                                    value_reached=value_reached, files=files, now=now, via=via)
    report.proposes_completion = True
    report.save(update_fields=["proposes_completion"])
    task.state = TaskState.PROPOSED
    task.save(update_fields=["state"])
    audit_record(actor=actor, action="task.propose_completion", obj=task, after={"report": report.pk}, via=via)
    return report


@transaction.atomic
def completion_review(*, actor: Any, report: ProgressReport, accept: bool, comment: str = "",
                      now: dt.datetime | None = None, via: str = "web") -> Task:
    """Accept (the completion date is the proposal's date) or return with comments."""
    require(is_secretariat(actor), "Only the secretariat reviews completions.")
    task = report.task
    if not report.proposes_completion or report.review_decision or task.state != TaskState.PROPOSED:
        raise ValidationError({"report": "this is not a completion proposal awaiting review"})
    if not accept and not clean_text(comment):
        raise ValidationError({"comment": "say why the completion is returned"})
    before = snapshot(task, _TASK_FIELDS)
    report.review_decision = "accepted" if accept else "returned"
    report.review_comment = clean_text(comment)
    report.reviewed_by = actor
    report.reviewed_at = now or timezone.now()
    report.save(update_fields=["review_decision", "review_comment", "reviewed_by", "reviewed_at"])
    if accept:
        task.state = TaskState.COMPLETED
        task.completed_on = vn_date(report.submitted_at)
    else:
        task.state = TaskState.OPEN
    task.save(update_fields=["state", "completed_on"])
    audit_record(actor=actor, action="task.completion_accepted" if accept else "task.completion_returned", obj=task,
                 before=before, after=snapshot(task, _TASK_FIELDS), reason=report.review_comment, via=via)
    return task


@transaction.atomic
def extension_request(*, actor: Any, task: Task, deadline: dt.date, reason: str, via: str = "web") -> ExtensionRequest:
    if task.lead_unit_id not in task_reporting_unit_ids(actor, task):
        raise PermissionDenied("Only the lead unit's officers ask for an extension.")
    if task.state != TaskState.OPEN or task.deadline_current is None:
        raise ValidationError({"task": "only an open task with a deadline can be extended"})
    if deadline <= task.deadline_current:
        raise ValidationError({"deadline": f"the new deadline must be after {task.deadline_current:%d/%m/%Y}"})
    if not clean_text(reason):
        raise ValidationError({"reason": "give the reason for the extension"})
    if task.extensions.filter(decision=ExtensionRequest.Decision.PENDING).exists():
        raise ValidationError({"task": "an extension request is already pending"})
    ext = ExtensionRequest.objects.create(task=task, requested_by=actor, deadline_before=task.deadline_current,
                                          deadline_requested=deadline, reason=clean_text(reason))
    audit_record(actor=actor, action="task.extension_requested", obj=task,
                 after={"deadline_requested": deadline, "reason": ext.reason}, via=via)
    return ext


@transaction.atomic
def extension_decide(*, actor: Any, extension: ExtensionRequest, approve: bool, comment: str = "",
                     via: str = "web") -> ExtensionRequest:
    """The secretariat approves (the current deadline moves; the original never does) or refuses."""
    require(is_secretariat(actor), "Only the secretariat decides on extensions.")
    if extension.decision != ExtensionRequest.Decision.PENDING:
        raise ValidationError({"extension": "this request was already decided"})
    task = extension.task
    before = snapshot(task, _TASK_FIELDS)
    extension.decision = ExtensionRequest.Decision.APPROVED if approve else ExtensionRequest.Decision.REFUSED
    extension.decided_by, extension.decided_at, extension.comment = actor, timezone.now(), clean_text(comment)
    extension.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    if approve:
        task.deadline_current = extension.deadline_requested
        task.save(update_fields=["deadline_current"])
    audit_record(actor=actor, action=f"task.extension_{extension.decision}", obj=task, before=before,
                 after=snapshot(task, _TASK_FIELDS), reason=extension.comment, via=via)
    return extension


@transaction.atomic
def task_close(*, actor: Any, task: Task, reason: str, superseded: bool = False, via: str = "web") -> Task:
    """Cancel a task, or mark it superseded by a later decision, with the reason."""
    require(is_secretariat(actor), "Only the secretariat cancels tasks.")
    if not clean_text(reason):
        raise ValidationError({"reason": "give the reason"})
    before = snapshot(task, _TASK_FIELDS)
    task.state = TaskState.SUPERSEDED if superseded else TaskState.CANCELLED
    task.closing_reason = clean_text(reason)
    task.save(update_fields=["state", "closing_reason"])
    audit_record(actor=actor, action="task.superseded" if superseded else "task.cancelled", obj=task, before=before,
                 after=snapshot(task, _TASK_FIELDS), reason=task.closing_reason, via=via)
    return task
