"""Audit log API: the global log for administrators and one object's history for those who may see it."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from dxmonitor.api import session_auth
from dxmonitor.core.models import AuditEntry, JobProgress
from dxmonitor.orgs.access import can_read_all, is_admin, require

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    via: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict | None
    after: dict | None
    reason: str

    @staticmethod
    def resolve_actor(obj: AuditEntry) -> str:
        return obj.actor_repr


class JobOut(Schema):
    id: int
    name: str
    status: str
    done: int
    total: int | None
    percent: float | None
    message: str
    started_at: dt.datetime
    finished_at: dt.datetime | None


@router.get("/audit", response=list[AuditEntryOut], auth=session_auth)
@paginate
def audit_list(request: HttpRequest, action: str = "", object_type: str = "", object_id: str = ""):
    require(is_admin(request.user), "Only administrators can read the global audit log.")
    qs = AuditEntry.objects.all()
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    return qs


@router.get("/jobs", response=list[JobOut], auth=session_auth)
def job_list(request: HttpRequest):
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators see background jobs.")
    return list(JobProgress.objects.all()[:50])
