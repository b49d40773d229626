"""URL map: pages of each domain, the API under /api/v1/, health check, auth and language switch."""

from __future__ import annotations

import importlib

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from dxmonitor.api import api
from dxmonitor.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("audit/", include("dxmonitor.core.urls")),
    path("units/", include("dxmonitor.orgs.urls")),
]

#: (prefix, urls module) of the domain apps; a module that does not exist yet is skipped.
APP_URLS = [
    ("tasks/", "dxmonitor.tasks.urls"),
    ("indicators/", "dxmonitor.indicators.urls"),
    ("indices/", "dxmonitor.indices.urls"),
    ("services/", "dxmonitor.services.urls"),
    ("platforms/", "dxmonitor.platforms.urls"),
    ("investments/", "dxmonitor.investments.urls"),
    ("reports/", "dxmonitor.reports.urls"),
    ("public/", "dxmonitor.dashboard.public_urls"),
    ("", "dxmonitor.dashboard.urls"),
]
for prefix, module_name in APP_URLS:
    try:
        importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            continue
        raise
    urlpatterns.append(path(prefix, include(module_name)))

if not any(getattr(p, "name", None) == "home" for p in urlpatterns):
    urlpatterns.append(path("", core_views.home, name="home"))
