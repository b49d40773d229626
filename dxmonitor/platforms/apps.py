"""The platforms app: the national digital platforms registry, shared databases and their connections, and the
data-quality runs ("đúng, đủ, sạch, sống") kept per database over time."""

from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "dxmonitor.platforms"
    label = "platforms"
    verbose_name = "Digital platforms and shared databases"
