"""The investments app: public IT investment projects, their baselines, money and milestones, computed signals and
the duplicate-investment finder."""

from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "dxmonitor.investments"
    label = "investments"
    verbose_name = "IT investment projects"
