"""Template context for the page shell: the navigation of the modules that are installed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label); an entry shows only once its module provides the page.
NAVIGATION = [
    ("dashboard:overview", _("Overview")),
    ("dashboard:brief", _("Meeting brief")),
    ("tasks:directive_list", _("Directives and tasks")),
    ("indices:results", _("Indices")),
    ("indicators:campaign_list", _("Data collection")),
    ("services:kpi", _("Online services")),
    ("investments:portfolio", _("Investment")),
    ("platforms:platform_list", _("Platforms and data")),
    ("reports:archive", _("Reports")),
    ("orgs:unit_list", _("Units")),
    ("public:home", _("Public portal")),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    items = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items}
