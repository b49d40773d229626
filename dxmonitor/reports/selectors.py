"""Reads of the reports domain: the template in force for a kind, the archive."""

from __future__ import annotations

from django.db.models import QuerySet

from dxmonitor.reports.builder import DEFAULT_TEMPLATES
from dxmonitor.reports.models import ReportArchive, ReportTemplate


def template_for(kind: str) -> dict[str, str]:
    row = ReportTemplate.objects.filter(kind=kind).first()
    if row is None:
        return dict(DEFAULT_TEMPLATES[kind])
    return {name: getattr(row, name) for name in DEFAULT_TEMPLATES[kind]}


def archive() -> QuerySet[ReportArchive]:
    return ReportArchive.objects.select_related("built_by")
