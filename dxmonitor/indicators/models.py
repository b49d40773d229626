"""Indicator catalogue, rules, collection campaigns, data values with three figures each, and evidence files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ValueType(models.TextChoices):
    NUMBER = "number", pgettext_lazy("value type", "Number")
    PERCENT = "percent", _("Percent")
    YES_NO = "yes_no", _("Yes/no")
    COUNT = "count", _("Count")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Periodicity(models.TextChoices):
    YEAR = "year", _("Yearly")
    QUARTER = "quarter", _("Quarterly")
    MONTH = "month", _("Monthly")


class Source(models.TextChoices):
    SELF_REPORTED = "self_reported", _("Self-reported")
    MEASURED = "measured", _("Measured by the system")
    SURVEY = "survey", _("Survey")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    WEIGHTED_MEAN = "weighted_mean", _("Weighted mean")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")


class Indicator(models.Model):
    """One indicator of the catalogue, identified by a stable code."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices, default=ValueType.NUMBER)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    periodicity = models.CharField(_("periodicity"), max_length=10, choices=Periodicity.choices,
                                   default=Periodicity.YEAR)
    unit_kinds = models.JSONField(_("reported by unit kinds"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.SELF_REPORTED)
    aggregation = models.CharField(_("aggregation across units"), max_length=20, choices=Aggregation.choices,
                                   default=Aggregation.MEAN)
    denominator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("weighting denominator"))
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    required = models.BooleanField(_("value required"), default=True)
    group = models.SlugField(_("review group"), max_length=60, db_index=True)
    min_value = models.FloatField(_("minimum allowed"), null=True, blank=True)
    max_value = models.FloatField(_("maximum allowed"), null=True, blank=True)
    legal_basis = models.CharField(_("basis"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} — {self.name_vi}"


class Rule(models.Model):
    """A cross-indicator rule, an expression over indicator codes (`online_dossiers <= total_dossiers`)."""

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    expression = models.CharField(_("expression"), max_length=500)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.ERROR)
    message_vi = models.CharField(_("message (Vietnamese)"), max_length=300, blank=True)
    message_en = models.CharField(_("message (English)"), max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.expression


class Campaign(models.Model):
    """A collection campaign (đợt thu thập): which units report which indicators for one period, by when."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=300)
    period = models.CharField(_("period"), max_length=10, db_index=True)  # 2025 | 2025-Q3 | 2025-07
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    description = models.TextField(_("description"), blank=True)
    indicators = models.ManyToManyField(Indicator, related_name="campaigns", verbose_name=_("indicators"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class CampaignReviewer(models.Model):
    """Who reviews (thẩm định) one indicator group in one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviewers")
    group = models.SlugField(max_length=60)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "group", "user"], name="unique_campaign_reviewer")]


class Assignment(models.Model):
    """One unit's part of a campaign; its submission time decides lateness."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    last_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="unique_assignment")]
        ordering = ["campaign", "unit__kind", "unit__code"]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.unit}"


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", pgettext_lazy("indicators", "Approved")


class DataValue(models.Model):
    """One unit's value of one indicator for one period, with the three figures of DTI practice:
    self-assessed (the unit), reviewed (thẩm định) and final (set on approval)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    # Denormalised from the assignment so that a unit has one value per indicator and period, whatever campaign.
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=10, db_index=True)
    self_assessed = models.FloatField(_("self-assessed"), null=True, blank=True)
    reviewed = models.FloatField(_("reviewed"), null=True, blank=True)
    final = models.FloatField(_("final"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT, db_index=True)
    comment = models.TextField(_("explanation"), blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    warnings = models.JSONField(default=list, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period"], name="unique_value_per_period"),
        ]
        indexes = [models.Index(fields=["period", "status"])]
        ordering = ["assignment", "indicator__sort_order", "indicator__code"]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} @ {self.unit_id}"


class EvidenceFile(models.Model):
    """A document supporting one value (decision, report, screenshot)."""

    value = models.ForeignKey(DataValue, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="indicators/evidence/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
