"""The tile layouts cover exactly the provinces of their period, one tile each, no two on one square."""

from __future__ import annotations

import datetime as dt

import pytest

from dxmonitor.dashboard import tilemap
from dxmonitor.orgs.reference import iter_units


def _province_codes(day: dt.date) -> set[str]:
    return {u.code for kind in ("province", "city") for u in iter_units(kind=kind, valid_on=day)}


@pytest.mark.parametrize(("size", "day"), [(63, dt.date(2024, 12, 31)), (34, dt.date(2025, 7, 1))])
def test_layout_matches_the_reference_units(size: int, day: dt.date) -> None:
    assert len(tilemap.layout(size)) == size
    assert tilemap.problems(size, _province_codes(day)) == []


def test_problems_are_named() -> None:
    codes = _province_codes(dt.date(2025, 7, 1))
    assert tilemap.problems(34, codes | {"99"}) == ["tiles-34: no tile for 99"]


@pytest.mark.parametrize(("year", "size"), [(2020, 63), (2023, 63), (2024, 34), (2025, 34), (2026, 34)])
def test_years_before_2024_use_the_63_provinces(year: int, size: int) -> None:
    assert tilemap.layout_for_day(tilemap.reference_day(year)) == size


def test_north_is_at_the_top() -> None:
    rows = {t.code: t.row for t in tilemap.layout(34)}
    assert rows["01"] < rows["46"] < rows["79"] < rows["96"]  # Hà Nội, Huế, Hồ Chí Minh, Cà Mau
    with pytest.raises(ValueError, match="layout"):
        tilemap.layout(64)
