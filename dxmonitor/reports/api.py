"""Reports API: the archive, and building a report (secretariat)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from dxmonitor.api import session_auth
from dxmonitor.orgs.access import can_read_all, is_secretariat, require
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.reports import selectors
from dxmonitor.reports.services import report_build

router = Router(tags=["reports"])


class ReportOut(Schema):
    id: int
    kind: str
    period: str
    unit_code: str
    title: str
    built_at: dt.datetime
    figures: list[dict]
    sections_without_data: list[str]
    docx_url: str
    pdf_url: str | None

    @staticmethod
    def resolve_docx_url(obj) -> str:
        return f"/reports/{obj.pk}/docx/"

    @staticmethod
    def resolve_pdf_url(obj) -> str | None:
        return f"/reports/{obj.pk}/pdf/" if obj.pdf else None


class BuildIn(Schema):
    kind: str
    period: str
    unit: str | None = None


@router.get("/", response=list[ReportOut], auth=session_auth)
def list_reports(request: HttpRequest):
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators read the report archive.")
    return list(selectors.archive()[:100])


@router.post("/", response={201: ReportOut}, auth=session_auth)
def build_report(request: HttpRequest, payload: BuildIn):
    require(is_secretariat(request.user), "Only the secretariat builds reports.")
    try:
        archive = report_build(actor=request.user, kind=payload.kind, period=payload.period, unit_code=payload.unit,
                               with_pdf=False, via="api")
    except (ValueError, UnitNotFound) as exc:
        raise HttpError(400, str(exc)) from None
    return 201, archive
