"""Tables of IT investment projects. Baselines are append-only: the first one is never altered or deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dxmonitor.core.choices import Pillar


class Element(models.TextChoices):
    """The five elements of digital transformation a project serves."""

    INSTITUTIONS = "institutions", _("Institutions")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    HUMAN_RESOURCES = "human_resources", _("Human resources")
    DATA = "data", _("Data")
    ENTERPRISES = "enterprises", _("Enterprises")


class Kind(models.TextChoices):
    """What the project builds; the duplicate finder compares projects of the same kind."""

    IOC = "ioc", _("Operations centre (IOC)")
    PLATFORM = "platform", _("Digital platform")
    DATABASE = "database", _("Database")
    DATACENTER = "datacenter", _("Data centre, cloud")
    NETWORK = "network", _("Network, connectivity")
    SECURITY = "security", _("Cybersecurity")
    SOFTWARE = "software", _("Application software")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    owner_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=200, blank=True)
    pillar = models.CharField(max_length=20, choices=Pillar.choices)
    elements = models.JSONField(default=list)  # values of Element
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    approval_number = models.CharField(max_length=80, blank=True)
    approval_date = models.DateField(null=True, blank=True)
    capital_sources = models.JSONField(default=dict)  # {"central budget": VND, "local budget": VND, ...}
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    cost_estimate = models.BigIntegerField(null=True, blank=True)  # latest estimate at completion, VND
    last_report_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ImmutableRow(models.Model):
    """A row that is written once: updating or deleting it is refused (the audit trail of money and plans)."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{self._meta.label} rows are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{self._meta.label} rows are append-only")


class Baseline(ImmutableRow):
    """The approved cost and schedule; every change of either is a new baseline with its reason and approver."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="baselines")
    number = models.PositiveIntegerField()
    total_cost = models.BigIntegerField()
    start = models.DateField()
    finish = models.DateField()
    reason = models.TextField()
    approved_by = models.CharField(max_length=200)  # the approving authority or person, as written on the decision
    decision = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="baseline_number_once")]


class Allocation(models.Model):
    """Capital planned for one year (kế hoạch vốn)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="allocations")
    year = models.PositiveIntegerField()
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="allocation_year_once")]


class Disbursement(models.Model):
    """Money disbursed in one month (giải ngân)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="disbursements")
    month = models.DateField()  # first day of the month
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["project", "month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="disbursement_month_once")]


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=300)
    planned = models.DateField()
    actual = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["project", "position", "planned"]


class RiskRating(ImmutableRow):
    """A risk rating from 1 (lowest) to 5 (highest) with its reason; the history is the list of these."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="risk_ratings")
    rating = models.PositiveSmallIntegerField()
    reason = models.TextField()
    rated_on = models.DateField()
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["project", "rated_on", "id"]


class PlatformLink(models.Model):
    """A platform or shared database the project builds or uses, by its registry code."""

    class Relation(models.TextChoices):
        BUILDS = "builds", _("builds")
        USES = "uses", _("uses")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="platform_links")
    code = models.CharField(max_length=60)
    relation = models.CharField(max_length=10, choices=Relation.choices)

    class Meta:
        ordering = ["project", "relation", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code", "relation"], name="platform_link_once")]


class TaskLink(models.Model):
    """A steering-committee task the project answers (by task id in the tasks domain)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="task_links")
    task_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "task_id"], name="task_link_once")]
