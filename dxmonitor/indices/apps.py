"""The indices app: methodologies, main-indicator values per unit and year, results and ranks."""

from django.apps import AppConfig


class IndicesConfig(AppConfig):
    name = "dxmonitor.indices"
    label = "indices"
    verbose_name = "Indices"
