"""The shipped reference data of the units registry, read as plain dataclasses (no Django).

The loader in `orgs.services` writes these records into the database; the task extractor and the data
quality checker read them directly when they run without a database.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dxmonitor.core.text import nfc

DATA_DIR = Path(__file__).parent / "data"

#: The day before the 2025 provincial merger, and the day it took effect.
PROVINCE_MERGER_DATE = dt.date(2025, 7, 1)
OLD_PROVINCES_FROM = dt.date(2008, 8, 1)
MINISTRY_MERGER_DATE = dt.date(2025, 3, 1)
NATION_CODE = "VN"
MERGER_LEGAL_BASIS = "NQ 202/2025/QH15"


@dataclass(frozen=True)
class UnitRecord:
    """One unit as shipped: `key` is unique across time (code plus start), `code` is not."""

    key: str
    code: str
    name: str
    kind: str
    name_en: str = ""
    abbreviations: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    parent_key: str | None = None
    ranking_group: str = ""
    population: int | None = None
    area_km2: float | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class LineageRecord:
    predecessor_key: str
    successor_key: str
    event_date: dt.date
    event_kind: str
    legal_basis: str
    weight: float
    note: str = ""


def _split(value: str) -> tuple[str, ...]:
    return tuple(nfc(v.strip()) for v in value.split(";") if v.strip())


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{k: nfc(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def province_key(code: str, valid_from: dt.date) -> str:
    return f"P{code}@{valid_from.isoformat()}"


def _vietnam_provinces_data() -> list[dict]:
    import vietnam_provinces

    with vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


_COMMUNE_KIND = {"xã": "commune", "phường": "ward", "đặc khu": "special_zone"}


@cache
def load_reference() -> tuple[tuple[UnitRecord, ...], tuple[LineageRecord, ...]]:
    """All shipped units and lineage links, deterministic order."""
    units: list[UnitRecord] = []
    lineage: list[LineageRecord] = []
    nation_key = NATION_CODE
    units.append(
        UnitRecord(key=nation_key, code=NATION_CODE, name="Việt Nam", kind="nation", name_en="Viet Nam")
    )

    merger = _read_csv("provinces_2025_merger.csv")
    merged_codes = {c for row in merger for c in _split(row["predecessor_codes"])}
    old_by_code: dict[str, UnitRecord] = {}
    for row in _read_csv("provinces_2008_2025.csv"):
        unchanged = row["code"] not in merged_codes
        rec = UnitRecord(
            key=province_key(row["code"], OLD_PROVINCES_FROM),
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            name_en=row["name_en"],
            abbreviations=_split(row["abbreviations"]),
            former_names=_split(row["former_names"]),
            valid_from=OLD_PROVINCES_FROM,
            valid_to=None if unchanged else PROVINCE_MERGER_DATE - dt.timedelta(days=1),
            parent_key=nation_key,
            ranking_group="province",
        )
        old_by_code[rec.code] = rec

    # Huế became a centrally-run city on 2025-01-01 and is one unit throughout; show its current name.
    hue = old_by_code["46"]
    old_by_code["46"] = UnitRecord(
        **{**hue.__dict__, "name": "Huế", "name_en": "Hue", "kind": "city",
           "former_names": ("Thừa Thiên Huế", *hue.former_names)}
    )
    units.extend(old_by_code.values())

    new_by_code: dict[str, UnitRecord] = {}
    for row in merger:
        rec = UnitRecord(
            key=province_key(row["new_code"], PROVINCE_MERGER_DATE),
            code=row["new_code"],
            name=row["new_name"],
            kind=row["kind"],
            name_en=row["name_en"],
            valid_from=PROVINCE_MERGER_DATE,
            parent_key=nation_key,
            ranking_group="province",
            population=int(row["population"]),
            area_km2=float(row["area_km2"]),
            abbreviations=old_by_code[row["new_code"]].abbreviations
            if row["new_code"] in old_by_code
            else (),
        )
        new_by_code[rec.code] = rec
        preds = _split(row["predecessor_codes"])
        for pred in preds:
            lineage.append(
                LineageRecord(
                    predecessor_key=old_by_code[pred].key,
                    successor_key=rec.key,
                    event_date=PROVINCE_MERGER_DATE,
                    event_kind="merged",
                    legal_basis=MERGER_LEGAL_BASIS,
                    weight=round(1 / len(preds), 6),
                )
            )
    units.extend(new_by_code.values())

    current_province_key = {
        code: (new_by_code.get(code) or old_by_code[code]).key
        for code in {*new_by_code, *(c for c, r in old_by_code.items() if r.valid_to is None)}
    }
    for prov in _vietnam_provinces_data():
        pcode = f"{int(prov['code']):02d}"
        parent = current_province_key[pcode]
        for ward in prov["wards"]:
            code = f"{int(ward['code']):05d}"
            units.append(
                UnitRecord(
                    key=f"C{code}@{PROVINCE_MERGER_DATE.isoformat()}",
                    code=code,
                    name=nfc(ward["name"]),
                    kind=_COMMUNE_KIND[ward["division_type"]],
                    valid_from=PROVINCE_MERGER_DATE,
                    parent_key=parent,
                )
            )

    for row in _read_csv("ministries.csv"):
        units.append(
            UnitRecord(
                key=row["code"],
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                name_en=row["name_en"],
                abbreviations=_split(row["abbreviations"]),
                former_names=_split(row["former_names"]),
                valid_from=_date(row["valid_from"]),
                valid_to=_date(row["valid_to"]),
                parent_key=nation_key,
                ranking_group=row["ranking_group"],
            )
        )
    for row in _read_csv("ministry_lineage.csv"):
        lineage.append(
            LineageRecord(
                predecessor_key=row["predecessor_code"],
                successor_key=row["successor_code"],
                event_date=dt.date.fromisoformat(row["event_date"]),
                event_kind=row["event_kind"],
                legal_basis=row["legal_basis"],
                weight=float(row["weight"]),
                note=row["note"],
            )
        )
    return tuple(units), tuple(lineage)


def iter_units(kind: str | None = None, valid_on: dt.date | None = None) -> Iterator[UnitRecord]:
    units, _ = load_reference()
    for unit in units:
        if kind is not None and unit.kind != kind:
            continue
        if valid_on is not None and not unit.valid_on(valid_on):
            continue
        yield unit


PROVINCE_KINDS = ("province", "city")
COMMUNE_KINDS = ("commune", "ward", "special_zone")
MINISTRY_KINDS = ("ministry", "ministry_agency", "government_agency")
