"""Filters of the investments pages: money in billions of VND and the colour class of a signal level."""

from __future__ import annotations

from django import template

from dxmonitor.core.templatetags.dx import num, pct

register = template.Library()

LEVEL_CSS = {"red": "status-overdue", "amber": "status-late", "green": "status-ontime", "none": "status-notdue"}


@register.filter
def bn(vnd: int | None, digits: int = 1) -> str:
    """12_500_000_000 -> "12,5" (billions of VND, tỷ đồng, in the active language's format)."""
    return "–" if vnd is None else num(vnd / 1e9, digits)


@register.filter
def level_css(level: str) -> str:
    return LEVEL_CSS.get(level, "")


@register.filter
def signal_value(value: float | None, code: str) -> str:
    """A signal's figure as the reader expects it: variances and disbursement as %, stale and risk as days."""
    if value is None:
        return "–"
    if code in ("stale", "risk_unchanged"):
        return num(value)
    return pct(value)
