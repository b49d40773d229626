"""Main-indicator values per unit and year, each with where it came from and who entered it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IndexValue(models.Model):
    """One value of one indicator for one unit and year, as input to a methodology."""

    class Source(models.TextChoices):
        PUBLISHED = "published", _("published result")
        IMPORT = "import", _("imported file")
        DEMO = "demo", _("demo data (generated)")
        REAGGREGATED = "reaggregated", _("computed from predecessors")
        APPROVED = "approved", _("approved collection")

    methodology = models.CharField(_("methodology"), max_length=40)
    period = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(pgettext_lazy("index", "indicator"), max_length=60)
    value = models.FloatField(_("value"), null=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["methodology", "period", "unit", "indicator"],
                                               name="unique_index_value")]
        indexes = [models.Index(fields=["methodology", "period"])]
