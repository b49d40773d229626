"""Report templates the secretariat edits, and the archive of every report built."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    NATIONAL = "national", _("National periodic report")
    UNIT = "unit", _("Unit report")
    BRIEF = "brief", _("Meeting brief")


class ReportTemplate(models.Model):
    """The fixed parts of one report kind: issuing body, number pattern, signature block, recipients."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices, unique=True)
    title = models.CharField(pgettext_lazy("report", "title"), max_length=200)
    subtitle_pattern = models.CharField(_("subtitle"), max_length=300,
                                        help_text=_("{period} and {unit} are replaced when the report is built."))
    issuing_parent = models.CharField(_("issuing body (parent)"), max_length=200)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    number_pattern = models.CharField(_("number and symbol"), max_length=100)
    place = models.CharField(_("place"), max_length=100, default="Hà Nội")
    signer_title = models.CharField(_("signer's title"), max_length=200)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    recipients = models.TextField(_("recipients (one per line)"))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class ReportArchive(models.Model):
    """A built report: who built it, when, from which data (the figures and their queries), the files."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    period = models.CharField(_("period"), max_length=10)
    unit_code = models.CharField(_("unit"), max_length=20, blank=True)
    title = models.CharField(pgettext_lazy("report", "title"), max_length=400)
    built_at = models.DateTimeField(_("built at"), auto_now_add=True)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    via = models.CharField(max_length=20, default="web")
    docx = models.FileField(upload_to="reports/%Y/")
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(upload_to="reports/%Y/", blank=True)
    figures = models.JSONField(default=list)
    sections_without_data = models.JSONField(default=list)

    class Meta:
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return self.title
