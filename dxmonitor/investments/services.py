"""Writes of the investments domain: create a project with its first baseline, re-baseline, report progress and
money, rate risk, change descriptive fields, import a unit's project list. Each one is atomic, permission-checked
(`orgs.access`) and audited. The first baseline is never changed: a change of cost or schedule adds a baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxmonitor.core.audit import audit_record
from dxmonitor.core.text import clean_text
from dxmonitor.investments import selectors
from dxmonitor.investments.models import (
    Allocation,
    Baseline,
    Disbursement,
    Element,
    Kind,
    Milestone,
    Pillar,
    PlatformLink,
    Project,
    RiskRating,
    Status,
    TaskLink,
)
from dxmonitor.orgs.access import require, unit_can_edit

MAX_VND = 10**16  # ten million billion VND: anything larger is a typing error


@dataclass(frozen=True)
class MilestoneInput:
    name: str
    planned: dt.date
    actual: dt.date | None = None


@dataclass(frozen=True)
class ProjectInput:
    """What a project is. Money in VND; `allocations` year -> planned capital; links by registry code."""

    code: str
    name: str
    owner_unit: Any
    pillar: str
    kind: str
    total_cost: int
    start: dt.date
    finish: dt.date
    description: str = ""
    programme: str = ""
    elements: Sequence[str] = ()
    approval_number: str = ""
    approval_date: dt.date | None = None
    capital_sources: Mapping[str, int] = field(default_factory=dict)
    status: str = Status.PLANNED
    allocations: Mapping[int, int] = field(default_factory=dict)
    milestones: Sequence[MilestoneInput] = ()
    builds: Sequence[str] = ()
    uses: Sequence[str] = ()
    task_ids: Sequence[int] = ()
    risk: int | None = None
    risk_reason: str = ""


def _money(errors: dict[str, list[str]], name: str, value: Any, *, allow_zero: bool = True) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < (0 if allow_zero else 1) or value > MAX_VND:
        errors.setdefault(name, []).append(_("an amount in VND, a whole number from %(low)s to 10^16")
                                          % {"low": 0 if allow_zero else 1})


def _check_project(data: ProjectInput, *, existing: Project | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    code = clean_text(data.code)
    if not code or len(code) > 40 or any(c.isspace() for c in code):
        errors.setdefault("code", []).append(_("a code of 1-40 characters without spaces is required"))
    elif Project.objects.filter(code=code).exclude(pk=existing.pk if existing else -1).exists():
        errors.setdefault("code", []).append(_("another project already has the code %(code)s") % {"code": code})
    if not clean_text(data.name):
        errors.setdefault("name", []).append(_("a name is required"))
    if data.pillar not in Pillar.values:
        errors.setdefault("pillar", []).append(_("one of: %(values)s") % {"values": ", ".join(Pillar.values)})
    if data.kind not in Kind.values:
        errors.setdefault("kind", []).append(_("one of: %(values)s") % {"values": ", ".join(Kind.values)})
    if data.status not in Status.values:
        errors.setdefault("status", []).append(_("one of: %(values)s") % {"values": ", ".join(Status.values)})
    wrong = [e for e in data.elements if e not in Element.values]
    if wrong:
        errors.setdefault("elements", []).append(_("unknown element(s) %(wrong)s; use: %(values)s")
                                                 % {"wrong": ", ".join(wrong), "values": ", ".join(Element.values)})
    _money(errors, "total_cost", data.total_cost, allow_zero=False)
    if data.finish < data.start:
        errors.setdefault("finish", []).append(_("the finish cannot be before the start"))
    for source, amount in data.capital_sources.items():
        _money(errors, f"capital_sources.{source}", amount)
    for year, amount in data.allocations.items():
        if not 2000 <= year <= 2100:
            errors.setdefault("allocations", []).append(_("year %(year)s is outside 2000-2100") % {"year": year})
        _money(errors, f"allocations.{year}", amount)
    for i, m in enumerate(data.milestones, start=1):
        if not clean_text(m.name):
            errors.setdefault(f"milestones.{i}", []).append(_("a milestone needs a name"))
    if data.risk is not None and not 1 <= data.risk <= 5:
        errors.setdefault("risk", []).append(_("a risk rating from 1 (lowest) to 5 (highest)"))
    if data.risk is not None and not clean_text(data.risk_reason):
        errors.setdefault("risk_reason", []).append(_("a risk rating needs its reason"))
    known = selectors.known_registry_codes()
    if known is not None:
        unknown = [c for c in (*data.builds, *data.uses) if c not in known]
        if unknown:
            errors.setdefault("platforms", []).append(
                _("not in the platform and database registry: %(codes)s") % {"codes": ", ".join(unknown)})
    return errors


def _write_children(project: Project, data: ProjectInput) -> None:
    project.allocations.all().delete()
    Allocation.objects.bulk_create([Allocation(project=project, year=y, amount=a) for y, a in data.allocations.items()])
    project.milestones.all().delete()
    Milestone.objects.bulk_create([Milestone(project=project, position=i, name=clean_text(m.name), planned=m.planned,
                                             actual=m.actual) for i, m in enumerate(data.milestones)])
    project.platform_links.all().delete()
    PlatformLink.objects.bulk_create(
        [PlatformLink(project=project, code=c, relation=PlatformLink.Relation.BUILDS) for c in dict.fromkeys(data.builds)]
        + [PlatformLink(project=project, code=c, relation=PlatformLink.Relation.USES) for c in dict.fromkeys(data.uses)])
    project.task_links.all().delete()
    TaskLink.objects.bulk_create([TaskLink(project=project, task_id=t) for t in dict.fromkeys(data.task_ids)])


def _describe(project: Project) -> dict[str, Any]:
    return {"code": project.code, "name": project.name, "owner": project.owner_unit.key, "pillar": project.pillar,
            "kind": project.kind, "status": project.status, "programme": project.programme,
            "elements": project.elements}


@transaction.atomic
def project_create(*, actor: Any, data: ProjectInput, via: str = "web", recorded_on: dt.date | None = None) -> Project:
    """A new project with baseline 1 (its approved cost and schedule) and, when given, its first risk rating."""
    require(unit_can_edit(actor, data.owner_unit), _("You may only register projects of your own unit."))
    errors = _check_project(data, existing=None)
    if errors:
        raise ValidationError(errors)
    project = Project.objects.create(
        code=clean_text(data.code), name=clean_text(data.name), description=clean_text(data.description),
        owner_unit=data.owner_unit, programme=clean_text(data.programme), pillar=data.pillar,
        elements=list(dict.fromkeys(data.elements)), kind=data.kind, approval_number=clean_text(data.approval_number),
        approval_date=data.approval_date, capital_sources={clean_text(k): v for k, v in data.capital_sources.items()},
        status=data.status)
    user = actor if getattr(actor, "is_authenticated", False) else None
    Baseline.objects.create(project=project, number=1, total_cost=data.total_cost, start=data.start,
                            finish=data.finish, reason=_("Approved investment decision"),
                            approved_by=data.owner_unit.name, decision=clean_text(data.approval_number),
                            recorded_by=user)
    _write_children(project, data)
    if data.risk is not None:
        RiskRating.objects.create(project=project, rating=data.risk, reason=clean_text(data.risk_reason),
                                  rated_on=recorded_on or data.approval_date or data.start, rated_by=user)
    audit_record(actor=actor, action="investments.project.create", obj=project,
                 after={**_describe(project), "total_cost": data.total_cost, "start": data.start.isoformat(),
                        "finish": data.finish.isoformat()}, unit_key=project.owner_unit.key, via=via)
    return project


@transaction.atomic
def project_update(*, actor: Any, project: Project, data: ProjectInput, via: str = "web") -> Project:
    """Descriptive fields, yearly allocations, milestones and links. Cost and schedule do not change here: a
    different cost or start/finish is refused with a pointer to `baseline_add`."""
    require(unit_can_edit(actor, project.owner_unit), _("You may only change projects of your own unit."))
    if data.owner_unit.pk != project.owner_unit_id:
        raise ValidationError({"owner_unit": [_("the owner of a project cannot change")]})
    errors = _check_project(data, existing=project)
    current = selectors.current_baseline(project)
    if (data.total_cost, data.start, data.finish) != (current.total_cost, current.start, current.finish):
        errors.setdefault("total_cost", []).append(
            _("cost or schedule differ from baseline %(n)s: record a new baseline with its reason and approver")
            % {"n": current.number})
    if errors:
        raise ValidationError(errors)
    before = _describe(project)
    for name in ("name", "description", "programme", "approval_number"):
        setattr(project, name, clean_text(getattr(data, name)))
    project.pillar, project.kind, project.status = data.pillar, data.kind, data.status
    project.elements = list(dict.fromkeys(data.elements))
    project.approval_date = data.approval_date
    project.capital_sources = {clean_text(k): v for k, v in data.capital_sources.items()}
    project.save()
    _write_children(project, data)
    audit_record(actor=actor, action="investments.project.update", obj=project, before=before,
                 after=_describe(project), unit_key=project.owner_unit.key, via=via)
    return project


@transaction.atomic
def baseline_add(*, actor: Any, project: Project, total_cost: int, start: dt.date, finish: dt.date, reason: str,
                 approved_by: str, decision: str = "", via: str = "web") -> Baseline:
    """Re-baseline: a new approved cost or schedule, with the reason and who approved it. Earlier baselines stay."""
    require(unit_can_edit(actor, project.owner_unit), _("You may only change projects of your own unit."))
    errors: dict[str, list[str]] = {}
    _money(errors, "total_cost", total_cost, allow_zero=False)
    if finish < start:
        errors.setdefault("finish", []).append(_("the finish cannot be before the start"))
    if not clean_text(reason):
        errors.setdefault("reason", []).append(_("a new baseline needs its reason"))
    if not clean_text(approved_by):
        errors.setdefault("approved_by", []).append(_("a new baseline needs who approved it"))
    current = selectors.current_baseline(project)
    if (total_cost, start, finish) == (current.total_cost, current.start, current.finish):
        errors.setdefault("total_cost", []).append(_("nothing changes: cost and schedule equal the current baseline"))
    if errors:
        raise ValidationError(errors)
    baseline = Baseline.objects.create(
        project=project, number=current.number + 1, total_cost=total_cost, start=start, finish=finish,
        reason=clean_text(reason), approved_by=clean_text(approved_by), decision=clean_text(decision),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_record(actor=actor, action="investments.baseline.add", obj=project,
                 before={"baseline": current.number, "total_cost": current.total_cost,
                         "start": current.start.isoformat(), "finish": current.finish.isoformat()},
                 after={"baseline": baseline.number, "total_cost": total_cost, "start": start.isoformat(),
                        "finish": finish.isoformat(), "approved_by": baseline.approved_by},
                 reason=baseline.reason, unit_key=project.owner_unit.key, via=via)
    return baseline


@dataclass(frozen=True)
class ProgressReport:
    """A periodic report of the owner: money disbursed per month, the estimate at completion, milestones reached."""

    report_on: dt.date
    disbursed: Mapping[dt.date, int] = field(default_factory=dict)  # month (any day in it) -> amount in that month
    cost_estimate: int | None = None
    milestones_done: Mapping[int, dt.date] = field(default_factory=dict)  # milestone id -> actual date
    status: str | None = None
    note: str = ""


@transaction.atomic
def project_report(*, actor: Any, project: Project, report: ProgressReport, via: str = "web") -> Project:
    require(unit_can_edit(actor, project.owner_unit), _("You may only report on projects of your own unit."))
    errors: dict[str, list[str]] = {}
    for month, amount in report.disbursed.items():
        _money(errors, f"disbursed.{month:%Y-%m}", amount)
        if month.replace(day=1) > report.report_on:
            errors.setdefault(f"disbursed.{month:%Y-%m}", []).append(_("a month after the report date"))
    if report.cost_estimate is not None:
        _money(errors, "cost_estimate", report.cost_estimate, allow_zero=False)
    milestones = {m.pk: m for m in project.milestones.all()}
    for mid, day in report.milestones_done.items():
        if mid not in milestones:
            errors.setdefault("milestones", []).append(_("milestone %(id)s is not one of this project's") % {"id": mid})
        elif day > report.report_on:
            errors.setdefault("milestones", []).append(_("a milestone cannot be reached after the report date"))
    if report.status is not None and report.status not in Status.values:
        errors.setdefault("status", []).append(_("one of: %(values)s") % {"values": ", ".join(Status.values)})
    if project.last_report_on and report.report_on < project.last_report_on:
        errors.setdefault("report_on", []).append(_("an earlier report is dated %(d)s") % {"d": project.last_report_on})
    if errors:
        raise ValidationError(errors)
    before = {"last_report_on": project.last_report_on and project.last_report_on.isoformat(),
              "cost_estimate": project.cost_estimate, "status": project.status}
    for month, amount in report.disbursed.items():
        Disbursement.objects.update_or_create(project=project, month=month.replace(day=1), defaults={"amount": amount})
    for mid, day in report.milestones_done.items():
        milestones[mid].actual = day
        milestones[mid].save(update_fields=["actual"])
    if report.cost_estimate is not None:
        project.cost_estimate = report.cost_estimate
    if report.status is not None:
        project.status = report.status
    project.last_report_on = report.report_on
    project.save(update_fields=["cost_estimate", "status", "last_report_on", "updated_at"])
    audit_record(actor=actor, action="investments.project.report", obj=project, before=before,
                 after={"last_report_on": report.report_on.isoformat(), "cost_estimate": project.cost_estimate,
                        "status": project.status,
                        "disbursed": {f"{m:%Y-%m}": a for m, a in report.disbursed.items()},
                        "milestones_done": {str(k): v.isoformat() for k, v in report.milestones_done.items()}},
                 reason=clean_text(report.note), unit_key=project.owner_unit.key, via=via)
    return project


@transaction.atomic
def risk_rate(*, actor: Any, project: Project, rating: int, reason: str, rated_on: dt.date,
              via: str = "web") -> RiskRating:
    require(unit_can_edit(actor, project.owner_unit), _("You may only rate projects of your own unit."))
    errors: dict[str, list[str]] = {}
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        errors["rating"] = [_("a risk rating from 1 (lowest) to 5 (highest)")]
    if not clean_text(reason):
        errors["reason"] = [_("a risk rating needs its reason")]
    last = project.risk_ratings.order_by("-rated_on", "-id").first()
    if last and rated_on < last.rated_on:
        errors["rated_on"] = [_("the last rating is dated %(d)s") % {"d": last.rated_on}]
    if errors:
        raise ValidationError(errors)
    r = RiskRating.objects.create(project=project, rating=rating, reason=clean_text(reason), rated_on=rated_on,
                                  rated_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_record(actor=actor, action="investments.risk.rate", obj=project,
                 before={"rating": last.rating} if last else None, after={"rating": rating},
                 reason=r.reason, unit_key=project.owner_unit.key, via=via)
    return r


@dataclass(frozen=True)
class ImportRow:
    """One row of a unit's project list (Excel); `row` is the sheet row for messages."""

    row: int
    data: ProjectInput
    baseline_reason: str = ""
    baseline_approved_by: str = ""


