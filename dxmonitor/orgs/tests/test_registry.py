"""The units registry: counts by date, lineage, look-up by name, abbreviation and code."""

from __future__ import annotations

import datetime as dt

import pytest

from dxmonitor.orgs import selectors
from dxmonitor.orgs.contracts import UnitNotFound

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "kind", "expected"),
    [
        (dt.date(2024, 1, 1), "province", 63),
        (dt.date(2025, 6, 30), "province", 63),
        (dt.date(2025, 7, 1), "province", 34),
        (dt.date(2026, 1, 1), "province", 34),
        (dt.date(2026, 1, 1), "commune", 3321),
        (dt.date(2024, 1, 1), "commune", 0),
        (dt.date(2024, 1, 1), "ministry", 18 + 4 + 8),
        (dt.date(2026, 1, 1), "ministry", 14 + 3 + 6),
        (dt.date(2026, 1, 1), "ministry_agency", 3),
    ],
)
def test_counts_valid_on(day: dt.date, kind: str, expected: int) -> None:
    assert selectors.units_valid_on(day, kind).count() == expected


def test_fourteen_ministries_after_2025_mergers() -> None:
    names = set(selectors.units_valid_on(dt.date(2026, 1, 1), "ministry").filter(kind="ministry").values_list("name", flat=True))
    assert len(names) == 14
    assert "Bộ Nông nghiệp và Môi trường" in names
    assert "Bộ Thông tin và Truyền thông" not in names


@pytest.mark.parametrize(
    ("name", "successor"),
    [
        ("Hà Giang", "Tuyên Quang"),
        ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
        ("Bộ TT&TT", "Bộ Khoa học và Công nghệ"),
        ("Bộ KH&ĐT", "Bộ Tài chính"),
        ("Bộ Giao thông vận tải", "Bộ Xây dựng"),
        ("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ"),
        ("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ],
)
def test_successor(name: str, successor: str) -> None:
    unit = selectors.resolve_unit(name, on=dt.date(2024, 1, 1))
    assert [u.name for u in selectors.successors_of(unit)] == [successor]


def test_two_ministries_merged_into_agriculture_and_environment() -> None:
    unit = selectors.resolve_unit("BNNMT")
    assert sorted(u.code for u in selectors.predecessors_of(unit)) == ["BNNPTNT", "BTNMT"]


def test_merged_province_has_all_predecessors_with_weights() -> None:
    ninh_binh = selectors.unit_by_code("37", on=dt.date(2026, 1, 1))
    before, _ = selectors.lineage_links(ninh_binh)
    assert sorted(link.predecessor.name for link in before) == ["Hà Nam", "Nam Định", "Ninh Bình"]
    assert sum(link.weight for link in before) == pytest.approx(1.0, abs=1e-5)
    assert {link.legal_basis for link in before} == {"NQ 202/2025/QH15"}


def test_unchanged_province_is_one_unit_across_the_merger() -> None:
    old = selectors.unit_by_code("38", on=dt.date(2024, 1, 1))
    new = selectors.unit_by_code("38", on=dt.date(2026, 1, 1))
    assert old.pk == new.pk and old.name == "Thanh Hóa"


def test_code_reused_by_a_different_unit() -> None:
    old = selectors.unit_by_code("08", on=dt.date(2024, 1, 1))
    new = selectors.unit_by_code("08", on=dt.date(2026, 1, 1))
    assert old.pk != new.pk
    assert selectors.current_of(old, on=dt.date(2026, 1, 1)) == [new]


def test_current_of_follows_lineage() -> None:
    ha_giang = selectors.resolve_unit("Hà Giang")
    assert [u.name for u in selectors.current_of(ha_giang, on=dt.date(2026, 1, 1))] == ["Tuyên Quang"]
    assert selectors.current_of(ha_giang, on=dt.date(2024, 1, 1)) == [ha_giang]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ha giang", "Hà Giang"),
        ("HÀ GIANG", "Hà Giang"),
        ("bo thong tin va truyen thong", "Bộ Thông tin và Truyền thông"),
        ("Bộ TT&TT", "Bộ Thông tin và Truyền thông"),
        ("bo kh&dt", "Bộ Kế hoạch và Đầu tư"),
        ("TP. HCM", "Hồ Chí Minh"),
        ("UBND tỉnh Thanh Hóa", "Thanh Hóa"),
        ("Ủy ban nhân dân tỉnh Điện Biên", "Điện Biên"),
        ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
        ("BHXH Việt Nam", "Bảo hiểm xã hội Việt Nam"),
        ("thua thien hue", "Huế"),
        ("dak lak", "Đắk Lắk"),
    ],
)
def test_search_ignores_case_and_diacritics(query: str, expected: str) -> None:
    found = selectors.search_units(query, limit=5)
    assert found and found[0].name == expected


def test_search_accepts_decomposed_input() -> None:
    import unicodedata

    found = selectors.search_units(unicodedata.normalize("NFD", "Hà Tĩnh"), limit=3)
    assert found[0].name == "Hà Tĩnh"


def test_unknown_code_raises() -> None:
    with pytest.raises(UnitNotFound, match="'99'"):
        selectors.unit_by_code("99", on=dt.date(2024, 1, 1))


def test_reload_reference_changes_nothing() -> None:
    from dxmonitor.orgs.services import units_load_reference

    report = units_load_reference(actor=None)
    assert report.created == 0 and report.updated == 0 and report.unchanged > 3000
