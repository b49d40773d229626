"""The core app: audit log, background-job progress and shared helpers."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dxmonitor.core"
    label = "core"
    verbose_name = "Core"
