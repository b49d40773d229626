"""Platforms API: the platform registry with usage, the shared databases with their connections and quality
history, a quality check of an uploaded CSV, and reports of usage and successful exchanges (owners' systems may
send these with their token)."""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO, cast

from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from dxmonitor.api import principal, session_auth, user_or_token, write
from dxmonitor.platforms import selectors
from dxmonitor.platforms.models import Platform, SharedDatabase
from dxmonitor.platforms.services import exchange_succeeded, quality_check, usage_record

router = Router(tags=["platforms"])


class PlatformOut(Schema):
    code: str
    name: str
    pillar: str
    owner: str | None
    adopters: int
    description: str
    replaces: str
    usage: dict[str, list[dict[str, Any]]]


@router.get("/platforms", response=list[PlatformOut], auth=user_or_token)
def platforms(request: HttpRequest):
    return [{"code": p.code, "name": p.name, "pillar": p.pillar, "owner": p.owner_unit.name if p.owner_unit else None,
             "adopters": getattr(p, "adopters", 0), "description": p.description, "replaces": p.replaces,
             "usage": selectors.usage_series(p)} for p in selectors.platforms()]


class RunOut(Schema):
    id: int
    as_of: dt.date
    rows: int
    ruleset: str
    correct: float | None
    complete: float | None
    clean: float | None
    live: float | None
    overall: float | None
    failures_total: int


def _run_out(r: Any) -> dict[str, Any]:
    return {"id": r.pk, "as_of": r.as_of, "rows": r.rows, "ruleset": r.ruleset, "failures_total": r.failures_total,
            **r.scores}


class DatabaseOut(Schema):
    code: str
    name: str
    scope: str
    owner: str
    ioc_status: str
    ioc_last_exchange_at: dt.datetime | None
    latest_quality: RunOut | None


@router.get("/databases", response=list[DatabaseOut], auth=user_or_token)
def databases(request: HttpRequest):
    out = []
    for d in selectors.databases():
        run = selectors.latest_run(d)
        out.append({"code": d.code, "name": d.name, "scope": d.scope, "owner": d.owner_unit.name,
                    "ioc_status": d.ioc_status, "ioc_last_exchange_at": d.ioc_last_exchange_at,
                    "latest_quality": _run_out(run) if run else None})
    return out


@router.get("/graph", response=dict, auth=user_or_token)
def graph(request: HttpRequest):
    return selectors.graph()


def _db(code: str) -> SharedDatabase:
    db = selectors.databases().filter(code=code).first()
    if db is None:
        raise HttpError(404, "database not found")
    return db


@router.get("/databases/{code}/quality", response=list[RunOut], auth=session_auth)
def quality_history(request: HttpRequest, code: str):
    db = _db(code)
    allowed = set(selectors.runs_for_user(request.user).filter(database=db).values_list("pk", flat=True))
    return [_run_out(r) for r in selectors.history(db) if r.pk in allowed]


@router.post("/databases/{code}/quality", response={201: RunOut}, auth=session_auth)
def quality_upload(request: HttpRequest, code: str, file: File[UploadedFile], as_of: dt.date | None = None):
    db = _db(code)
    run = write(lambda: quality_check(actor=request.user, database=db, stream=cast(BinaryIO, file), file_name=file.name or "",
                                       as_of=as_of, via="api"))
    return 201, _run_out(run)


class ExchangeIn(Schema):
    target: str | None = None  # a database code; empty: the Government's information and command centre
    at: dt.datetime


@router.post("/databases/{code}/exchanges", response={201: dict}, auth=user_or_token)
def exchange(request: HttpRequest, code: str, payload: ExchangeIn):
    db = _db(code)
    target = _db(payload.target) if payload.target else None
    write(lambda: exchange_succeeded(actor=principal(request), source=db, target=target, at=payload.at))
    return 201, {"source": db.code, "target": payload.target or "ioc"}


class UsageIn(Schema):
    month: dt.date
    metric: str
    value: float


@router.post("/platforms/{code}/usage", response={201: dict}, auth=user_or_token)
def usage(request: HttpRequest, code: str, payload: UsageIn):
    platform = Platform.objects.filter(code=code).select_related("owner_unit").first()
    if platform is None:
        raise HttpError(404, "platform not found")
    write(lambda: usage_record(actor=principal(request), platform=platform, month=payload.month,
                                metric=payload.metric, value=payload.value))
    return 201, {"platform": platform.code, "month": f"{payload.month:%Y-%m}"}
