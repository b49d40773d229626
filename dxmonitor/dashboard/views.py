"""Pages: the overview for leaders (map, ranking, trends, alerts) and the public portal with open data."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from openpyxl import Workbook

from dxmonitor.core.cache import version
from dxmonitor.core.time import today_vn
from dxmonitor.dashboard import selectors
from dxmonitor.indices import selectors as indices
from dxmonitor.orgs.access import can_read_all
from dxmonitor.tasks import selectors as tasks
from dxmonitor.tasks.status import CSS, LABELS_EN, LABELS_VI, Status

METRIC_LABELS = {
    "dti": ("Chỉ số DTI", "DTI"), "cqs": ("DTI — chính quyền số", "DTI — digital government"),
    "kts": ("DTI — kinh tế số", "DTI — digital economy"), "xhs": ("DTI — xã hội số", "DTI — digital society"),
    "task_on_time": ("Tỷ lệ nhiệm vụ đúng hạn", "On-time task rate"),
    "online_share": ("Tỷ lệ hồ sơ trực tuyến", "Online dossier share"),
}


def overview(request: HttpRequest) -> HttpResponse:
    """The operations-centre overview; anonymous visitors are sent to the public portal."""
    if not request.user.is_authenticated:
        return redirect("public:home")
    if not can_read_all(request.user):
        return redirect("tasks:my_tasks" if request.user.unit_id else "orgs:unit_list")
    years = selectors.available_years()
    metric = request.GET.get("metric", "dti")
    if metric not in selectors.METRICS:
        metric = "dti"
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else selectors.default_year()
    vi = request.LANGUAGE_CODE == "vi"

    # The page body is also a cached template fragment keyed by the data version (see the template).
    def map_data() -> dict:
        data = dict(selectors.map_data(metric, year))
        data["label"] = METRIC_LABELS[metric][0 if vi else 1]
        return data

    return render(request, "dashboard/overview.html", {
        "cache_version": version(), "head": selectors.headline(), "map": map_data(), "years": years, "year": year,
        "metric": metric, "metrics": [(m, METRIC_LABELS[m][0 if vi else 1]) for m in selectors.METRICS],
        "ranking": selectors.ranking(year)[:63], "alerts": selectors.alerts(), "trend": selectors.task_trend(),
    })


def map_json(request: HttpRequest) -> JsonResponse:
    if not can_read_all(request.user):
        raise Http404
    try:
        return JsonResponse(selectors.map_data(request.GET.get("metric", "dti"), int(request.GET.get("year", "0"))))
    except ValueError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)


def public_home(request: HttpRequest) -> HttpResponse:
    years = indices.years()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else (years[-1] if years else None)
    directives = list(tasks.public_directives()[:20])
    for d in directives:
        d.task_list = [t for t in tasks.annotate_status(d.tasks.all()) if not t.is_recurring_parent]  # type: ignore[attr-defined]
    return render(request, "dashboard/public.html", {
        "years": years, "year": year, "ranking": indices.published_results(year=year) if year else [],
        "directives": directives, "css": CSS, "labels": LABELS_VI if request.LANGUAGE_CODE == "vi" else LABELS_EN,
        "datasets": DATASETS,
    })


def _dti_rows(year: int) -> list[dict]:
    return [{"year": year, "rank": r.rank, "unit_code": r.unit_code, "unit_name": r.unit_name, "dti": round(r.score, 4),
             "cqs": r.pillars.get("cqs"), "kts": r.pillars.get("kts"), "xhs": r.pillars.get("xhs")}
            for r in indices.published_results(year=year)]


def _task_rows() -> list[dict]:
    day = today_vn()
    rows = []
    for d in tasks.public_directives():
        for t in tasks.annotate_status(d.tasks.all()):
            if t.is_recurring_parent:
                continue
            rows.append({"directive": d.number, "directive_date": d.issued_on.isoformat(), "task_id": t.pk,
                         "lead_unit_code": t.lead_unit.code, "lead_unit": t.lead_unit.name, "content": t.content,
                         "deadline": t.deadline_current.isoformat() if t.deadline_current else "",
                         "status": t.status, "as_of": day.isoformat()})  # type: ignore[attr-defined]
    return rows


DATASETS = {
    "dti": ("Xếp hạng DTI cấp tỉnh theo năm", ["year", "rank", "unit_code", "unit_name", "dti", "cqs", "kts", "xhs"]),
    "public-tasks": ("Nhiệm vụ của các văn bản chỉ đạo công khai và tình trạng thực hiện",
                     ["directive", "directive_date", "task_id", "lead_unit_code", "lead_unit", "content", "deadline",
                      "status", "as_of"]),
}


def open_data(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    if dataset not in DATASETS or fmt not in ("csv", "json", "xlsx"):
        raise Http404
    if dataset == "dti":
        years = indices.years()
        year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else (years[-1] if years else 0)
        rows = _dti_rows(year)
    else:
        rows = _task_rows()
    columns = DATASETS[dataset][1]
    if fmt == "json":
        return HttpResponse(json.dumps(rows, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        wb = Workbook()
        ws = wb.active
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c) for c in columns])
        out = io.BytesIO()
        wb.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{dataset}.{fmt}"'
    return response


def data_dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/data_dictionary.html", {"datasets": DATASETS})


def unit_profile(request: HttpRequest, key: str) -> HttpResponse:
    if not can_read_all(request.user):
        return redirect("orgs:unit_detail", key=key)
    profile = selectors.unit_profile(key)
    if profile is None:
        raise Http404
    return render(request, "dashboard/profile.html", {"p": profile})


def meeting_brief(request: HttpRequest) -> HttpResponse:
    """A printable brief for a meeting: the previous meeting's tasks, the units that moved most, the alerts."""
    if not can_read_all(request.user):
        return redirect("public:home")
    meetings = tasks.meetings()
    chosen = request.GET.get("directive", "")
    current = next((m for m in meetings if str(m.pk) == chosen), meetings[0] if meetings else None)
    previous = None
    if current is not None:
        older = [m for m in meetings if (m.meeting_date or m.issued_on) < (current.meeting_date or current.issued_on)]
        previous = older[0] if older else None
    prev_tasks = tasks.annotate_status(previous.tasks.select_related("lead_unit").all()) if previous else []
    prev_tasks = [t for t in prev_tasks if not t.is_recurring_parent]
    counts: dict[str, int] = {}
    for t in prev_tasks:
        counts[t.status] = counts.get(t.status, 0) + 1  # type: ignore[attr-defined]
    years = indices.years()
    movers = []
    if years:
        results = [r for r in indices.published_results(year=years[-1]) if r.rank_change is not None]
        movers = sorted(results, key=lambda r: -abs(r.rank_change or 0))[:8]
    labels = LABELS_VI if request.LANGUAGE_CODE == "vi" else LABELS_EN
    return render(request, "dashboard/brief.html", {
        "meetings": meetings, "current": current, "previous": previous, "prev_tasks": prev_tasks,
        "counts": [(labels[Status(k)], CSS[Status(k)], v) for k, v in counts.items()], "movers": movers,
        "year": years[-1] if years else None, "alerts": selectors.alerts(), "css": CSS, "labels": labels,
    })
