"""Pages of the platforms domain: the platform registry, the shared databases with their connection graph, a
database's data-quality history with the upload form, and a quality run with its failing rows to download."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dxmonitor.core.tables import table_response
from dxmonitor.orgs.access import is_secretariat, unit_can_edit
from dxmonitor.platforms import selectors
from dxmonitor.platforms.models import Pillar, QualityRun, SharedDatabase
from dxmonitor.platforms.quality.reader import UPLOAD_MAX_BYTES
from dxmonitor.platforms.quality.report import rating
from dxmonitor.platforms.services import quality_check

DIMENSIONS = ("correct", "complete", "clean", "live", "overall")


def dimension_labels() -> dict[str, str]:
    return {"correct": _("Correct (đúng)"), "complete": _("Complete (đủ)"), "clean": _("Clean (sạch)"),
            "live": _("Live (sống)"), "overall": _("Overall")}


@login_required
def platform_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.platforms())
    if request.GET.get("format"):
        out = [{"code": p.code, "name": p.name, "pillar": p.pillar, "owner": p.owner_unit.name if p.owner_unit else "",
                "adopters": getattr(p, "adopters", 0), "replaces": p.replaces} for p in rows]
        return table_response(out, ["code", "name", "pillar", "owner", "adopters", "replaces"],
                              request.GET["format"], "nen-tang-so", sheet="Nền tảng")
    pillars = []
    for value, label in Pillar.choices:
        members = [p for p in rows if p.pillar == value]
        pillars.append({"value": value, "label": label, "platforms": members, "registered": len(members),
                        "published": selectors.PUBLISHED_PLATFORMS[value]})
    return render(request, "platforms/platform_list.html", {
        "pillars": pillars, "registered": len(rows), "published": sum(selectors.PUBLISHED_PLATFORMS.values())})


@login_required
def platform_detail(request: HttpRequest, code: str) -> HttpResponse:
    platform = selectors.platforms().filter(code=code).first()
    if platform is None:
        raise Http404
    adoptions = list(platform.adoptions.select_related("unit").order_by("unit__name"))
    return render(request, "platforms/platform_detail.html", {
        "p": platform, "adoptions": adoptions, "series": selectors.usage_series(platform)})


@login_required
def database_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.databases())
    if request.GET.get("format"):
        out = []
        for d in rows:
            run = selectors.latest_run(d)
            out.append({"code": d.code, "name": d.name, "scope": d.scope, "owner": d.owner_unit.name,
                        "ioc_status": d.ioc_status, "ioc_last_exchange_at": d.ioc_last_exchange_at,
                        "quality_overall": run.score_overall if run else None, "quality_as_of": run.as_of if run else None})
        fields = ["code", "name", "scope", "owner", "ioc_status", "ioc_last_exchange_at", "quality_overall",
                  "quality_as_of"]
        return table_response(out, fields, request.GET["format"], "co-so-du-lieu", sheet="Cơ sở dữ liệu")
    graph = selectors.graph()
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    names[selectors.IOC] = _("Government information and command centre")
    return render(request, "platforms/database_list.html", {
        "rows": [{"db": d, "run": selectors.latest_run(d)} for d in rows],
        "edges": [{**e, "source_name": names[e["source"]], "target_name": names[e["target"]]} for e in graph["edges"]],
        "graph": {**graph, "labels": {"ioc": _("Government information and command centre")},
                  "status": {"connected": _("Connected"), "partial": _("Partly connected"),
                             "planned": _("Not yet connected"), "broken": _("Connection failing")}},
    })


def _database(code: str) -> SharedDatabase:
    db = selectors.databases().filter(code=code).first()
    if db is None:
        raise Http404
    return db


@login_required
def database_detail(request: HttpRequest, code: str) -> HttpResponse:
    db = _database(code)
    can_check = is_secretariat(request.user) or unit_can_edit(request.user, db.owner_unit)
    if request.method == "POST":
        if not can_check:
            raise PermissionDenied(_("Only the database owner or the secretariat checks its data."))
        upload = request.FILES.get("file")
        rules = request.FILES.get("rules")
        try:
            if upload is None:
                raise ValidationError({"file": [_("choose a CSV file")]})
            as_of = dt.date.fromisoformat(request.POST["as_of"]) if request.POST.get("as_of") else None
            rules_text = rules.read().decode("utf-8") if rules is not None else None
            run = quality_check(actor=request.user, database=db, stream=cast(BinaryIO, upload), file_name=upload.name or "",
                                rules_text=rules_text, as_of=as_of)
        except (ValidationError, ValueError, UnicodeDecodeError) as exc:
            if isinstance(exc, ValidationError):
                detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                for field, msgs in detail.items():
                    for m in msgs:
                        messages.error(request, f"{field}: {m}" if field else m)
            else:
                messages.error(request, _("as_of: a date like 2026-11-24; rules: a UTF-8 YAML file"))
            return redirect("platforms:database_detail", code=db.code)
        return redirect("platforms:run_detail", pk=run.pk)
    runs = selectors.history(db)
    readable = selectors.runs_for_user(request.user).filter(database=db).exists() or not runs
    return render(request, "platforms/database_detail.html", {
        "db": db, "runs": runs if readable else [], "latest": selectors.latest_run(db) if readable else None,
        "can_check": can_check, "labels": dimension_labels(), "max_mb": UPLOAD_MAX_BYTES // (1024 * 1024),
        "exchanges_out": list(db.exchanges_out.select_related("target")),
        "exchanges_in": list(db.exchanges_in.select_related("source")),
        "chart": {"runs": [{"as_of": r.as_of.isoformat(), **r.scores} for r in runs]
                  if readable else [], "labels": dimension_labels()},
    })


def _run(request: HttpRequest, pk: int) -> QualityRun:
    run = selectors.runs_for_user(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    labels = dimension_labels()
    return render(request, "platforms/run_detail.html", {
        "run": run, "db": run.database,
        "scores": [{"key": d, "label": labels[d], "score": run.scores[d], "rating": rating(run.scores[d])}
                   for d in DIMENSIONS],
        "rules": run.report.get("rules", []), "fields": run.report.get("fields", {}),
        "input": run.report.get("input", {}),
    })


@login_required
def run_failures(request: HttpRequest, pk: int) -> FileResponse:
    run = _run(request, pk)
    if not (is_secretariat(request.user) or unit_can_edit(request.user, run.database.owner_unit)):
        raise PermissionDenied(_("The failing rows hold personal data: only the owner and the secretariat download them."))
    path = Path(settings.MEDIA_ROOT) / run.failures_file
    if not run.failures_file or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{run.database.code}-{run.as_of}-loi.csv",
                        content_type="text/csv; charset=utf-8")


