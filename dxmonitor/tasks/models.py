"""Directives from steering meetings, their tasks, progress reports with evidence, extensions, reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectiveKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Conclusion notice")
    DIRECTIVE = "directive", _("Directive")
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan")
    LETTER = "letter", _("Official letter")


class Directive(models.Model):
    """A document that assigns tasks (văn bản chỉ đạo), usually the conclusion of a steering meeting."""

    kind = models.CharField(_("kind"), max_length=20, choices=DirectiveKind.choices)
    number = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date"))
    issuer = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("issuing body"))
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    meeting_name = models.CharField(_("meeting"), max_length=300, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    search_key = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["number", "issued_on"], name="unique_directive_number")]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class DirectiveAttachment(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="directives/%Y/")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class DeadlineKind(models.TextChoices):
    DATE = "date", _("By a date")
    RECURRING = "recurring", _("Recurring")
    CONTINUING = "continuing", _("Continuing (no deadline)")


class Recurrence(models.TextChoices):
    NONE = "", _("None")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class TaskState(models.TextChoices):
    """The workflow state; the status (on time, late, overdue) is computed, see status.py."""

    OPEN = "open", _("Open")
    PROPOSED = "proposed", _("Completion proposed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    SUPERSEDED = "superseded", _("Superseded")


class Task(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="tasks")
    lead_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("lead unit"))
    coordinating_units: models.ManyToManyField = models.ManyToManyField("orgs.Unit", through="TaskCoordinator", related_name="+", blank=True)
    content = models.TextField(_("content"))
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    deadline_kind = models.CharField(_("deadline kind"), max_length=12, choices=DeadlineKind.choices,
                                     default=DeadlineKind.DATE)
    recurrence = models.CharField(_("recurrence"), max_length=10, choices=Recurrence.choices, blank=True, default="")
    deadline_original = models.DateField(_("original deadline"), null=True, blank=True)
    deadline_current = models.DateField(_("current deadline"), null=True, blank=True)
    # A recurring duty is a parent; each occurrence is a task of its own with its own deadline.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="occurrences")
    occurrence_label = models.CharField(max_length=20, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_unit = models.CharField(_("unit of the target"), max_length=50, blank=True)
    target_indicator_code = models.CharField(_("linked indicator"), max_length=60, blank=True)
    value_reached = models.DecimalField(_("value reached"), max_digits=18, decimal_places=4, null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=TaskState.choices, default=TaskState.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    first_progress_on = models.DateField(null=True, blank=True)
    closing_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_key = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["deadline_current", "id"]
        indexes = [models.Index(fields=["lead_unit", "state"]), models.Index(fields=["deadline_current"])]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def is_recurring_parent(self) -> bool:
        return self.deadline_kind == DeadlineKind.RECURRING and self.parent_id is None


class TaskCoordinator(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinator_links")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="unique_task_coordinator")]


class ProgressReport(models.Model):
    """A report by the lead or a coordinator; a completion proposal is a report with `proposes_completion`."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField()
    narrative = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    value_reached = models.DecimalField(_("value reached"), max_digits=18, decimal_places=4, null=True, blank=True)
    proposes_completion = models.BooleanField(default=False)
    review_decision = models.CharField(max_length=10, blank=True)  # accepted | returned
    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)


class ExtensionRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    deadline_before = models.DateField(null=True, blank=True)
    deadline_requested = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class ReminderSent(models.Model):
    """The ledger that makes `dxmonitor tasks remind` idempotent: one row per (reminder, recipient)."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
