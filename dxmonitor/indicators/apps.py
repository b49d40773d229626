"""The indicators app: catalogue, collection campaigns, data entry, validation, review and approval of values."""

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "dxmonitor.indicators"
    label = "indicators"
    verbose_name = "Indicators and data collection"
