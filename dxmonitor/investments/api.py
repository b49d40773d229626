"""Investments API: the portfolio with signals, one project in full, the duplicate-investment groups, a progress
report, a new baseline and a risk rating (session users; writes follow the same access rules as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from dxmonitor.api import session_auth, write
from dxmonitor.investments import selectors
from dxmonitor.investments.models import Project
from dxmonitor.investments.services import ProgressReport, baseline_add, project_report, risk_rate

router = Router(tags=["investments"])


class SignalOut(Schema):
    code: str
    level: str
    value: float | None


class ProjectOut(Schema):
    code: str
    name: str
    unit_key: str
    unit_name: str
    pillar: str
    kind: str
    status: str
    first_cost: int
    current_cost: int
    baseline: int
    cost_estimate: int | None
    start: dt.date
    finish: dt.date
    forecast_finish: dt.date | None
    delay_days: int | None
    planned_to_date: int
    disbursed: int
    risk: int | None
    overall: str
    signals: list[SignalOut]


def _out(r: selectors.PortfolioRow) -> dict[str, Any]:
    p = r.project
    return {"code": p.code, "name": p.name, "unit_key": p.owner_unit.key, "unit_name": p.owner_unit.name,
            "pillar": p.pillar, "kind": p.kind, "status": p.status, "first_cost": r.first.total_cost,
            "current_cost": r.current.total_cost, "baseline": r.current.number, "cost_estimate": p.cost_estimate,
            "start": r.current.start, "finish": r.current.finish, "forecast_finish": r.signals.forecast_finish,
            "delay_days": r.signals.delay_days, "planned_to_date": r.planned_to_date, "disbursed": r.disbursed,
            "risk": r.risk, "overall": r.signals.overall,
            "signals": [{"code": s.code, "level": s.level, "value": s.value} for s in r.signals.all]}


@router.get("/projects", response=list[ProjectOut], auth=session_auth)
def projects(request: HttpRequest, unit: str | None = None, pillar: str | None = None, year: int | None = None,
             signal: str | None = None):
    qs = selectors.projects_for_user(request.user)
    if unit:
        qs = qs.filter(owner_unit__key=unit)
    if pillar:
        qs = qs.filter(pillar=pillar)
    return [_out(r) for r in selectors.portfolio(qs, year=year, signal=signal)]


def _project(request: HttpRequest, code: str) -> Project:
    project = selectors.projects_for_user(request.user).filter(code=code).first()
    if project is None:
        raise HttpError(404, "project not found")
    return project


class BaselineOut(Schema):
    number: int
    total_cost: int
    start: dt.date
    finish: dt.date
    reason: str
    approved_by: str


class MilestoneOut(Schema):
    id: int
    name: str
    planned: dt.date
    actual: dt.date | None


class RiskOut(Schema):
    rating: int
    reason: str
    rated_on: dt.date


class ProjectDetailOut(ProjectOut):
    description: str
    baselines: list[BaselineOut]
    milestones: list[MilestoneOut]
    risks: list[RiskOut]
    money: dict[str, Any]
    links: list[dict[str, str]]


@router.get("/projects/{code}", response=ProjectDetailOut, auth=session_auth)
def project(request: HttpRequest, code: str):
    p = _project(request, code)
    row = selectors.portfolio(selectors.projects_for_user(request.user).filter(pk=p.pk))[0]
    p = row.project
    return {**_out(row), "description": p.description,
            "baselines": [{"number": b.number, "total_cost": b.total_cost, "start": b.start, "finish": b.finish,
                           "reason": b.reason, "approved_by": b.approved_by}
                          for b in sorted(p.baselines.all(), key=lambda b: b.number)],
            "milestones": [{"id": m.pk, "name": m.name, "planned": m.planned, "actual": m.actual}
                           for m in p.milestones.all()],
            "risks": [{"rating": r.rating, "reason": r.reason, "rated_on": r.rated_on}
                      for r in sorted(p.risk_ratings.all(), key=lambda r: (r.rated_on, r.pk))],
            "money": selectors.money_over_time(p),
            "links": [{"code": x.code, "relation": x.relation} for x in p.platform_links.all()]}


class GroupOut(Schema):
    kind: str
    units: int
    total_cost: int
    platform_code: str | None
    platform_name: str | None
    projects: list[str]


@router.get("/duplicates", response=list[GroupOut], auth=session_auth)
def duplicates(request: HttpRequest):
    return [{"kind": g.kind, "units": g.units, "total_cost": g.total_cost, "platform_code": g.platform_code,
             "platform_name": g.platform_name, "projects": list(g.codes)}
            for g, _members in selectors.duplicate_groups(selectors.projects_for_user(request.user))]


class ReportIn(Schema):
    report_on: dt.date
    disbursed: dict[str, int] = {}  # "YYYY-MM" -> VND
    cost_estimate: int | None = None
    milestones_done: dict[int, dt.date] = {}
    status: str | None = None
    note: str = ""


@router.post("/projects/{code}/reports", response={201: dict}, auth=session_auth)
def report(request: HttpRequest, code: str, payload: ReportIn):
    p = _project(request, code)
    try:
        months = {dt.date.fromisoformat(f"{k}-01"): v for k, v in payload.disbursed.items()}
    except ValueError:
        raise HttpError(422, "disbursed: months are written YYYY-MM") from None
    write(lambda: project_report(actor=request.user, project=p, via="api", report=ProgressReport(
        report_on=payload.report_on, disbursed=months, cost_estimate=payload.cost_estimate,
        milestones_done=payload.milestones_done, status=payload.status, note=payload.note)))
    return 201, {"code": p.code, "last_report_on": payload.report_on.isoformat()}


class BaselineIn(Schema):
    total_cost: int
    start: dt.date
    finish: dt.date
    reason: str
    approved_by: str
    decision: str = ""


@router.post("/projects/{code}/baselines", response={201: dict}, auth=session_auth)
def new_baseline(request: HttpRequest, code: str, payload: BaselineIn):
    p = _project(request, code)
    b = write(lambda: baseline_add(actor=request.user, project=p, via="api", **payload.dict()))
    return 201, {"code": p.code, "baseline": b.number}


class RiskIn(Schema):
    rating: int
    reason: str
    rated_on: dt.date


@router.post("/projects/{code}/risks", response={201: dict}, auth=session_auth)
def rate(request: HttpRequest, code: str, payload: RiskIn):
    p = _project(request, code)
    write(lambda: risk_rate(actor=request.user, project=p, via="api", **payload.dict()))
    return 201, {"code": p.code, "rating": payload.rating}
