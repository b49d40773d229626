"""Reads of the tasks domain: who sees which tasks, computed statuses, scorecards and briefs for others."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from dxmonitor.core.text import fold_words
from dxmonitor.core.time import VN_TZ, today_vn
from dxmonitor.orgs.access import can_read_all, is_secretariat, role_of, scope_unit_ids
from dxmonitor.tasks.contracts import TaskBrief, UnitScore
from dxmonitor.tasks.models import (
    DeadlineKind,
    Directive,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordinator,
    TaskState,
)
from dxmonitor.tasks.status import COUNTED, Status, TaskFacts, compute_status, days_overdue

# ---- access -------------------------------------------------------------------------------------------------


def directives_for_user(user: Any) -> QuerySet[Directive]:
    qs = Directive.objects.select_related("issuer")
    if can_read_all(user):
        return qs
    scope = scope_unit_ids(user)
    if role_of(user) in ("unit_officer", "reviewer") and scope:
        visible = Task.objects.filter(Q(lead_unit_id__in=scope) | Q(coordinator_links__unit_id__in=scope))
        return qs.filter(Q(is_public=True) | Q(tasks__in=visible)).distinct()
    return qs.filter(is_public=True)


def tasks_for_user(user: Any) -> QuerySet[Task]:
    """Tasks a principal may read: all for readers of everything; lead or coordinator in scope for unit
    officers and reviewers; tasks of public directives for everyone else."""
    qs = Task.objects.select_related("directive", "lead_unit").exclude(deadline_kind=DeadlineKind.RECURRING,
                                                                        parent__isnull=True)
    if can_read_all(user):
        return qs
    scope = scope_unit_ids(user)
    if role_of(user) in ("unit_officer", "reviewer") and scope:
        return qs.filter(Q(lead_unit_id__in=scope) | Q(coordinator_links__unit_id__in=scope)
                         | Q(directive__is_public=True)).distinct()
    return qs.filter(directive__is_public=True)


def task_reporting_unit_ids(user: Any, task: Task) -> set[int]:
    """The units of `task` (lead or coordinator) the user may report for."""
    if role_of(user) != "unit_officer":
        return set()
    scope = scope_unit_ids(user)
    units = {task.lead_unit_id} | set(task.coordinator_links.values_list("unit_id", flat=True))
    return units & scope


def task_can_report(user: Any, task: Task) -> bool:
    return task.state in (TaskState.OPEN,) and bool(task_reporting_unit_ids(user, task))


def task_can_propose(user: Any, task: Task) -> bool:
    return task.state == TaskState.OPEN and task.lead_unit_id in scope_unit_ids(user) and role_of(user) == "unit_officer"


def task_can_manage(user: Any) -> bool:
    return is_secretariat(user)


# ---- status -------------------------------------------------------------------------------------------------


def facts_of(task: Task) -> TaskFacts:
    return TaskFacts(
        cancelled=task.state in (TaskState.CANCELLED, TaskState.SUPERSEDED),
        completed_on=task.completed_on if task.state == TaskState.COMPLETED else None,
        deadline_original=task.deadline_original,
        deadline_current=task.deadline_current,
        first_progress_on=task.first_progress_on,
    )


def status_of(task: Task, *, as_of: dt.date | None = None, against: str = "current") -> Status:
    return compute_status(facts_of(task), as_of=as_of or today_vn(), against=against)


def annotate_status(tasks: Iterable[Task], *, as_of: dt.date | None = None) -> list[Task]:
    """Attach `status`, `status_original` and `overdue_days` to each task for display."""
    day = as_of or today_vn()
    out = []
    for task in tasks:
        facts = facts_of(task)
        task.status = compute_status(facts, as_of=day, against="current")  # type: ignore[attr-defined]
        task.status_original = compute_status(facts, as_of=day, against="original")  # type: ignore[attr-defined]
        task.overdue_days = days_overdue(facts, as_of=day)  # type: ignore[attr-defined]
        out.append(task)
    return out


def filter_tasks(qs: QuerySet[Task], *, unit_id: int | None = None, directive_id: int | None = None,
                 q: str = "", deadline_from: dt.date | None = None, deadline_to: dt.date | None = None,
                 priority: str = "") -> QuerySet[Task]:
    if unit_id:
        qs = qs.filter(Q(lead_unit_id=unit_id) | Q(coordinator_links__unit_id=unit_id)).distinct()
    if directive_id:
        qs = qs.filter(directive_id=directive_id)
    if q:
        for word in fold_words(q).split():
            qs = qs.filter(search_key__contains=word)
    if deadline_from:
        qs = qs.filter(deadline_current__gte=deadline_from)
    if deadline_to:
        qs = qs.filter(deadline_current__lte=deadline_to)
    if priority:
        qs = qs.filter(priority=priority)
    return qs


def filter_by_status(tasks: list[Task], status: str) -> list[Task]:
    return [t for t in tasks if not status or t.status == status]  # type: ignore[attr-defined]


def timeline(task: Task) -> list[dict[str, Any]]:
    """Reports, reviews and extension decisions of a task, oldest first."""
    events: list[dict[str, Any]] = []
    for report in task.reports.select_related("unit", "author").prefetch_related("evidence"):
        events.append({"at": report.submitted_at, "kind": "completion" if report.proposes_completion else "progress",
                       "report": report})
        if report.reviewed_at:
            events.append({"at": report.reviewed_at, "kind": f"review_{report.review_decision}", "report": report})
    for ext in task.extensions.select_related("requested_by", "decided_by"):
        events.append({"at": ext.requested_at, "kind": "extension_requested", "extension": ext})
        if ext.decided_at:
            events.append({"at": ext.decided_at, "kind": f"extension_{ext.decision}", "extension": ext})
    return sorted(events, key=lambda e: e["at"])


# ---- scorecards ---------------------------------------------------------------------------------------------


def _scoped_tasks(date_from: dt.date | None, date_to: dt.date) -> QuerySet[Task]:
    """Tasks that belong to a reporting window: assigned by its end, and not completed or closed before it."""
    qs = (Task.objects.select_related("lead_unit", "directive", "parent")
          .exclude(deadline_kind=DeadlineKind.RECURRING, parent__isnull=True)
          .filter(directive__issued_on__lte=date_to))
    if date_from is not None:
        qs = qs.exclude(state=TaskState.COMPLETED, completed_on__lt=date_from)
    return qs


_STEP_DAYS = {"monthly": 31, "quarterly": 92, "yearly": 366}


def unit_label(unit: Any) -> str:
    """A unit's name, marked with its end date when it no longer exists (Đà Nẵng before and after 2025)."""
    return f"{unit.name} (đến {unit.valid_to:%d/%m/%Y})" if unit.valid_to else unit.name


