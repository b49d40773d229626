"""Demo DTI inputs 2021-2025: the five published 2022 rows as published, the rest generated with a seed.

Generated values follow a persistent province effect, a yearly improvement matching the published
provincial means (about 0.40 in 2021, 0.68 in 2023, 0.70 in 2024) and indicator effects (digital society
lowest); 2024 and 2025 are on the 34 provinces, 2024 re-aggregated from the 63 as the ministry did.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TextIO

import numpy as np

from dxmonitor.indices.engine import compute, load_methodology, reaggregate
from dxmonitor.indices.services import values_import
from dxmonitor.orgs.reference import iter_units, load_reference

MAINS = ["awareness", "institutions", "infrastructure", "human_resources", "cybersecurity", "digital_government",
         "digital_economy", "digital_society"]
YEAR_LEVEL = {2021: 0.40, 2022: 0.58, 2023: 0.68, 2024: 0.70, 2025: 0.73}
INDICATOR_SHIFT = np.array([0.20, 0.15, 0.05, 0.0, -0.02, 0.06, -0.02, -0.22])
PUBLISHED = Path(__file__).parent / "tests" / "data" / "dti2022_published.csv"


def _published_2022() -> dict[str, dict[str, float]]:
    with PUBLISHED.open(encoding="utf-8") as fh:
        return {r["unit_code"]: {c: float(r[c]) for c in MAINS} for r in csv.DictReader(fh)}


def _generate(codes: list[str], year: int, effect: dict[str, float], rng: np.random.Generator) -> dict[str, dict]:
    out = {}
    for code in codes:
        noise = rng.normal(0, 0.04, len(MAINS))
        vals = np.clip(YEAR_LEVEL[year] + 0.07 * effect[code] + INDICATOR_SHIFT + noise, 0.05, 1.0)
        out[code] = {c: round(float(v), 4) for c, v in zip(MAINS, vals, strict=True)}
    return out


def _dti(values: dict[str, float]) -> float:
    w = np.array([100, 100, 100, 100, 100, 200, 150, 150])
    return float(np.array([values[c] for c in MAINS]) @ w / 1000)


def load(*, out: TextIO, with_services: bool = True, records: int | None = None) -> None:
    rng = np.random.default_rng(2021)
    old = [u.code for u in iter_units(valid_on=dt.date(2024, 1, 1)) if u.kind in ("province", "city")]
    new = [u.code for u in iter_units(valid_on=dt.date(2026, 1, 1)) if u.kind in ("province", "city")]
    # Persistent province effects; capped so the provinces the sources name as leaders stay ahead.
    effect = {c: float(np.clip(rng.normal(), -1.8, 1.1)) for c in sorted(set(old) | set(new))}
    effect.update({"48": 2.2, "79": 1.8, "22": 1.6, "46": 1.6, "92": 1.5, "01": 1.0})
    published = _published_2022()
    n = 0
    for year in (2021, 2022, 2023, 2024):
        values = _generate(old, year, effect, rng)
        if year == 2022:
            ceiling = min(_dti(v) for v in published.values())
            for code, row in values.items():
                if code not in published and _dti(row) >= ceiling:
                    factor = (ceiling - 0.01) / _dti(row)
                    values[code] = {c: round(x * factor, 4) for c, x in row.items()}
            values.update(published)
        if year == 2023:
            values["48"] = {c: round(min(1.0, x * 0.8340 / _dti(values["48"])), 4) for c, x in values["48"].items()}
        n += values_import(actor=None, methodology_code="dti-province-922", period=year, values=values,
                           source="demo", via="demo")
        if year == 2024:
            units, lineage = load_reference()
            code_of = {u.key: u.code for u in units}
            links = [(code_of[link.predecessor_key], code_of[link.successor_key], link.weight) for link in lineage
                     if link.successor_key.startswith("P")]
            unchanged = [c for c in new if c in old and not any(s == c and p != c for p, s, _ in links)]
            merged = reaggregate(values, links, method="mean", unchanged=unchanged)
            n += values_import(actor=None, methodology_code="dti-province-405", period=2024,
                               values={c: merged[c] for c in new}, source="reaggregated", via="demo")
    n += values_import(actor=None, methodology_code="dti-province-405", period=2025,
                       values=_generate(new, 2025, effect, rng), source="demo", via="demo")
    check = compute(load_methodology("dti-province-922"), published).by_unit()["48"].score
    out.write(f"  indices: {n} main-indicator values 2021-2025 (Đà Nẵng 2022 reproduces {check:.4f})\n")
