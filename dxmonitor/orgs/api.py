"""Units API: public reference data (units valid on a date, look-up, lineage); tokens for administrators."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from dxmonitor.api import public, session_auth
from dxmonitor.core.time import today_vn
from dxmonitor.orgs import selectors
from dxmonitor.orgs.access import is_admin, require
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.models import ApiToken
from dxmonitor.orgs.services import token_create, token_revoke

router = Router(tags=["units"])


class UnitOut(Schema):
    key: str
    code: str
    name: str
    name_en: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parent_code: str | None
    ranking_group: str

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class LineageOut(Schema):
    predecessors: list[UnitOut]
    successors: list[UnitOut]
    current: list[UnitOut]


class ErrorOut(Schema):
    detail: str


@router.get("/", response=list[UnitOut], auth=public)
def list_units(request: HttpRequest, valid_on: dt.date | None = None, kind: str | None = None, q: str = ""):
    """Units valid on a date (today by default), optionally of one kind or matching a search text."""
    try:
        if q:
            return selectors.search_units(q, on=valid_on, kind=kind, limit=200)
        return list(selectors.units_valid_on(valid_on or today_vn(), kind))
    except ValueError as exc:
        from ninja.errors import HttpError

        raise HttpError(400, str(exc)) from None


@router.get("/{key}", response={200: UnitOut, 404: ErrorOut}, auth=public)
def get_unit(request: HttpRequest, key: str):
    try:
        return selectors.resolve_unit(key)
    except UnitNotFound as exc:
        return 404, {"detail": str(exc)}


@router.get("/{key}/lineage", response={200: LineageOut, 404: ErrorOut}, auth=public)
def unit_lineage(request: HttpRequest, key: str, on: dt.date | None = None):
    try:
        unit = selectors.resolve_unit(key)
    except UnitNotFound as exc:
        return 404, {"detail": str(exc)}
    return {
        "predecessors": selectors.predecessors_of(unit),
        "successors": selectors.successors_of(unit),
        "current": selectors.current_of(unit, on=on),
    }


class TokenIn(Schema):
    name: str
    unit: str


class TokenOut(Schema):
    id: int
    name: str
    unit_code: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_unit_code(obj: ApiToken) -> str:
        return obj.unit.code


class TokenCreated(Schema):
    id: int
    name: str
    unit_code: str
    prefix: str
    created_at: dt.datetime
    token: str


@router.get("/-/tokens", response=list[TokenOut], auth=session_auth, tags=["tokens"])
def list_tokens(request: HttpRequest):
    require(is_admin(request.user), "Only administrators manage API tokens.")
    return list(ApiToken.objects.select_related("unit"))


@router.post("/-/tokens", response={201: TokenCreated, 404: ErrorOut}, auth=session_auth, tags=["tokens"])
def create_token(request: HttpRequest, payload: TokenIn):
    """Create a token bound to a unit. The raw token is in this response only."""
    require(is_admin(request.user), "Only administrators manage API tokens.")
    try:
        unit = selectors.resolve_unit(payload.unit)
    except UnitNotFound as exc:
        return 404, {"detail": str(exc)}
    token, raw = token_create(actor=request.user, name=payload.name, unit=unit, via="api")
    return 201, {"id": token.pk, "name": token.name, "unit_code": unit.code, "prefix": token.prefix,
                 "created_at": token.created_at, "token": raw}


@router.delete("/-/tokens/{token_id}", response=TokenOut, auth=session_auth, tags=["tokens"])
def revoke_token(request: HttpRequest, token_id: int):
    require(is_admin(request.user), "Only administrators manage API tokens.")
    return token_revoke(actor=request.user, token=get_object_or_404(ApiToken, pk=token_id), via="api")
