"""The services app: real use of online public services, measured from dossier records."""

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "dxmonitor.services"
    label = "services"
    verbose_name = "Online public services"
