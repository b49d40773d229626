"""Pages of the indicators domain: catalogue, campaigns and their progress, data entry (form and Excel), review
queue and review, one value's trace, export of approved values."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxmonitor.core.audit import history_for
from dxmonitor.core.tables import XLSX, table_response
from dxmonitor.indicators import selectors
from dxmonitor.indicators import validation as v
from dxmonitor.indicators.excel import ImportErrors, import_workbook, template_workbook
from dxmonitor.indicators.forms import CampaignForm, ReopenForm
from dxmonitor.indicators.models import Assignment
from dxmonitor.indicators.services import (
    APPROVE,
    RETURN,
    SAVE,
    ReviewDecision,
    ValueInput,
    ValuesRejected,
    assignment_submit,
    campaign_create,
    entry_save,
    evidence_remove,
    value_reopen,
    values_review,
)
from dxmonitor.orgs.access import can_read_all, is_secretariat, require

STATUS_CSS = {"draft": "status-notdue", "not_started": "status-notdue", "submitted": "status-progress",
              "returned": "status-late", "approved": "status-ontime", "partly_approved": "status-progress"}


def _lang(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "vi") or "vi"


def _flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    if isinstance(exc, ValuesRejected):
        for issue in exc.issues:
            messages.error(request, f"{issue.indicator_code}: {issue.message(_lang(request))}")
        return
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
    for field, msgs in pairs:
        for msg in msgs:
            messages.error(request, f"{field}: {msg}" if field and field != "__all__" else msg)


def _assignment_or_404(request: HttpRequest, pk: int, unit_id: int) -> Assignment:
    assignment = selectors.assignment_for_user(request.user, pk, unit_id)
    if assignment is None:
        raise Http404
    return assignment


# ---- catalogue and campaigns --------------------------------------------------------------------------------


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    indicators = list(selectors.catalogue())
    groups: dict[str, list[Any]] = {}
    for ind in indicators:
        groups.setdefault(ind.group, []).append(ind)
    return render(request, "indicators/catalogue.html", {
        "groups": groups, "rules": selectors.rule_rows(), "count": len(indicators)})


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.campaigns_for_user(request.user).prefetch_related("indicators"))
    rows = []
    for c in campaigns:
        progress = selectors.campaign_progress(c, request.user)
        rows.append({"campaign": c, "summary": selectors.progress_summary(progress),
                     "own": [r for r in progress if selectors.can_enter(request.user, r.unit_id)]})
    return render(request, "indicators/campaign_list.html", {
        "rows": rows, "can_manage": is_secretariat(request.user),
        "queue": selectors.review_queue(request.user).count(), "css": STATUS_CSS,
        "periods": selectors.approved_periods()})


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    require(is_secretariat(request.user), _("Only the secretariat manages collection campaigns."))
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_create(actor=request.user, **form.campaign_kwargs())
            messages.success(request, _("The campaign was opened."))
            return redirect("indicators:campaign_detail", pk=campaign.pk)
        except ValidationError as exc:
            _flash_errors(request, exc)
    return render(request, "indicators/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaigns_for_user(request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    rows = selectors.campaign_progress(campaign, request.user)
    status = request.GET.get("status", "")
    shown = [r for r in rows if not status or r.status == status or (status == "late" and r.late)]
    reviewers: dict[str, list[str]] = {}
    for link in campaign.reviewers.select_related("user").order_by("group", "user__username"):
        reviewers.setdefault(link.group, []).append(str(link.user))
    return render(request, "indicators/campaign_detail.html", {
        "campaign": campaign, "rows": shown, "summary": selectors.progress_summary(rows), "css": STATUS_CSS,
        "reviewers": reviewers, "status": status, "indicators": campaign.indicators.all(),
        "can_review": is_secretariat(request.user) or bool(selectors.reviewer_groups(request.user, campaign)),
        "enter_ids": {r.unit_id for r in rows if selectors.can_enter(request.user, r.unit_id)},
    })


# ---- data entry ---------------------------------------------------------------------------------------------


def _entry_context(request: HttpRequest, assignment: Assignment, typed: dict[str, str] | None = None,
                   issues: list[v.Issue] | None = None) -> dict[str, Any]:
    rows = selectors.entry_rows(assignment)
    lang = _lang(request)
    issue_map: dict[str, list[v.Issue]] = {}
    for issue in issues or []:
        for code in issue.codes or (issue.indicator_code,):
            issue_map.setdefault(code, []).append(issue)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        code = row.indicator.code
        grouped.setdefault(row.indicator.group, []).append({
            "row": row, "typed": (typed or {}).get(f"value_{code}"),
            "typed_comment": (typed or {}).get(f"comment_{code}"),
            "issues": [(i.severity, i.message(lang)) for i in issue_map.get(code, [])],
        })
    can_edit = selectors.can_enter(request.user, assignment.unit_id) and assignment.campaign.state == "open"
    labelled = [(selectors.group_label(g, lang), items) for g, items in grouped.items()]
    return {"assignment": assignment, "campaign": assignment.campaign, "unit": assignment.unit, "grouped": labelled,
            "can_edit": can_edit, "any_editable": can_edit and any(r.editable for r in rows), "css": STATUS_CSS,
            "n_issues": len(issues or [])}


@login_required
def entry(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk, unit_id)
    if request.method != "POST":
        issues = list(_draft_issues(assignment)) if selectors.can_enter(request.user, unit_id) else []
        return render(request, "indicators/entry.html", _entry_context(request, assignment, issues=issues))
    require(selectors.can_enter(request.user, unit_id), _("Only the unit's own officers enter its values."))
    rows = {r.indicator.code: r for r in selectors.entry_rows(assignment)}
    entries, parse_issues = [], []
    for code, row in rows.items():
        if not row.editable or f"value_{code}" not in request.POST:
            continue
        try:
            value = v.parse_number(request.POST.get(f"value_{code}"), row.indicator.value_type)
        except ValueError as exc:
            parse_issues.append(v.Issue(v.ERROR, "type", code, str(exc), str(exc)))
            continue
        entries.append(ValueInput(code, value, request.POST.get(f"comment_{code}", "")))
    files = {code: request.FILES.getlist(f"evidence_{code}") for code in rows if request.FILES.getlist(f"evidence_{code}")}
    if parse_issues:
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
        return render(request, "indicators/entry.html",
                      _entry_context(request, assignment, typed=request.POST.dict(), issues=parse_issues), status=400)
    try:
        entry_save(actor=request.user, assignment=assignment, entries=entries, files=files)
    except ValuesRejected as exc:
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
        return render(request, "indicators/entry.html",
                      _entry_context(request, assignment, typed=request.POST.dict(), issues=exc.issues), status=400)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("indicators:entry", pk=pk, unit_id=unit_id)
    if request.POST.get("action") == "submit":
        try:
            warnings = assignment_submit(actor=request.user, assignment=assignment)
        except ValuesRejected as exc:
            messages.error(request, _("Saved as a draft, but not submitted: correct the fields marked below."))
            return render(request, "indicators/entry.html", _entry_context(request, assignment, issues=exc.issues),
                          status=400)
        except ValidationError as exc:
            _flash_errors(request, exc)
            return redirect("indicators:entry", pk=pk, unit_id=unit_id)
        messages.success(request, _("The values were submitted for review."))
        if warnings:
            messages.warning(request, _("%(n)s value(s) submitted with an explained warning.") % {"n": len(warnings)})
    else:
        messages.success(request, _("The draft was saved."))
    return redirect("indicators:entry", pk=pk, unit_id=unit_id)


def _draft_issues(assignment: Assignment) -> list[v.Issue]:
    return [i for i in selectors.assignment_issues(assignment, require_all=False) if i.kind != "required"]


@login_required
def template_download(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk, unit_id)
    response = HttpResponse(template_workbook(assignment), content_type=XLSX)
    name = f"so-lieu-{assignment.campaign.period}-{assignment.unit.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def upload(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk, unit_id)
    require(selectors.can_enter(request.user, unit_id), _("Only the unit's own officers enter its values."))
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("file: choose the filled template"))
        return redirect("indicators:entry", pk=pk, unit_id=unit_id)
    try:
        result = import_workbook(file.read(), actor=request.user, assignment=assignment)
    except ImportErrors as exc:
        messages.error(request, _("The file was rejected and nothing was saved:"))
        for message in exc.messages:
            messages.error(request, message)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("%(n)s value(s) read from the file and saved as a draft.") % {"n": result.changed_rows})
    return redirect("indicators:entry", pk=pk, unit_id=unit_id)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_for_user(request.user, pk)
    if evidence is None:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_for_user(request.user, pk)
    if evidence is None:
        raise Http404
    value = evidence.value
    try:
        evidence_remove(actor=request.user, evidence=evidence)
        messages.success(request, _("The file was removed."))
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("indicators:entry", pk=value.assignment.campaign_id, unit_id=value.unit_id)


# ---- review -------------------------------------------------------------------------------------------------


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/review_queue.html", {"items": selectors.review_queue_summary(request.user)})


@login_required
def review(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk, unit_id)
    groups = selectors.reviewer_groups(request.user, assignment.campaign)
    if groups is not None and not groups and not can_read_all(request.user):
        raise PermissionDenied
    rows = [r for r in selectors.entry_rows(assignment) if groups is None or r.indicator.group in groups]
    if request.method == "POST":
        require(groups is None or bool(groups), _("You do not review this campaign."))
        decisions, problems = [], []
        approve_rest = request.POST.get("action") == "approve_all"
        for row in rows:
            if row.value.status != "submitted":
                continue
            pid = row.value.pk
            decision = request.POST.get(f"decision_{pid}", "") or (APPROVE if approve_rest else "")
            raw = request.POST.get(f"reviewed_{pid}", "")
            if not decision:
                continue
            try:
                reviewed = v.parse_number(raw, row.indicator.value_type)
            except ValueError as exc:
                problems.append(f"{row.indicator.code}: {exc}")
                continue
            if decision not in (APPROVE, RETURN, SAVE):
                problems.append(f"{row.indicator.code}: {decision}")
                continue
            decisions.append(ReviewDecision(pid, decision, reviewed, request.POST.get(f"rcomment_{pid}", "")))
        if problems:
            for p in problems:
                messages.error(request, p)
        elif not decisions:
            messages.warning(request, _("No decision was chosen."))
        else:
            try:
                done = values_review(actor=request.user, decisions=decisions)
                counts = {d: sum(1 for x in done if x.status == s) for d, s in
                          (("approved", "approved"), ("returned", "returned"))}
                messages.success(request, _("Review saved: %(a)s approved, %(r)s returned.") % {
                    "a": counts["approved"], "r": counts["returned"]})
                return redirect("indicators:review", pk=pk, unit_id=unit_id)
            except ValidationError as exc:
                messages.error(request, _("Nothing was recorded:"))
                _flash_errors(request, exc)
    return render(request, "indicators/review.html", {
        "assignment": assignment, "campaign": assignment.campaign, "unit": assignment.unit, "rows": rows,
        "css": STATUS_CSS, "can_decide": groups is None or bool(groups),
        "pending": sum(1 for r in rows if r.value.status == "submitted")})


@login_required
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    value = selectors.value_for_user(request.user, pk)
    if value is None:
        raise Http404
    trace = selectors.value_trace(value.unit.key, value.indicator.code, value.period)
    return render(request, "indicators/value_detail.html", {
        "value": value, "trace": trace, "history": history_for(value).order_by("-at")[:50],
        "can_reopen": is_secretariat(request.user) and value.status == "approved", "form": ReopenForm(),
        "css": STATUS_CSS})


@login_required
@require_POST
def value_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_secretariat(request.user), _("Only the secretariat reopens an approved value."))
    value = selectors.value_for_user(request.user, pk)
    if value is None:
        raise Http404
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            value_reopen(actor=request.user, value=value, reason=form.cleaned_data["reason"])
            messages.success(request, _("The value was reopened; the unit can correct it."))
        except ValidationError as exc:
            _flash_errors(request, exc)
    else:
        messages.error(request, _("reason: say why the value is reopened"))
    return redirect("indicators:value_detail", pk=pk)


# ---- export -------------------------------------------------------------------------------------------------

EXPORT_FIELDS = ["period", "unit_code", "unit_name", "indicator_code", "indicator_name", "value", "self_assessed",
                 "reviewed", "unit_of_measure", "submitted_by", "approved_by", "approved_at", "evidence_count"]


@login_required
def export(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "").strip() or None
    codes = [c for c in request.GET.getlist("indicator") if c]
    try:
        rows = selectors.export_rows(request.user, period=period, indicator_codes=codes)
    except ValueError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return export_response(rows, request.GET.get("format", "csv"), f"gia-tri-da-duyet-{period or 'all'}")


def export_response(rows: list[dict[str, Any]], fmt: str, stem: str) -> HttpResponse:
    return table_response(rows, EXPORT_FIELDS, fmt, stem, sheet="Giá trị đã duyệt")