def scorecard(*, as_of: dt.date, date_from: dt.date | None = None, date_to: dt.date | None = None,
              against: str = "original", directive_id: int | None = None) -> list[UnitScore]:
    """Counts per status for each lead unit, the on-time rate and days overdue, ranked by on-time rate.

    on_time_rate = completed on time / (completed on time + completed late + overdue); null when nothing is
    due yet. Cancelled and superseded tasks are left out of every count.
    """
    end = date_to or as_of
    qs = _scoped_tasks(date_from, end)
    if directive_id:
        qs = qs.filter(directive_id=directive_id)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    units: dict[int, Any] = {}
    for task in qs:
        if task.parent_id is not None and task.deadline_original and \
                task.deadline_original - dt.timedelta(days=_STEP_DAYS.get(task.parent.recurrence if task.parent else "", 31)) > end:
            continue  # an occurrence of a recurring duty whose period has not started yet
        facts = facts_of(task)
        status = compute_status(facts, as_of=as_of, against=against)
        if status == Status.CANCELLED:
            continue
        units[task.lead_unit_id] = task.lead_unit
        c = counts[task.lead_unit_id]
        c[status.value] += 1
        c["days_overdue"] += days_overdue(facts, as_of=as_of, against=against) if status in (
            Status.OVERDUE, Status.COMPLETED_LATE) else 0
    scores = []
    for unit_id, c in counts.items():
        unit = units[unit_id]
        due = c["completed_on_time"] + c["completed_late"] + c["overdue"]
        scores.append(UnitScore(
            unit_key=unit.key, unit_code=unit.code, unit_name=unit_label(unit),
            total=sum(c[s.value] for s in COUNTED), not_due=c["not_due"], in_progress=c["in_progress"],
            overdue=c["overdue"], completed_on_time=c["completed_on_time"], completed_late=c["completed_late"],
            on_time_rate=round(c["completed_on_time"] / due, 4) if due else None, days_overdue=c["days_overdue"],
        ))
    ranked = sorted(scores, key=lambda s: (-(s.on_time_rate if s.on_time_rate is not None else -1), s.overdue,
                                           s.unit_name))
    out, rank, previous = [], 0, None
    for i, s in enumerate(ranked, start=1):
        key = s.on_time_rate
        if key != previous:
            rank, previous = i, key
        out.append(UnitScore(**{**s.__dict__, "rank": rank if s.on_time_rate is not None else None}))
    return out


def monthly_trend(*, months: int = 12, as_of: dt.date | None = None, unit_id: int | None = None) -> list[dict[str, Any]]:
    """On-time rate and overdue count at the end of each of the last `months` months."""
    day = as_of or today_vn()
    points = []
    year, month = day.year, day.month
    ends = []
    for _ in range(months):
        first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(min(first_next - dt.timedelta(days=1), day))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    for end in reversed(ends):
        rows = scorecard(as_of=end, date_to=end)
        if unit_id is not None:
            rows = [r for r in rows if r.unit_key == _unit_key(unit_id)]
        on_time = sum(r.completed_on_time for r in rows)
        due = sum(r.completed_on_time + r.completed_late + r.overdue for r in rows)
        points.append({"month": end.strftime("%m/%Y"), "on_time_rate": round(on_time / due, 4) if due else None,
                       "overdue": sum(r.overdue for r in rows), "total": sum(r.total for r in rows)})
    return points


