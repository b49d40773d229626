"""Units with validity periods and lineage; users with a role and a unit; API tokens for systems."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    NATION = "nation", _("Nation")
    PROVINCE = "province", _("Province")
    CITY = "city", _("Centrally-run city")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    MINISTRY = "ministry", _("Ministry")
    MINISTRY_AGENCY = "ministry_agency", _("Ministry-level agency")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    OTHER = "other", _("Other body")


PROVINCE_KINDS = (UnitKind.PROVINCE, UnitKind.CITY)
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
MINISTRY_KINDS = (UnitKind.MINISTRY, UnitKind.MINISTRY_AGENCY, UnitKind.GOVERNMENT_AGENCY)

#: Kind names accepted on the command line and in the API, mapped to the kinds they cover.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    **{k.value: (k.value,) for k in UnitKind},
    # The group names win over the single kinds of the same name.
    "province": tuple(PROVINCE_KINDS),
    "commune": tuple(COMMUNE_KINDS),
    "ministry": tuple(MINISTRY_KINDS),
}


class RankingGroup(models.TextChoices):
    NONE = "", _("Not ranked")
    PROVINCE = "province", _("Provinces")
    MINISTRY_DVC = "ministry_dvc", _("Ministries providing public services")
    MINISTRY_NO_DVC = "ministry_no_dvc", _("Ministries not providing public services")


class Unit(models.Model):
    """An organisation unit as it existed between `valid_from` and `valid_to` (inclusive).

    `code` is the official code and may be reused by a different unit after a reorganisation
    (Tuyên Quang keeps 08 after absorbing Hà Giang); `key` identifies one unit across time.
    """

    key = models.CharField(_("key"), max_length=40, unique=True)
    code = models.CharField(_("code"), max_length=20, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    abbreviations = models.JSONField(_("abbreviations"), default=list, blank=True)
    former_names = models.JSONField(_("former names"), default=list, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    ranking_group = models.CharField(
        _("ranking group"), max_length=20, choices=RankingGroup.choices, blank=True, default=""
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    search_key = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["kind", "code", "valid_from"]
        indexes = [models.Index(fields=["kind", "valid_from", "valid_to"])]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class UnitLineage(models.Model):
    """A predecessor -> successor link from a reorganisation, with the weight used to re-aggregate data."""

    class EventKind(models.TextChoices):
        MERGED = "merged", _("merged into a new unit")
        ABSORBED = "absorbed", _("absorbed by an existing unit")
        SPLIT = "split", _("split")
        RENAMED = "renamed", _("renamed")

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessor_links")
    event_date = models.DateField(_("event date"))
    event_kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    weight = models.FloatField(_("weight"), default=1.0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_lineage_link")]
        ordering = ["event_date", "successor_id", "predecessor_id"]


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SECRETARIAT = "secretariat", _("Secretariat")
    LEADER = "leader", _("Leader")
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    REVIEWER = "reviewer", _("Reviewer")


class User(AbstractUser):
    """A person using dxmonitor; the role and the unit decide what they see and change."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.UNIT_OFFICER)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # Indicator groups a reviewer verifies (codes); used by the indicators module.
    review_groups = models.JSONField(_("review groups"), default=list, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username


class ApiToken(models.Model):
    """A system client's credential, bound to one unit; only the SHA-256 of the secret is stored."""

    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="api_tokens")
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
