"""The reports app: documents in the administrative format (Decree 30/2020/NĐ-CP) built from the data."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dxmonitor.reports"
    label = "reports"
    verbose_name = "Reports"
