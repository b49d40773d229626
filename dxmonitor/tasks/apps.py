"""The tasks app: directives from steering meetings, their tasks, progress, lateness and scorecards."""

from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "dxmonitor.tasks"
    label = "tasks"
    verbose_name = "Directives and tasks"