@dataclass(frozen=True)
class ImportReport:
    created: list[str]
    updated: list[str]
    rebaselined: list[str]


@transaction.atomic
def projects_import(*, actor: Any, unit: Any, rows: Sequence[ImportRow], via: str = "import") -> ImportReport:
    """Create or update a unit's projects from its list, all or nothing. A row whose cost or schedule differs from
    the project's current baseline needs a reason and an approver, and adds a baseline."""
    require(unit_can_edit(actor, unit), _("You may only import projects of your own unit."))
    errors: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    report = ImportReport([], [], [])
    for r in rows:
        code = clean_text(r.data.code)
        if code in seen:
            errors.setdefault(f"row {r.row}", []).append(
                _("code %(code)s is also on row %(other)s") % {"code": code, "other": seen[code]})
            continue
        seen[code] = r.row
        existing = Project.objects.filter(code=code).first()
        try:
            with transaction.atomic():
                if existing is None:
                    project_create(actor=actor, data=r.data, via=via)
                    report.created.append(code)
                    continue
                if existing.owner_unit_id != unit.pk:
                    raise ValidationError({"code": [_("project %(code)s belongs to another unit") % {"code": code}]})
                current = selectors.current_baseline(existing)
                if (r.data.total_cost, r.data.start, r.data.finish) != (current.total_cost, current.start, current.finish):
                    baseline_add(actor=actor, project=existing, total_cost=r.data.total_cost, start=r.data.start,
                                 finish=r.data.finish, reason=r.baseline_reason,
                                 approved_by=r.baseline_approved_by, via=via)
                    report.rebaselined.append(code)
                project_update(actor=actor, project=existing, data=r.data, via=via)
                report.updated.append(code)
        except ValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for name, messages in detail.items():
                errors.setdefault(f"row {r.row}", []).extend(f"{name}: {m}" if name else m for m in messages)
    if errors:
        raise ValidationError(errors)
    return report
