"""Vocabulary shared by several domains: the three pillars of the national digital transformation programme."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    GOVERNMENT = "government", _("Digital government")
    ECONOMY = "economy", _("Digital economy")
    SOCIETY = "society", _("Digital society")
