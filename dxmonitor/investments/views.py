"""Pages of the investments domain: the portfolio with totals and filters, a project with its money, milestones,
baselines and risk history, the duplicate-investment list, exports, and the Excel import of a unit's list.
Views parse input and call selectors or services; nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxmonitor.core.tables import XLSX, table_response
from dxmonitor.core.time import today_vn
from dxmonitor.investments import selectors
from dxmonitor.investments.excel import ImportErrors, import_workbook, template_workbook
from dxmonitor.investments.models import Kind, Pillar, Project, Status
from dxmonitor.investments.services import ProgressReport, baseline_add, project_report, risk_rate
from dxmonitor.orgs.access import is_secretariat, role_of, scope_unit_ids, unit_can_edit
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.selectors import unit_by_id, unit_by_key

SIGNAL_CODES = ("cost_vs_first", "cost_vs_current", "schedule_vs_first", "schedule_vs_current", "disbursement",
                "stale", "risk_unchanged")


signal_labels = selectors.signal_labels


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _filtered(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    qs = selectors.projects_for_user(request.user)
    f = {"unit": request.GET.get("unit", ""), "pillar": request.GET.get("pillar", ""),
         "status": request.GET.get("status", ""), "year": _int(request.GET.get("year")),
         "signal": request.GET.get("signal", "")}
    if f["unit"]:
        qs = qs.filter(owner_unit__key=f["unit"])
    if f["pillar"] in Pillar.values:
        qs = qs.filter(pillar=f["pillar"])
    if f["status"] in Status.values:
        qs = qs.filter(status=f["status"])
    return qs, f


def _rows(request: HttpRequest) -> tuple[list[selectors.PortfolioRow], dict[str, Any]]:
    qs, f = _filtered(request)
    signal = f["signal"] if f["signal"] in (*SIGNAL_CODES, "any") else None
    return selectors.portfolio(qs, year=f["year"], signal=signal), f


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    rows, f = _rows(request)
    visible = selectors.projects_for_user(request.user)
    units = sorted({(p.owner_unit.key, p.owner_unit.name) for p in visible}, key=lambda u: u[1])
    years = sorted({y for p in selectors.with_details(visible) for b in p.baselines.all()
                    for y in range(b.start.year, b.finish.year + 1)})
    editable = _editable_units(request.user)
    return render(request, "investments/portfolio.html", {
        "rows": rows, "f": f, "units": units, "years": years, "pillars": Pillar.choices, "statuses": Status.choices,
        "signals": signal_labels(), "by_unit": selectors.totals(rows, "unit"),
        "by_pillar": selectors.totals(rows, "pillar"), "by_year": selectors.totals(rows, "year"),
        "total_cost": sum(r.current.total_cost for r in rows), "total_disbursed": sum(r.disbursed for r in rows),
        "can_import": bool(editable) or is_secretariat(request.user), "query": request.GET.urlencode(),
    })


def _editable_units(user: Any) -> list[Any]:
    """The units whose project lists a unit officer may import (the secretariat picks any unit instead)."""
    if role_of(user) != "unit_officer":
        return []
    return [u for u in (unit_by_id(i) for i in sorted(scope_unit_ids(user))) if unit_can_edit(user, u)]


def _project_or_404(request: HttpRequest, code: str) -> Project:
    project = selectors.with_details(selectors.projects_for_user(request.user).filter(code=code)).first()
    if project is None:
        raise Http404
    return project


@login_required
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = _project_or_404(request, code)
    signals = selectors.signals_of(project)
    baselines = sorted(project.baselines.all(), key=lambda b: b.number)
    money = selectors.money_over_time(project)
    names = selectors.registry_names()
    labels = signal_labels()
    return render(request, "investments/project.html", {
        "p": project, "s": signals, "baselines": baselines, "first": baselines[0], "current": baselines[-1],
        "money": money, "milestones": list(project.milestones.all()), "today": today_vn(),
        "risks": sorted(project.risk_ratings.all(), key=lambda r: (r.rated_on, r.pk), reverse=True),
        "links": [{"code": x.code, "name": names.get(x.code, ""), "relation": x.get_relation_display()}
                  for x in project.platform_links.all()],
        "task_ids": [t.task_id for t in project.task_links.all()],
        "signal_rows": [{"code": x.code, "label": labels[x.code], "level": x.level, "value": x.value}
                        for x in signals.all],
        "can_edit": unit_can_edit(request.user, project.owner_unit),
        "chart": {"years": money["years"], "months": money["months"],
                  "labels": {"planned": _("Planned capital"), "disbursed": _("Disbursed"),
                             "cumulative": _("Disbursed, running total")}},
    })


def _post_date(request: HttpRequest, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(request.POST.get(name, ""))
    except ValueError:
        raise ValidationError({name: [_("a date like 2025-12-31")]}) from None


def _post_vnd(request: HttpRequest, name: str, *, required: bool = True) -> int | None:
    raw = request.POST.get(name, "").replace(".", "").replace(",", "").replace(" ", "")
    if not raw and not required:
        return None
    if not raw.isdigit():
        raise ValidationError({name: [_("an amount in VND, digits only")]})
    return int(raw)


def _flash(request: HttpRequest, exc: ValidationError) -> None:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    for field, msgs in detail.items():
        for m in msgs:
            messages.error(request, f"{field}: {m}" if field else m)


@login_required
@require_POST
def project_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """The three forms of the project page: a progress report, a new baseline, a risk rating."""
    project = _project_or_404(request, code)
    try:
        if action == "report":
            day = _post_date(request, "report_on")
            month = _post_date(request, "month") if request.POST.get("month") else None
            amount = _post_vnd(request, "disbursed", required=False)
            milestone = _int(request.POST.get("milestone"))
            project_report(actor=request.user, project=project, report=ProgressReport(
                report_on=day, disbursed={month: amount} if month and amount is not None else {},
                cost_estimate=_post_vnd(request, "cost_estimate", required=False),
                milestones_done={milestone: day} if milestone else {},
                status=request.POST.get("status") or None, note=request.POST.get("note", "")))
            messages.success(request, _("Progress report recorded."))
        elif action == "baseline":
            baseline_add(actor=request.user, project=project, total_cost=_post_vnd(request, "total_cost") or 0,
                         start=_post_date(request, "start"), finish=_post_date(request, "finish"),
                         reason=request.POST.get("reason", ""), approved_by=request.POST.get("approved_by", ""),
                         decision=request.POST.get("decision", ""))
            messages.success(request, _("New baseline recorded; the earlier ones are kept."))
        elif action == "risk":
            rating = _int(request.POST.get("rating"))
            risk_rate(actor=request.user, project=project, rating=rating or 0, reason=request.POST.get("reason", ""),
                      rated_on=_post_date(request, "rated_on"))
            messages.success(request, _("Risk rating recorded."))
        else:
            raise Http404
    except ValidationError as exc:
        _flash(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("investments:project", code=project.code)


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    kinds = dict(Kind.choices)
    groups = []
    for g, members in selectors.duplicate_groups(selectors.projects_for_user(request.user)):
        rows = [{"project": p, "cost": max(p.baselines.all(), key=lambda b: b.number).total_cost} for p in members]
        groups.append(({"group": g, "kind": kinds.get(g.kind, _("several kinds"))}, rows))
    return render(request, "investments/duplicates.html", {"groups": groups})


EXPORT_FIELDS = ["code", "name", "unit", "pillar", "kind", "status", "first_cost", "current_cost", "cost_estimate",
                 "baselines", "start", "finish", "forecast_finish", "delay_days", "planned_to_date", "disbursed",
                 "risk", "overall", *SIGNAL_CODES]


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows, _f = _rows(request)
    out = [{"code": r.project.code, "name": r.project.name, "unit": r.project.owner_unit.name,
            "pillar": r.project.pillar, "kind": r.project.kind, "status": r.project.status,
            "first_cost": r.first.total_cost, "current_cost": r.current.total_cost,
            "cost_estimate": r.project.cost_estimate, "baselines": r.current.number, "start": r.current.start,
            "finish": r.current.finish, "forecast_finish": r.signals.forecast_finish, "delay_days": r.signals.delay_days,
            "planned_to_date": r.planned_to_date, "disbursed": r.disbursed, "risk": r.risk,
            "overall": r.signals.overall, **{s.code: s.level for s in r.signals.all}} for r in rows]
    return table_response(out, EXPORT_FIELDS, fmt, f"du-an-cds-{today_vn():%Y%m%d}", sheet="Dự án")


def _import_unit(request: HttpRequest, key: str) -> Any:
    try:
        unit = unit_by_key(key)
    except UnitNotFound:
        raise Http404 from None
    if not unit_can_edit(request.user, unit):
        raise PermissionDenied(_("You may only import projects of your own unit."))
    return unit


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    own = _editable_units(request.user)
    secretariat = is_secretariat(request.user)
    if not own and not secretariat:
        raise PermissionDenied(_("Only unit officers and the secretariat import project lists."))
    result = None
    if request.method == "POST":
        unit = _import_unit(request, request.POST.get("unit", ""))
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("file: choose the filled template"))
        else:
            try:
                result = import_workbook(actor=request.user, unit=unit, content=upload.read())
            except ImportErrors as exc:
                for m in exc.messages:
                    messages.error(request, m)
    return render(request, "investments/import.html", {"own": own, "secretariat": secretariat, "result": result})


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    unit = _import_unit(request, request.GET.get("unit", ""))
    response = HttpResponse(template_workbook(unit), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="du-an-{unit.code or unit.pk}.xlsx"'
    return response
