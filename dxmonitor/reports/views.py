"""Pages: build a report, preview it, download it; the archive; edit the templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dxmonitor.orgs.access import can_read_all, is_secretariat, require
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.reports import builder, selectors
from dxmonitor.reports.models import ReportKind
from dxmonitor.reports.periods import parse_period
from dxmonitor.reports.services import report_build, template_update


@login_required
def archive_list(request: HttpRequest) -> HttpResponse:
    require(can_read_all(request.user), _("Only the secretariat, leaders and administrators read the report archive."))
    return render(request, "reports/archive.html", {
        "reports": selectors.archive()[:100], "kinds": ReportKind.choices, "can_build": is_secretariat(request.user),
    })


@login_required
@require_http_methods(["POST"])
def build(request: HttpRequest) -> HttpResponse:
    require(is_secretariat(request.user), _("Only the secretariat builds reports."))
    try:
        archive = report_build(actor=request.user, kind=request.POST.get("kind", ""),
                               period=request.POST.get("period", ""), unit_code=request.POST.get("unit") or None,
                               via="web")
    except (ValueError, UnitNotFound) as exc:
        messages.error(request, str(exc))
        return redirect("reports:archive")
    messages.success(request, _("The report was built and filed in the archive."))
    return redirect("reports:detail", pk=archive.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_read_all(request.user), _("Only the secretariat, leaders and administrators read the report archive."))
    archive = selectors.archive().filter(pk=pk).first()
    if archive is None:
        raise Http404
    content = builder.compose(kind=archive.kind, period=parse_period(archive.period),
                              unit_code=archive.unit_code or None, unit_name=None,
                              template=selectors.template_for(archive.kind)) if request.GET.get("live") else None
    return render(request, "reports/detail.html", {"report": archive, "live": content})


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    require(can_read_all(request.user), _("Only the secretariat, leaders and administrators read the report archive."))
    archive = selectors.archive().filter(pk=pk).first()
    field = {"docx": archive.docx, "pdf": archive.pdf, "xlsx": archive.xlsx}.get(fmt) if archive else None
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


@login_required
def templates_edit(request: HttpRequest) -> HttpResponse:
    require(is_secretariat(request.user), _("Only the secretariat edits report templates."))
    kind = request.GET.get("kind") or request.POST.get("kind") or "national"
    if kind not in ReportKind.values:
        raise Http404
    if request.method == "POST":
        values = {k: str(request.POST.get(k, "")) for k in builder.DEFAULT_TEMPLATES[kind] if k in request.POST}
        template_update(actor=request.user, kind=kind, values=values)
        messages.success(request, _("The template was saved."))
        return redirect(f"{request.path}?kind={kind}")
    return render(request, "reports/templates_edit.html", {
        "kind": kind, "kinds": ReportKind.choices, "values": selectors.template_for(kind),
        "fields": list(builder.DEFAULT_TEMPLATES[kind]),
    })
