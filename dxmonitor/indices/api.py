"""Indices API: published results with rank intervals (public), methodologies (public)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from dxmonitor.api import public
from dxmonitor.indices import selectors
from dxmonitor.indices.engine.methodology import available_methodologies

router = Router(tags=["indices"])


class ResultOut(Schema):
    unit_code: str
    unit_name: str
    score: float
    rank: int
    rank_change: int | None
    pillars: dict[str, float | None]
    rank_p05: int | None
    rank_p95: int | None
    group: str


class MethodologyOut(Schema):
    code: str
    version: str
    title: str
    legal_basis: str
    notes: str


@router.get("/methodologies", response=list[MethodologyOut], auth=public)
def methodologies(request: HttpRequest):
    return available_methodologies()


@router.get("/results/{year}", response=list[ResultOut], auth=public)
def results(request: HttpRequest, year: int, intervals: bool = False, kind: Literal["province", "ministry"] = "province"):
    """The ranking of a year: the provinces (the 63 before 2024, the 34 from 2024), or with `kind=ministry` the
    ministry-level bodies, ranked within their `group` (ministry_dvc, ministry_no_dvc)."""
    return [r.__dict__ for r in selectors.published_results(year=year, with_intervals=intervals, kind=kind)]
