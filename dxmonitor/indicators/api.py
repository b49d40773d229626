"""Indicators API: catalogue, campaigns and progress, a unit's values (read, save, submit, Excel), review queue and
decisions, reopening, approved values (JSON/CSV/XLSX) and the trace of one value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from dxmonitor.api import session_auth, user_or_token
from dxmonitor.core.tables import XLSX
from dxmonitor.indicators import selectors
from dxmonitor.indicators.excel import ImportErrors, import_workbook, template_workbook
from dxmonitor.indicators.services import (
    ReviewDecision,
    ValueInput,
    ValuesRejected,
    assignment_submit,
    campaign_create,
    evidence_add,
    value_reopen,
    values_review,
    values_save,
)
from dxmonitor.indicators.views import export_response
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.selectors import resolve_unit

router = Router(tags=["indicators"])


def _principal(request: HttpRequest) -> Any:
    """The session user, or the API token for system clients."""
    auth = getattr(request, "auth", None)
    return auth if auth is not None and not getattr(auth, "is_authenticated", False) else request.user


def _bad(exc: ValidationError) -> HttpError:
    if isinstance(exc, ValuesRejected):
        return HttpError(400, "; ".join(f"{i.indicator_code}: {i.message_en}" for i in exc.issues))
    if hasattr(exc, "error_dict"):
        return HttpError(400, "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items()))
    return HttpError(400, "; ".join(exc.messages))


def _assignment(request: HttpRequest, campaign_id: int, unit_id: int) -> Any:
    found = selectors.assignment_for_user(_principal(request), campaign_id, unit_id)
    if found is None:
        raise HttpError(404, "no such campaign or unit, or not visible to you")
    return found


class IndicatorOut(Schema):
    code: str
    name_vi: str
    name_en: str
    definition: str
    unit_of_measure: str
    value_type: str
    direction: str
    periodicity: str
    unit_kinds: list[str]
    source: str
    aggregation: str
    denominator: str | None
    evidence_required: bool
    required: bool
    group: str
    min_value: float | None
    max_value: float | None


@router.get("/catalogue", response=list[IndicatorOut], auth=user_or_token)
def catalogue(request: HttpRequest) -> list[dict[str, Any]]:
    return [{**{f: getattr(i, f) for f in IndicatorOut.model_fields if f != "denominator"},
             "denominator": i.denominator.code if i.denominator else None} for i in selectors.catalogue()]


class CampaignOut(Schema):
    id: int
    name: str
    period: str
    deadline: dt.date
    state: str
    indicators: list[str]
    units: int
    submitted: int
    late: int
    approved: int


@router.get("/campaigns", response=list[CampaignOut], auth=user_or_token)
def campaigns(request: HttpRequest) -> list[dict[str, Any]]:
    user = _principal(request)
    out = []
    for c in selectors.campaigns_for_user(user).prefetch_related("indicators"):
        s = selectors.progress_summary(selectors.campaign_progress(c, user))
        out.append({"id": c.pk, "name": c.name, "period": c.period, "deadline": c.deadline, "state": c.state,
                    "indicators": [i.code for i in c.indicators.all()], "units": s["units"],
                    "submitted": s["submitted"], "late": s["late"], "approved": s["approved"]})
    return out


class CampaignIn(Schema):
    name: str
    period: str
    deadline: dt.date
    indicators: list[str]
    units: list[str]  # unit keys, codes or names
    description: str = ""


@router.post("/campaigns", response={201: CampaignOut}, auth=session_auth)
def campaign_new(request: HttpRequest, payload: CampaignIn) -> tuple[int, dict[str, Any]]:
    units = []
    for ref in payload.units:
        try:
            units.append(resolve_unit(ref))
        except UnitNotFound as exc:
            raise HttpError(400, f"units: {exc}") from None
    try:
        c = campaign_create(actor=request.user, name=payload.name, period=payload.period, deadline=payload.deadline,
                            indicator_codes=payload.indicators, units=units, description=payload.description,
                            via="api")
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return 201, {"id": c.pk, "name": c.name, "period": c.period, "deadline": c.deadline, "state": c.state,
                 "indicators": payload.indicators, "units": len(units), "submitted": 0, "late": 0, "approved": 0}


class ProgressOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    status: str
    submitted_at: dt.datetime | None
    late: bool
    submitted_late: bool
    completeness: float
    counts: dict[str, int]


@router.get("/campaigns/{campaign_id}/progress", response=list[ProgressOut], auth=user_or_token)
def progress(request: HttpRequest, campaign_id: int) -> list[Any]:
    campaign = selectors.campaigns_for_user(_principal(request)).filter(pk=campaign_id).first()
    if campaign is None:
        raise HttpError(404, "no such campaign, or not visible to you")
    return list(selectors.campaign_progress(campaign, _principal(request)))


class ValueOut(Schema):
    id: int
    indicator_code: str
    group: str
    self_assessed: float | None
    reviewed: float | None
    final: float | None
    previous: float | None
    status: str
    comment: str
    review_comment: str
    warnings: list[str]
    evidence: list[str]


def _values_out(assignment: Any) -> list[dict[str, Any]]:
    return [{"id": r.value.pk, "indicator_code": r.indicator.code, "group": r.indicator.group,
             "self_assessed": r.value.self_assessed, "reviewed": r.value.reviewed, "final": r.value.final,
             "previous": r.previous.value if r.previous else None, "status": r.value.status,
             "comment": r.value.comment, "review_comment": r.value.review_comment, "warnings": r.value.warnings,
             "evidence": [e.original_name for e in r.evidence]} for r in selectors.entry_rows(assignment)]


@router.get("/campaigns/{campaign_id}/units/{unit_id}/values", response=list[ValueOut], auth=user_or_token)
def unit_values(request: HttpRequest, campaign_id: int, unit_id: int) -> list[dict[str, Any]]:
    return _values_out(_assignment(request, campaign_id, unit_id))


class ValueIn(Schema):
    indicator_code: str
    value: float | None
    comment: str | None = None


class IssueOut(Schema):
    severity: str
    kind: str
    indicator_code: str
    message: str


def _issues(issues: list[Any]) -> list[dict[str, Any]]:
    return [{"severity": i.severity, "kind": i.kind, "indicator_code": i.indicator_code, "message": i.message_en}
            for i in issues]


@router.put("/campaigns/{campaign_id}/units/{unit_id}/values", response=list[IssueOut], auth=user_or_token)
def unit_values_save(request: HttpRequest, campaign_id: int, unit_id: int, payload: list[ValueIn]) -> list[Any]:
    """Save draft values (all or nothing); answers with the remaining issues of the draft."""
    assignment = _assignment(request, campaign_id, unit_id)
    try:
        issues = values_save(actor=_principal(request), assignment=assignment, via="api",
                             entries=[ValueInput(p.indicator_code, p.value, p.comment) for p in payload])
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return _issues(issues)


@router.post("/campaigns/{campaign_id}/units/{unit_id}/submit", response=list[IssueOut], auth=user_or_token)
def unit_submit(request: HttpRequest, campaign_id: int, unit_id: int) -> list[Any]:
    """Submit for review; answers with the warnings that went with it (each explained)."""
    assignment = _assignment(request, campaign_id, unit_id)
    try:
        return _issues(assignment_submit(actor=_principal(request), assignment=assignment, via="api"))
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _bad(exc) from None


@router.get("/campaigns/{campaign_id}/units/{unit_id}/template.xlsx", auth=user_or_token)
def unit_template(request: HttpRequest, campaign_id: int, unit_id: int) -> HttpResponse:
    response = HttpResponse(template_workbook(_assignment(request, campaign_id, unit_id)), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="template.xlsx"'
    return response


class UploadOut(Schema):
    changed_rows: int
    issues: list[IssueOut]


@router.post("/campaigns/{campaign_id}/units/{unit_id}/upload", response=UploadOut, auth=user_or_token)
def unit_upload(request: HttpRequest, campaign_id: int, unit_id: int, file: UploadedFile = File(...)) -> dict:  # noqa: B008
    assignment = _assignment(request, campaign_id, unit_id)
    try:
        result = import_workbook(file.read(), actor=_principal(request), assignment=assignment, via="api")
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ImportErrors as exc:
        raise HttpError(400, "; ".join(exc.messages)) from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return {"changed_rows": result.changed_rows, "issues": _issues(result.issues)}


@router.post("/values/{value_id}/evidence", response={201: dict}, auth=user_or_token)
def value_evidence(request: HttpRequest, value_id: int, file: UploadedFile = File(...)) -> tuple[int, dict]:  # noqa: B008
    value = selectors.value_for_user(_principal(request), value_id)
    if value is None:
        raise HttpError(404, "no such value, or not visible to you")
    try:
        e = evidence_add(actor=_principal(request), value=value, upload=file, via="api")
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return 201, {"id": e.pk, "name": e.original_name, "sha256": e.sha256}


class QueueOut(Schema):
    id: int
    campaign_id: int
    period: str
    unit_code: str
    unit_name: str
    indicator_code: str
    group: str
    self_assessed: float | None
    comment: str
    warnings: list[str]
    submitted_at: dt.datetime | None


@router.get("/review-queue", response=list[QueueOut], auth=session_auth)
def review_queue(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"id": x.pk, "campaign_id": x.assignment.campaign_id, "period": x.period, "unit_code": x.unit.code,
             "unit_name": x.unit.name, "indicator_code": x.indicator.code, "group": x.indicator.group,
             "self_assessed": x.self_assessed, "comment": x.comment, "warnings": x.warnings,
             "submitted_at": x.submitted_at} for x in selectors.review_queue(request.user)]


class ReviewIn(Schema):
    value_id: int
    decision: str  # approve | return | save
    reviewed: float | None = None
    comment: str = ""


@router.post("/review", response=list[ValueOut], auth=session_auth)
def review(request: HttpRequest, payload: list[ReviewIn]) -> list[dict[str, Any]]:
    """Review decisions, all or nothing; only values visible to the reviewer can be named."""
    visible = set(selectors.values_for_user(request.user).filter(pk__in=[p.value_id for p in payload])
                  .values_list("pk", flat=True))
    missing = [p.value_id for p in payload if p.value_id not in visible]
    if missing:
        raise HttpError(404, f"no such value(s), or not visible to you: {missing}")
    try:
        done = values_review(actor=request.user, via="api", decisions=[
            ReviewDecision(p.value_id, p.decision, p.reviewed, p.comment) for p in payload])
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return [{"id": x.pk, "indicator_code": x.indicator.code, "group": x.indicator.group,
             "self_assessed": x.self_assessed, "reviewed": x.reviewed, "final": x.final, "previous": None,
             "status": x.status, "comment": x.comment, "review_comment": x.review_comment, "warnings": x.warnings,
             "evidence": []} for x in done]


class ReopenIn(Schema):
    reason: str


@router.post("/values/{value_id}/reopen", response=dict, auth=session_auth)
def reopen(request: HttpRequest, value_id: int, payload: ReopenIn) -> dict[str, Any]:
    value = selectors.value_for_user(request.user, value_id)
    if value is None:
        raise HttpError(404, "no such value, or not visible to you")
    try:
        value = value_reopen(actor=request.user, value=value, reason=payload.reason, via="api")
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return {"id": value.pk, "status": value.status}


@router.get("/approved", auth=user_or_token)
def approved(request: HttpRequest, period: str | None = None, indicator: str | None = None,
             format: str = "json") -> HttpResponse:
    """Approved values visible to the caller, as JSON, CSV or XLSX."""
    try:
        rows = selectors.export_rows(_principal(request), period=period, indicator_codes=[indicator] if indicator else [])
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    return export_response(rows, format, f"approved-{period or 'all'}")


@router.get("/trace", response=dict, auth=user_or_token)
def trace(request: HttpRequest, unit: str, indicator: str, period: str) -> dict[str, Any]:
    """Who submitted and approved one value, its evidence and history ("explain this score")."""
    try:
        unit_obj = resolve_unit(unit)
    except UnitNotFound as exc:
        raise HttpError(404, str(exc)) from None
    visible = selectors.values_for_user(_principal(request)).filter(unit=unit_obj, indicator__code=indicator)
    try:
        found = selectors.value_trace(unit_obj.key, indicator, period) if visible.exists() else None
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    if found is None:
        raise HttpError(404, "no such value, or not visible to you")
    return found.as_json()
