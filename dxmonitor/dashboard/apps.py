"""The dashboard app: the operations-centre overview for leaders and the public portal."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dxmonitor.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
