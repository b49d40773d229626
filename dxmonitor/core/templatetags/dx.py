"""Template filters for figures: shares as percentages in the active language's number format."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(share: float | None, digits: int = 1) -> str:
    """0.973 -> "97,3 %" (vi) or "97.3 %" (en); None -> "–"."""
    if share is None or share == "":
        return "–"
    return f"{number_format(round(100 * float(share), digits), decimal_pos=digits)} %"


@register.filter
def num(value: float | None, digits: int = 0) -> str:
    """A number with the thousands separator of the active language; None -> "–"."""
    if value is None or value == "":
        return "–"
    return number_format(round(float(value), digits), decimal_pos=digits, force_grouping=True)
