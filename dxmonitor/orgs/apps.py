"""The organisations app: units with validity and lineage, users, roles and API tokens."""

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dxmonitor.orgs"
    label = "orgs"
    verbose_name = "Organisations"
