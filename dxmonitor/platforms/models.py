"""Tables of the platform registry, the shared databases, their exchanges and data-quality runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dxmonitor.core.choices import Pillar


class Platform(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=300)
    pillar = models.CharField(max_length=20, choices=Pillar.choices)
    owner_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    replaces = models.TextField(blank=True)  # what the platform makes unnecessary (local systems, paper)
    launched_on = models.DateField(null=True, blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["pillar", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlatformAdoption(models.Model):
    """A unit that uses a platform, since when."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="adoptions")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    since = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "unit"], name="adoption_once")]


class PlatformUsage(models.Model):
    """A usage figure of one month (transactions, accounts, calls...)."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="usage")
    month = models.DateField()  # first day of the month
    metric = models.CharField(max_length=60)
    value = models.FloatField()

    class Meta:
        ordering = ["platform", "metric", "month"]
        constraints = [models.UniqueConstraint(fields=["platform", "month", "metric"], name="usage_once")]


class Scope(models.TextChoices):
    NATIONAL = "national", _("National database")
    SECTORAL = "sectoral", _("Sectoral database")


class Link(models.TextChoices):
    CONNECTED = "connected", _("Connected")
    PARTIAL = "partial", _("Partly connected")
    PLANNED = "planned", _("Not yet connected")
    BROKEN = "broken", _("Connection failing")


class SharedDatabase(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=300)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    owner_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    freshness_days = models.PositiveIntegerField(default=365)  # declared: records older than this are not "live"
    quality_profile = models.CharField(max_length=40, blank=True)  # a built-in profile, or
    quality_rules = models.TextField(blank=True)  # the dataset's own rules (YAML)
    ioc_status = models.CharField(max_length=20, choices=Link.choices, default=Link.PLANNED)
    ioc_last_exchange_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scope", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Exchange(models.Model):
    """Data flowing from one database to another, and when it last succeeded."""

    source = models.ForeignKey(SharedDatabase, on_delete=models.CASCADE, related_name="exchanges_out")
    target = models.ForeignKey(SharedDatabase, on_delete=models.CASCADE, related_name="exchanges_in")
    status = models.CharField(max_length=20, choices=Link.choices, default=Link.PLANNED)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source", "target"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="exchange_once")]


class QualityRun(models.Model):
    """One scoring of a dataset of a database; the scores are kept so the trend shows."""

    database = models.ForeignKey(SharedDatabase, on_delete=models.PROTECT, related_name="quality_runs")
    checked_at = models.DateTimeField()
    as_of = models.DateField()
    file_name = models.CharField(max_length=255)
    ruleset = models.CharField(max_length=80)
    rows = models.PositiveBigIntegerField()
    # Scores in [0, 1] ("clean" would shadow Model.clean(), hence the prefix on all five).
    score_correct = models.FloatField(null=True)
    score_complete = models.FloatField(null=True)
    score_clean = models.FloatField(null=True)
    score_live = models.FloatField(null=True)
    score_overall = models.FloatField(null=True)
    failures_total = models.PositiveBigIntegerField()
    failures_file = models.CharField(max_length=255, blank=True)  # relative to MEDIA_ROOT
    report = models.JSONField(default=dict)  # rules, fields, input facts (to_dict without the failures)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["database", "-as_of", "-checked_at"]

    @property
    def scores(self) -> dict[str, float | None]:
        """{correct, complete, clean, live, overall}."""
        return {d: getattr(self, f"score_{d}") for d in ("correct", "complete", "clean", "live", "overall")}

    @property
    def overall(self) -> float | None:
        return self.score_overall
