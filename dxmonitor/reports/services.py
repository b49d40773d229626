"""Writes of the reports domain: building a report into the archive, editing a template."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction

from dxmonitor.core.audit import audit_record, snapshot
from dxmonitor.core.text import clean_text
from dxmonitor.orgs.selectors import resolve_unit
from dxmonitor.reports import builder
from dxmonitor.reports.docx_writer import write_docx
from dxmonitor.reports.models import ReportArchive, ReportKind, ReportTemplate
from dxmonitor.reports.periods import parse_period
from dxmonitor.reports.selectors import template_for


def report_build(*, actor: Any, kind: str, period: str, unit_code: str | None = None, with_pdf: bool = True,
                 via: str = "web") -> ReportArchive:
    """Build a report from the current data and file it in the archive (DOCX, XLSX annexes, PDF if possible)."""
    if kind not in ReportKind.values:
        raise ValueError(f"kind: unknown report kind '{kind}' (national, unit or brief)")
    parsed = parse_period(period)
    unit_name = None
    if kind == "unit":
        if not unit_code:
            raise ValueError("unit: a unit report needs --unit")
        unit = resolve_unit(unit_code, on=parsed.end)
        unit_code, unit_name = unit.code, unit.name
    content = builder.compose(kind=kind, period=parsed, unit_code=unit_code, unit_name=unit_name,
                              template=template_for(kind))
    stem = f"{kind}-{parsed.code}" + (f"-{unit_code}" if unit_code else "")
    with tempfile.TemporaryDirectory(prefix="dxm-report-") as tmp:
        docx_path = write_docx(content, Path(tmp) / f"{stem}.docx")
        xlsx_path = builder.write_xlsx(content, Path(tmp) / f"{stem}-phu-luc.xlsx")
        pdf_path = None
        if with_pdf:
            try:
                pdf_path = builder.write_pdf(docx_path, Path(tmp) / f"{stem}.pdf")
            except builder.PdfUnavailable:
                pdf_path = None
        with transaction.atomic():
            archive = ReportArchive(
                kind=kind, period=parsed.code, unit_code=unit_code or "",
                title=f"{content.title} — {content.subtitle}",
                built_by=actor if getattr(actor, "pk", None) else None, via=via,
                figures=[asdict(f) for f in content.figures],
                sections_without_data=[s.heading for s in content.sections if not s.has_data],
            )
            with docx_path.open("rb") as fh:
                archive.docx.save(docx_path.name, File(fh), save=False)
            with xlsx_path.open("rb") as fh:
                archive.xlsx.save(xlsx_path.name, File(fh), save=False)
            if pdf_path is not None:
                with pdf_path.open("rb") as fh:
                    archive.pdf.save(pdf_path.name, File(fh), save=False)
            archive.save()
            audit_record(actor=actor, action="report.build", obj=archive,
                         after={"kind": kind, "period": parsed.code, "unit": unit_code, "figures": len(content.figures)},
                         via=via)
    return archive


_TEMPLATE_FIELDS = ("title", "subtitle_pattern", "issuing_parent", "issuing_body", "number_pattern", "place",
                    "signer_title", "signer_name", "recipients")


@transaction.atomic
def template_update(*, actor: Any, kind: str, values: dict[str, str], via: str = "web") -> ReportTemplate:
    if kind not in ReportKind.values:
        raise ValueError(f"kind: unknown report kind '{kind}'")
    template, _ = ReportTemplate.objects.get_or_create(kind=kind, defaults=builder.DEFAULT_TEMPLATES[kind])
    before = snapshot(template, _TEMPLATE_FIELDS)
    for name in _TEMPLATE_FIELDS:
        if name in values:
            text = values[name].replace("\r\n", "\n")
            setattr(template, name, "\n".join(clean_text(line) for line in text.split("\n")) if "\n" in text
                    else clean_text(text))
    template.save()
    audit_record(actor=actor, action="report_template.update", obj=template, before=before,
                 after=snapshot(template, _TEMPLATE_FIELDS), via=via)
    return template
