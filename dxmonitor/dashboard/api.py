"""Dashboard API (`/api/v1/dashboard`): the overview figures, map data, rankings and unit profiles for leaders,
the secretariat and administrators (session); published rankings and public directives for everyone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from dxmonitor.api import public, session_auth
from dxmonitor.dashboard import opendata, selectors
from dxmonitor.orgs.access import can_read_all

router = Router(tags=["dashboard"])
PUBLIC_METRICS = ("dti", *selectors.PILLARS)


def _require_reader(request: HttpRequest) -> None:
    if not can_read_all(request.user):
        raise HttpError(403, "Only leaders, the secretariat and administrators read the internal dashboard.")


def _plain(value: Any) -> Any:
    """JSON-ready copy: dates as ISO strings, contracts as dicts."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return _plain(dict(value.__dict__))
    return value


def _map(metric: str, year: int | None) -> dict[str, Any]:
    try:
        return _plain(selectors.map_data(metric, year or selectors.default_year()))
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None


@router.get("/overview", auth=session_auth, summary="Headline figures, alerts and trends of the overview")
def overview(request: HttpRequest) -> dict[str, Any]:
    _require_reader(request)
    return _plain({"headline": selectors.headline(), "alerts": selectors.alerts(), "trends": selectors.trends()})


@router.get("/map", auth=session_auth, summary="Map data: the provinces of a year with one metric's values")
def map_data(request: HttpRequest, metric: str = "dti", year: int | None = None) -> dict[str, Any]:
    """`metric`: dti, cqs, kts, xhs, task_on_time or online_share. 63 provinces before 2024, 34 from 2024."""
    _require_reader(request)
    return _map(metric, year)


@router.get("/units/{key}/profile", auth=session_auth, summary="One ministry or province in full")
def unit_profile(request: HttpRequest, key: str) -> dict[str, Any]:
    _require_reader(request)
    profile = selectors.unit_profile(key, request.user)
    if profile is None:
        raise HttpError(404, f"no unit with key '{key}'")
    return _plain(profile)


@router.get("/public/rankings/{year}", auth=public, summary="Published DTI ranking of a year, with rank intervals")
def public_ranking(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    return opendata.rows("dti", year=year)


@router.get("/public/map", auth=public, summary="Published map data: the DTI or one of its pillars")
def public_map(request: HttpRequest, metric: str = "dti", year: int | None = None) -> dict[str, Any]:
    if metric not in PUBLIC_METRICS:
        raise HttpError(400, f"metric: the public map shows {', '.join(PUBLIC_METRICS)}")
    return _map(metric, year)


@router.get("/public/directives", auth=public, summary="Public directives and the status of their tasks")
def public_directives(request: HttpRequest) -> list[dict[str, Any]]:
    return _plain(selectors.public_directives())
