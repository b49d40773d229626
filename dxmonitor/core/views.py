"""Health check, the home page of the shell and the audit log pages."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from dxmonitor.core.models import AuditEntry, JobProgress
from dxmonitor.core.time import today_vn
from dxmonitor.orgs.access import can_read_all, is_admin, require
from dxmonitor.orgs.selectors import counts_by_kind


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def home(request: HttpRequest) -> HttpResponse:
    today = today_vn()
    context = {
        "today": today,
        "counts_today": counts_by_kind(today),
        "counts_before": counts_by_kind(dt.date(2025, 6, 30)),
    }
    return render(request, "core/home.html", context)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(is_admin(request.user), "Only administrators can read the global audit log.")
    entries = AuditEntry.objects.select_related("actor")
    q_action = request.GET.get("action", "").strip()
    q_actor = request.GET.get("actor", "").strip()
    if q_action:
        entries = entries.filter(action__startswith=q_action)
    if q_actor:
        entries = entries.filter(actor_repr__icontains=q_actor)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page, "q_action": q_action, "q_actor": q_actor})


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """Background and batch jobs with their progress; the table refreshes itself while a job runs."""
    require(can_read_all(request.user), "Only the secretariat, leaders and administrators see background jobs.")
    jobs = list(JobProgress.objects.all()[:50])
    template = "core/_job_rows.html" if request.headers.get("HX-Request") else "core/job_list.html"
    return render(request, template, {"jobs": jobs, "running": any(j.status == "running" for j in jobs)})
