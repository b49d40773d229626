"""Template filters of the indicators pages: status labels and badges, values in the active language's format."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

register = template.Library()

CSS = {"draft": "status-notdue", "not_started": "status-notdue", "submitted": "status-progress",
       "returned": "status-late", "approved": "status-ontime", "partly_approved": "status-progress"}
LABELS = {"draft": gettext_lazy("Draft"), "not_started": gettext_lazy("Not started"),
          "submitted": gettext_lazy("Awaiting review"), "returned": gettext_lazy("Returned"),
          "approved": pgettext_lazy("indicators", "Approved"), "partly_approved": gettext_lazy("Partly approved")}


@register.filter
def status_css(status: str) -> str:
    return CSS.get(status, "status-notdue")


@register.filter
def status_label(status: str) -> str:
    return str(LABELS.get(status, status))


@register.filter
def value_fmt(value: Any, indicator: Any) -> str:
    """A value as officers write it: 1.500.000 and 97,3 in Vietnamese; Có/Không for yes/no."""
    if value is None or value == "":
        return ""
    kind = getattr(indicator, "value_type", indicator)
    x = float(value)
    if kind == "yes_no":
        return _("Yes") if x >= 0.5 else _("No")
    if kind == "count" or (x.is_integer() and abs(x) >= 1000):
        return number_format(round(x), 0, force_grouping=True)
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(x, decimals, force_grouping=True)


@register.filter
def input_fmt(value: Any, indicator: Any) -> str:
    """A value for an input field: no grouping, the decimal comma of the active language."""
    if value is None or value == "":
        return ""
    kind = getattr(indicator, "value_type", indicator)
    x = float(value)
    if kind == "yes_no":
        return "1" if x >= 0.5 else "0"
    if x.is_integer():
        return str(int(x))
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return number_format(x, len(text.split(".")[1]), force_grouping=False)


@register.filter
def pct(value: float | None) -> str:
    if value is None:
        return ""
    return number_format(round(100 * value, 1), 1) + " %"
