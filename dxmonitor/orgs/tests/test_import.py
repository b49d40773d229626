"""Bad unit imports are refused whole, with a message naming the record."""

from __future__ import annotations

import datetime as dt

import pytest

from dxmonitor.orgs.models import Unit, UnitLineage
from dxmonitor.orgs.reference import LineageRecord, UnitRecord
from dxmonitor.orgs.services import ImportRejected, units_import

pytestmark = pytest.mark.django_db

D = dt.date


def _unit(key: str, code: str, start: dt.date | None = None, end: dt.date | None = None, parent: str | None = "VN",
          kind: str = "province") -> UnitRecord:
    return UnitRecord(key=key, code=code, name=f"Tỉnh thử {key}", kind=kind, valid_from=start, valid_to=end,
                      parent_key=parent)


def _import(units: list[UnitRecord], lineage: list[LineageRecord] | None = None) -> None:
    units_import(actor=None, units=units, lineage=lineage or [], via="test")


def test_valid_import_creates_units_and_lineage() -> None:
    _import([_unit("X1", "901", D(2020, 1, 1), D(2025, 6, 30)), _unit("X2", "902", D(2025, 7, 1))],
            [LineageRecord("X1", "X2", D(2025, 7, 1), "merged", "NQ thử", 1.0)])
    assert Unit.objects.filter(key__in=["X1", "X2"]).count() == 2
    assert UnitLineage.objects.filter(predecessor__key="X1", successor__key="X2").exists()


@pytest.mark.parametrize(
    ("units", "lineage", "message"),
    [
        ([_unit("X1", "901"), _unit("X1", "902")], [], "duplicate key 'X1'"),
        ([_unit("X1", "901", D(2020, 1, 1)), _unit("X2", "901", D(2024, 1, 1))], [], "validity of code '901' overlaps"),
        ([_unit("X1", "01", D(2020, 1, 1))], [], "overlaps stored unit 'P01@2008-08-01'"),
        ([_unit("X1", "901", parent="NOPE")], [], "unknown parent 'NOPE'"),
        ([_unit("X1", "901", D(2025, 1, 1), D(2024, 1, 1))], [], "valid_to 2024-01-01 is before valid_from"),
        ([_unit("X1", "901", kind="planet")], [], "unknown kind 'planet'"),
        ([_unit("X1", "901"), _unit("X2", "902")],
         [LineageRecord("X1", "X2", D(2025, 7, 1), "merged", "", 1.0),
          LineageRecord("X2", "X1", D(2025, 7, 1), "merged", "", 1.0)], "lineage cycle: X1 -> X2 -> X1"),
        ([_unit("X1", "901")], [LineageRecord("X1", "GHOST", D(2025, 7, 1), "merged", "", 1.0)], "unknown unit 'GHOST'"),
    ],
)
def test_bad_import_is_rejected_and_changes_nothing(units: list, lineage: list, message: str) -> None:
    before = Unit.objects.count(), UnitLineage.objects.count()
    with pytest.raises(ImportRejected) as exc:
        _import(units, lineage)
    assert any(message in e for e in exc.value.errors), exc.value.errors
    assert (Unit.objects.count(), UnitLineage.objects.count()) == before