def _unit_key(unit_id: int) -> str:
    from dxmonitor.orgs.selectors import unit_key_of

    return unit_key_of(unit_id)


def _brief(task: Task, as_of: dt.date) -> TaskBrief:
    facts = facts_of(task)
    return TaskBrief(
        id=task.pk, directive_number=task.directive.number, lead_unit_code=task.lead_unit.code,
        lead_unit_name=task.lead_unit.name, content=task.content, priority=task.priority,
        deadline=task.deadline_current or task.deadline_original, status=compute_status(facts, as_of=as_of).value,
        days_overdue=days_overdue(facts, as_of=as_of),
    )


def overdue_tasks(*, as_of: dt.date | None = None, priority: str | None = None, public_only: bool = False) -> list[TaskBrief]:
    day = as_of or today_vn()
    qs = Task.objects.select_related("lead_unit", "directive").filter(
        state__in=[TaskState.OPEN, TaskState.PROPOSED], deadline_current__lt=day)
    if priority:
        qs = qs.filter(priority=priority)
    if public_only:
        qs = qs.filter(directive__is_public=True)
    return sorted((_brief(t, day) for t in qs), key=lambda b: -b.days_overdue)


def tasks_due_between(start: dt.date, end: dt.date) -> list[TaskBrief]:
    qs = Task.objects.select_related("lead_unit", "directive").filter(
        state__in=[TaskState.OPEN, TaskState.PROPOSED], deadline_current__gte=start, deadline_current__lte=end)
    return [_brief(t, start) for t in qs.order_by("deadline_current", "id")]


def directive_summary(directive_id: int, *, as_of: dt.date | None = None) -> dict[str, int]:
    day = as_of or today_vn()
    counts: dict[str, int] = defaultdict(int)
    for task in Task.objects.filter(directive_id=directive_id).exclude(deadline_kind=DeadlineKind.RECURRING,
                                                                        parent__isnull=True):
        counts[status_of(task, as_of=day).value] += 1
    return dict(counts)


def public_directives() -> QuerySet[Directive]:
    return Directive.objects.filter(is_public=True).prefetch_related(
        Prefetch("tasks", queryset=Task.objects.select_related("lead_unit")))


def inbox(user: Any) -> dict[str, Any]:
    """What waits for the secretariat: completion proposals and extension requests."""
    if not is_secretariat(user):
        return {"proposals": [], "extensions": []}
    proposals = (ProgressReport.objects.select_related("task__lead_unit", "task__directive", "unit", "author")
                 .filter(proposes_completion=True, review_decision="", task__state=TaskState.PROPOSED))
    extensions = ExtensionRequest.objects.select_related("task__lead_unit", "requested_by").filter(
        decision=ExtensionRequest.Decision.PENDING)
    return {"proposals": list(proposals), "extensions": list(extensions)}


def coordinators_of(task: Task) -> list[Any]:
    return [link.unit for link in TaskCoordinator.objects.filter(task=task).select_related("unit")]


def vn_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


def meetings() -> list[Directive]:
    """Directives that conclude a meeting, most recent first."""
    return list(Directive.objects.exclude(meeting_name="").order_by("-meeting_date", "-issued_on"))


#: Collective leads as the extraction names them, and the unit kinds each one covers.
COLLECTIVES = {
    "cac bo nganh": ("ministry",),
    "cac dia phuong": ("province",),
    "cac bo nganh dia phuong": ("ministry", "province"),
}


def unit_names_for_leads(on: dt.date) -> list[str]:
    """Names a lead can be picked from on the review page: ministry-level bodies and provinces valid on the day,
    then the collectives that expand to them."""
    from dxmonitor.orgs.selectors import units_valid_on

    names = [u.name for kind in ("ministry", "province") for u in units_valid_on(on, kind)]
    return [*names, "các bộ, ngành", "các địa phương", "các bộ, ngành, địa phương"]


def collective_units(name: str, *, on: dt.date) -> list[Any] | None:
    """The units a collective lead ("các bộ, ngành", "các địa phương", "các bộ, ngành, địa phương") stands for on a
    day: every ministry-level body and/or every province valid then. None when `name` is not a collective."""
    from dxmonitor.orgs.selectors import units_valid_on
    from dxmonitor.tasks.extraction.gazetteer import Gazetteer

    kinds = COLLECTIVES.get(fold_words(name))
    if kinds is None:
        # Written otherwise ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "các bộ, ngành liên
        # quan"): the gazetteer knows which collective the phrase is.
        entry = Gazetteer.from_reference(on).lookup(name)
        kinds = COLLECTIVES.get(fold_words(entry.canonical)) if entry is not None and entry.kind == "collective" \
            else None
    if kinds is None:
        return None
    return [u for kind in kinds for u in units_valid_on(on, kind)]
