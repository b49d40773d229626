"""Pages of the tasks domain: directives, tasks with their timeline, the secretariat's inbox, scorecards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxmonitor.core.time import today_vn
from dxmonitor.orgs.access import can_read_all, is_secretariat, require
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.selectors import resolve_unit, unit_by_id
from dxmonitor.tasks import selectors
from dxmonitor.tasks.excel import ImportErrors, import_workbook, scorecard_workbook, template_workbook
from dxmonitor.tasks.models import DeadlineKind, DirectiveKind, ExtensionRequest, Notification, Priority, Recurrence
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
from dxmonitor.tasks.status import CSS, LABELS_EN, LABELS_VI, Status


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _status_choices(request: HttpRequest) -> list[tuple[str, str]]:
    labels = LABELS_VI if request.LANGUAGE_CODE == "vi" else LABELS_EN
    return [(s.value, labels[s]) for s in Status]


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for field, msgs in exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]:
        for msg in msgs:
            messages.error(request, f"{field}: {msg}" if field else msg)


def directive_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.directives_for_user(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        from dxmonitor.core.text import fold_words

        for word in fold_words(q).split():
            qs = qs.filter(search_key__contains=word)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "tasks/directive_list.html", {
        "page": page, "q": q, "can_manage": is_secretariat(request.user), "kinds": DirectiveKind.choices,
    })


def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directives_for_user(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    tasks = selectors.annotate_status(selectors.tasks_for_user(request.user).filter(directive=directive)
                                      .prefetch_related("coordinator_links__unit"))
    return render(request, "tasks/directive_detail.html", {
        "directive": directive, "tasks": tasks, "summary": selectors.directive_summary(directive.pk),
        "can_manage": is_secretariat(request.user), "priorities": Priority.choices,
        "deadline_kinds": DeadlineKind.choices, "recurrences": Recurrence.choices[1:], "css": CSS,
        "labels": LABELS_VI if request.LANGUAGE_CODE == "vi" else LABELS_EN,
    })


@login_required
def directive_new(request: HttpRequest) -> HttpResponse:
    require(is_secretariat(request.user), _("Only the secretariat registers directives."))
    if request.method == "POST":
        p = request.POST
        issuer = None
        try:
            issuer = resolve_unit(p["issuer"]) if p.get("issuer") else None
        except UnitNotFound:
            messages.error(request, _("issuer: unknown unit"))
        issued_on = _date(p.get("issued_on"))
        if issued_on is None:
            messages.error(request, _("issued_on: enter the date of the directive (dd/mm/yyyy)"))
        else:
            try:
                directive = directive_create(
                    actor=request.user, kind=p.get("kind", ""), number=p.get("number", ""), issued_on=issued_on,
                    title=p.get("title", ""), issuer=issuer, summary=p.get("summary", ""),
                    full_text=p.get("full_text", ""), meeting_name=p.get("meeting_name", ""),
                    meeting_date=_date(p.get("meeting_date")), is_public=p.get("is_public") == "on",
                    attachments=request.FILES.getlist("attachments"),
                )
                messages.success(request, _("The directive was registered."))
                return redirect("tasks:directive_detail", pk=directive.pk)
            except ValidationError as exc:
                _errors(request, exc)
    return render(request, "tasks/directive_form.html", {"kinds": DirectiveKind.choices, "data": request.POST})


@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_secretariat(request.user), _("Only the secretariat assigns tasks."))
    directive = selectors.directives_for_user(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    p = request.POST
    try:
        lead = resolve_unit(p.get("lead_unit", ""), on=directive.issued_on)
        coordinators = [resolve_unit(n.strip(), on=directive.issued_on)
                        for n in p.get("coordinating_units", "").split(";") if n.strip()]
        target = Decimal(p["target_value"].replace(",", ".")) if p.get("target_value") else None
        task_create(actor=request.user, directive=directive, data=TaskInput(
            lead_unit=lead, content=p.get("content", ""), coordinating_units=coordinators,
            priority=p.get("priority", "normal"), deadline_kind=p.get("deadline_kind", "date"),
            deadline=_date(p.get("deadline")), recurrence=p.get("recurrence", ""), target_value=target,
            target_unit=p.get("target_unit", ""),
        ))
        messages.success(request, _("The task was added."))
    except UnitNotFound as exc:
        messages.error(request, f"{_('unit')}: {exc}")
    except InvalidOperation:
        messages.error(request, _("target_value: not a number"))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("tasks:directive_detail", pk=directive.pk)


@login_required
def directive_template(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directives_for_user(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    response = HttpResponse(template_workbook(directive),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{directive.pk}.xlsx"'
    return response


@login_required
@require_POST
def directive_import(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_secretariat(request.user), _("Only the secretariat assigns tasks."))
    directive = selectors.directives_for_user(request.user).filter(pk=pk).first()
    upload = request.FILES.get("file")
    if directive is None:
        raise Http404
    if upload is None:
        messages.error(request, _("file: choose the filled template"))
    else:
        try:
            n = import_workbook(actor=request.user, directive=directive, data=upload.read())
            messages.success(request, _("%(n)s tasks were imported.") % {"n": n})
        except ImportErrors as exc:
            for message in exc.messages:
                messages.error(request, message)
            messages.error(request, _("Nothing was imported."))
    return redirect("tasks:directive_detail", pk=directive.pk)


def task_list(request: HttpRequest, mine: bool = False) -> HttpResponse:
    g = request.GET
    qs = selectors.tasks_for_user(request.user).prefetch_related("coordinator_links__unit")
    unit_id = int(g["unit"]) if g.get("unit", "").isdigit() else None
    if g.get("unit_key"):
        try:
            unit_id = resolve_unit(g["unit_key"]).pk
        except UnitNotFound:
            raise Http404 from None
    if mine:
        if not request.user.is_authenticated or not request.user.unit_id:
            raise PermissionDenied
        unit_id = request.user.unit_id
    qs = selectors.filter_tasks(qs, unit_id=unit_id,
                                directive_id=int(g["directive"]) if g.get("directive", "").isdigit() else None,
                                q=g.get("q", ""), deadline_from=_date(g.get("from")), deadline_to=_date(g.get("to")),
                                priority=g.get("priority", ""))
    tasks = selectors.filter_by_status(selectors.annotate_status(qs[:2000]), g.get("status", ""))
    page = Paginator(tasks, 50).get_page(g.get("page"))
    unit = unit_by_id(unit_id) if unit_id else None
    return render(request, "tasks/task_list.html", {
        "page": page, "count": len(tasks), "statuses": _status_choices(request), "filters": g, "unit": unit,
        "mine": mine, "css": CSS, "labels": LABELS_VI if request.LANGUAGE_CODE == "vi" else LABELS_EN,
        "priorities": Priority.choices,
    })


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.tasks_for_user(request.user).filter(pk=pk).first()
    if task is None:
        raise Http404
    selectors.annotate_status([task])
    return render(request, "tasks/task_detail.html", {
        "task": task, "timeline": selectors.timeline(task), "coordinators": selectors.coordinators_of(task),
        "can_report": selectors.task_can_report(request.user, task),
        "can_propose": selectors.task_can_propose(request.user, task),
        "can_manage": selectors.task_can_manage(request.user),
        "pending_proposal": task.reports.filter(proposes_completion=True, review_decision="").last(),
        "pending_extension": task.extensions.filter(decision=ExtensionRequest.Decision.PENDING).first(),
        "css": CSS, "labels": LABELS_VI if request.LANGUAGE_CODE == "vi" else LABELS_EN,
    })


def _task_for_action(request: HttpRequest, pk: int) -> Any:
    task = selectors.tasks_for_user(request.user).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


@login_required
@require_POST
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = _task_for_action(request, pk)
    p = request.POST
    try:
        if action == "report":
            percent = int(p["percent"]) if p.get("percent", "").isdigit() else None
            progress_report_submit(actor=request.user, task=task, narrative=p.get("narrative", ""), percent=percent,
                                   files=request.FILES.getlist("files"))
            messages.success(request, _("Your progress report was recorded."))
        elif action == "propose":
            completion_propose(actor=request.user, task=task, narrative=p.get("narrative", ""),
                               files=request.FILES.getlist("files"))
            messages.success(request, _("Completion was proposed; the secretariat will review it."))
        elif action == "extend":
            deadline = _date(p.get("deadline"))
            if deadline is None:
                raise ValidationError({"deadline": _("enter the requested deadline (dd/mm/yyyy)")})
            extension_request(actor=request.user, task=task, deadline=deadline, reason=p.get("reason", ""))
            messages.success(request, _("The extension request was sent."))
        elif action == "review":
            report = task.reports.filter(pk=p.get("report")).first()
            if report is None:
                raise Http404
            completion_review(actor=request.user, report=report, accept=p.get("decision") == "accept",
                              comment=p.get("comment", ""))
            messages.success(request, _("The review was recorded."))
        elif action == "decide_extension":
            ext = task.extensions.filter(pk=p.get("extension")).first()
            if ext is None:
                raise Http404
            extension_decide(actor=request.user, extension=ext, approve=p.get("decision") == "approve",
                             comment=p.get("comment", ""))
            messages.success(request, _("The decision was recorded."))
        elif action == "close":
            task_close(actor=request.user, task=task, reason=p.get("reason", ""), superseded=p.get("superseded") == "on")
            messages.success(request, _("The task was closed."))
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("tasks:task_detail", pk=task.pk)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    require(is_secretariat(request.user), _("The inbox belongs to the secretariat."))
    return render(request, "tasks/inbox.html", selectors.inbox(request.user))


def _scorecard_params(request: HttpRequest) -> dict[str, Any]:
    g = request.GET
    as_of = _date(g.get("as_of")) or today_vn()
    return {"as_of": as_of, "date_from": _date(g.get("from")), "date_to": _date(g.get("to")) or as_of,
            "against": g.get("against") if g.get("against") in ("original", "current") else "original",
            "directive_id": int(g["directive"]) if g.get("directive", "").isdigit() else None}


@login_required
def scorecard(request: HttpRequest) -> HttpResponse:
    require(can_read_all(request.user) or getattr(request.user, "unit_id", None) is not None, _("No access."))
    params = _scorecard_params(request)
    rows = selectors.scorecard(**params)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(scorecard_workbook(rows, f"Bảng điểm thực hiện nhiệm vụ đến {params['as_of']:%d/%m/%Y}"),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="bang-diem-{params["as_of"]}.xlsx"'
        return response
    trend = selectors.monthly_trend(as_of=params["as_of"])
    totals = {k: sum(getattr(r, k) for r in rows) for k in
              ("total", "not_due", "in_progress", "overdue", "completed_on_time", "completed_late")}
    due = totals["completed_on_time"] + totals["completed_late"] + totals["overdue"]
    totals["on_time_rate"] = totals["completed_on_time"] / due if due else None
    return render(request, "tasks/scorecard.html", {"rows": rows, "params": params, "trend": trend, "totals": totals})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user_id=int(request.user.pk or 0)).select_related("task")[:100]
    return render(request, "tasks/notifications.html", {"items": items})


def public_tasks(request: HttpRequest) -> HttpResponse:
    directives = list(selectors.public_directives())
    for d in directives:
        d.task_list = [t for t in selectors.annotate_status(d.tasks.all()) if not t.is_recurring_parent]  # type: ignore[attr-defined]
    return render(request, "tasks/public.html", {"directives": directives, "css": CSS,
                                                 "labels": LABELS_VI if request.LANGUAGE_CODE == "vi" else LABELS_EN})


def _highlight(text: str, tasks: Sequence[Mapping[str, Any]]) -> str:
    """The text, HTML-escaped, with each proposed task's evidence marked and numbered."""
    from django.utils.html import escape

    spans = sorted({(t["evidence_start"], t["evidence_end"], i) for i, t in enumerate(tasks)})
    out: list[str] = []
    pos = 0
    for start, end, i in spans:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark data-task="{i}"><sup>{i + 1}</sup>{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


@login_required
def extract_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a notice's text and propose its tasks for the secretariat to check and accept."""
    require(is_secretariat(request.user), _("Only the secretariat assigns tasks."))
    directive = selectors.directives_for_user(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    result, highlighted, deadlines = None, "", []
    if request.method == "POST":
        from dxmonitor.core.text import nfc
        from dxmonitor.tasks.extraction import extract
        from dxmonitor.tasks.extraction.cli import read_document

        text = request.POST.get("text", "")
        upload = request.FILES.get("file")
        if upload is not None:
            import tempfile
            from pathlib import Path

            suffix = Path(upload.name or "x.txt").suffix.lower()
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
                try:
                    text = read_document(Path(tmp.name))
                except ValueError as exc:
                    messages.error(request, str(exc).split(": ", 1)[-1])
                    text = ""
        text = nfc(text)
        if text.strip():
            result = extract(text, date=directive.issued_on)
            highlighted = _highlight(text, result["tasks"])
            deadlines = [dt.date.fromisoformat(day).strftime("%d/%m/%Y") if (day := t.get("deadline")) else ""
                         for t in result["tasks"]]  # shown the Vietnamese way; both forms are read back
    return render(request, "tasks/extract.html", {
        "directive": directive, "result": result, "highlighted": highlighted,
        "document_date": dt.date.fromisoformat(result["date"]) if result else None,
        "proposals": list(zip(result["tasks"], deadlines, strict=True)) if result else [],
        "recurrences": Recurrence.choices[1:], "unit_names": selectors.unit_names_for_leads(directive.issued_on)})


@login_required
@require_POST
def extract_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Create the ticked proposals through the normal, audited write function (all or nothing)."""
    require(is_secretariat(request.user), _("Only the secretariat assigns tasks."))
    directive = selectors.directives_for_user(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    p = request.POST
    inputs, problems = [], []
    for i in sorted({int(k) for k in p.getlist("keep") if k.isdigit()}):
        lead_text = p.get(f"lead_{i}", "")
        # A collective lead ("các bộ, ngành, địa phương") becomes one task for every unit it covers on the date.
        leads = selectors.collective_units(lead_text, on=directive.issued_on)
        try:
            if leads is None:
                leads = [resolve_unit(lead_text, on=directive.issued_on)]
            coordinators = [resolve_unit(n.strip(), on=directive.issued_on)
                            for n in p.get(f"coordinators_{i}", "").split(";") if n.strip()]
        except UnitNotFound as exc:
            problems.append(f"{_('Task')} {i + 1}: {exc}")
            continue
        recurrence = p.get(f"recurrence_{i}", "").strip()
        deadline_text = p.get(f"deadline_{i}", "").strip()
        deadline = _date(deadline_text)
        target_text = p.get(f"target_value_{i}", "").strip()
        try:
            target = Decimal(target_text.replace(",", ".")) if target_text else None
        except InvalidOperation:
            target = None
        if deadline_text and deadline is None:
            problems.append(_("Task %(n)s: deadline «%(value)s» is not a date (yyyy-mm-dd or dd/mm/yyyy)")
                            % {"n": i + 1, "value": deadline_text})
        if target_text and (target is None or not target.is_finite()):
            problems.append(_("Task %(n)s: target «%(value)s» is not a number") % {"n": i + 1, "value": target_text})
        if problems:
            continue
        for lead in leads:
            inputs.append(TaskInput(
                lead_unit=lead, content=p.get(f"action_{i}", ""),
                coordinating_units=[c for c in coordinators if c.pk != lead.pk],
                deadline_kind="recurring" if recurrence else ("date" if deadline else "continuing"),
                deadline=deadline, recurrence=recurrence, target_value=target,
                target_unit=p.get(f"target_unit_{i}", "").strip() if target is not None else ""))
    if problems:
        for message in problems:
            messages.error(request, message)
        messages.error(request, _("Nothing was imported."))
        return redirect("tasks:directive_detail", pk=directive.pk)
    from dxmonitor.tasks.services import tasks_create

    try:
        created = tasks_create(actor=request.user, directive=directive, tasks=inputs)
        messages.success(request, _("%(n)s tasks were imported.") % {"n": len(created)})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("tasks:directive_detail", pk=directive.pk)
