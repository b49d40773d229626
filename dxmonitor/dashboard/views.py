"""Pages: the operations overview for leaders (map, ranking, trends, alerts), unit profiles, the meeting brief
with its PDF, and the public portal with open data. Views parse input and call selectors; nothing else."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from dxmonitor.core.tables import table_response
from dxmonitor.core.time import today_vn
from dxmonitor.dashboard import brief, opendata, selectors
from dxmonitor.dashboard.cache import version
from dxmonitor.orgs.access import can_read_all
from dxmonitor.tasks.status import CSS, LABELS_EN, LABELS_VI, Status

#: How long one session's rendered overview is reused at most (the data version changes the key before that).
PAGE_CACHE_SECONDS = 60


def _lang() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en"


def _status_labels() -> dict[str, tuple[str, str]]:
    """status -> (label in the active language, CSS class)."""
    labels = LABELS_VI if _lang() == "vi" else LABELS_EN
    return {s.value: (labels[s], CSS[s]) for s in Status}


def _year(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


def _internal_redirect(request: HttpRequest) -> HttpResponse | None:
    """Anonymous visitors go to the public portal, unit officers to their tasks; leaders, the secretariat and
    administrators read everything."""
    if not request.user.is_authenticated:
        return redirect("public:home")
    if not can_read_all(request.user):
        return redirect("tasks:my_tasks")
    return None


def _map_payload(metric: str, year: int) -> dict[str, Any]:
    data = dict(selectors.map_data(metric, year))
    data["label"] = selectors.metric_label(metric, _lang())
    data["tiles"] = [{**t, "url": reverse("dashboard:unit_profile", args=[t["key"]])} for t in data["tiles"]]
    return data


def overview(request: HttpRequest) -> HttpResponse:
    """The operations-centre overview (`/`)."""
    if (response := _internal_redirect(request)) is not None:
        return response
    metric = request.GET.get("metric", "dti")
    if metric not in selectors.METRICS:
        metric = "dti"
    year = _year(request, selectors.default_year())
    data_version = version()
    # The whole page of one session is cached by data version, choice and language: on the day of a meeting many
    # leaders reload the overview, and a hit skips template rendering (the page holds the session's CSRF token
    # and the user's name, hence the per-session key). The body is also a shared cached fragment, and the
    # context values are lazy, so a miss on a known data version runs no aggregate either.
    page_key = _session_page_key(request, "overview", data_version, metric, year)
    if page_key and (html := cache.get(page_key)) is not None:
        return HttpResponse(html)
    response = render(request, "dashboard/overview.html", {
        "cache_version": data_version, "metric": metric, "year": year, "years": selectors.available_years,
        "metrics": [(m, selectors.metric_label(m, _lang())) for m in selectors.METRICS],
        "head": selectors.headline, "map": lambda: _map_payload(metric, year),
        "ranking": lambda: selectors.ranking(year), "alerts": selectors.alerts, "trends": selectors.trends,
        "statuses": _status_labels,
    })
    if page_key and response.status_code == 200:
        cache.set(page_key, response.content, PAGE_CACHE_SECONDS)
    return response


def _session_page_key(request: HttpRequest, page: str, *parts: object) -> str | None:
    """A cache key for one session's rendering of a page, or None when the page must be rendered afresh (no CSRF
    cookie yet, or flash messages waiting to be shown)."""
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not csrf_secret or not request.session.session_key or len(get_messages(request)):
        return None
    ident = hashlib.sha256(f"{request.session.session_key}:{csrf_secret}".encode()).hexdigest()[:32]
    return ":".join(["dxm:page", page, ident, _lang(), *map(str, parts)])


def unit_profile(request: HttpRequest, key: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("public:home")
    if not can_read_all(request.user):
        return redirect("orgs:unit_detail", key=key)
    profile = selectors.unit_profile(key, request.user)
    if profile is None:
        raise Http404
    chart = {"unit": profile["unit"]["name"], "history": profile["history"], "radar": profile["radar"],
             "services": profile["services"], "counts": profile["task_counts"],
             "labels": {k: v[0] for k, v in _status_labels().items()}}
    return render(request, "dashboard/profile.html", {"p": profile, "chart": chart, "statuses": _status_labels()})


def _brief_context(request: HttpRequest) -> dict[str, Any]:
    meetings = brief.meetings()
    raw = request.GET.get("date", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else (meetings[0]["date"] if meetings else today_vn())
    except ValueError:
        day = meetings[0]["date"] if meetings else today_vn()
    return {"meetings": meetings, "day": day, "b": brief.brief_data(day, request.user), "statuses": _status_labels()}


def meeting_brief(request: HttpRequest) -> HttpResponse:
    """The printable brief for a meeting date (`?date=YYYY-MM-DD`, the latest meeting by default)."""
    if (response := _internal_redirect(request)) is not None:
        return response
    return render(request, "dashboard/brief.html", _brief_context(request))


def meeting_brief_pdf(request: HttpRequest) -> HttpResponse:
    if (response := _internal_redirect(request)) is not None:
        return response
    context = _brief_context(request)
    css_path = finders.find("dashboard/brief-print.css")
    context["inline_css"] = Path(str(css_path)).read_text(encoding="utf-8") if css_path else ""
    html = render_to_string("dashboard/brief_pdf.html", context, request=request)
    try:
        pdf = brief.html_to_pdf(html)
    except brief.PdfUnavailableError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ban-tom-tat-{context["day"].isoformat()}.pdf"'
    return response


# ---- public portal ------------------------------------------------------------------------------------------


def public_home(request: HttpRequest) -> HttpResponse:
    years = selectors.index_years()
    year = _year(request, years[-1] if years else 0) if years else None
    return render(request, "dashboard/public.html", {
        "years": years, "year": year, "ranking": selectors.ranking(year) if year else [],
        "methodology": opendata.methodology_code(year) if year else None,
        "directives": selectors.public_directives(), "statuses": _status_labels(), "datasets": opendata.DATASETS,
    })


def data_dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/data_dictionary.html", {"datasets": opendata.DATASETS})


def open_data(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    """`/public/data/<dataset>.<csv|xlsx|json>`: published data only, the same rows in every format."""
    if dataset not in opendata.DATASETS or fmt not in ("csv", "json", "xlsx"):
        raise Http404
    raw_year = request.GET.get("year", "")
    rows = opendata.rows(dataset, year=int(raw_year) if raw_year.isdigit() else None)
    columns = [c for c, _ in opendata.DATASETS[dataset].columns]
    response = table_response(rows, columns, fmt, dataset, sheet=dataset, json_inline=True)
    response["Access-Control-Allow-Origin"] = "*"
    return response
