"""Vietnamese number formats for documents: 1.500.000 and 97,3 %."""

from __future__ import annotations


def vn_int(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{round(value):,}".replace(",", ".")


def vn_dec(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_pct(share: float | None, digits: int = 1) -> str:
    """A fraction (0.973) as "97,3 %"; None as "–"."""
    if share is None:
        return "–"
    return f"{vn_dec(100 * share, digits)} %"
