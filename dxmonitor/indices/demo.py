"""Demo of the indices: nothing is generated here. The DTI 2021-2025 is computed from the collections that the
indicators demo submits, reviews and approves (see dxmonitor/indicators/demo.py for how those values are made and
anchored to published results); 2024 is ranked over the 34 provinces from the approved values of the 63.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from dxmonitor.indices.engine import compute, load_methodology

MAINS = ["awareness", "institutions", "infrastructure", "human_resources", "cybersecurity", "digital_government",
         "digital_economy", "digital_society"]
PUBLISHED = Path(__file__).parent / "tests" / "data" / "dti2022_published.csv"


def _published_2022() -> dict[str, dict[str, float]]:
    with PUBLISHED.open(encoding="utf-8") as fh:
        return {r["unit_code"]: {c: float(r[c]) for c in MAINS} for r in csv.DictReader(fh)}


def load(*, out: TextIO, with_services: bool = True, records: int | None = None) -> None:
    """The indices need no data of their own: they are computed from the collections the indicators demo has
    submitted, reviewed and approved (2021-2025). This step checks the anchors the demo keeps to published
    results. The published 2022 rows are recomputed from their main indicators as a check of the engine."""
    from dxmonitor.indices.selectors import published_results, years

    ranked = {y: published_results(year=y) for y in years()}
    danang = {y: next((r.score for r in rows if r.unit_code == "48"), None) for y, rows in ranked.items()}
    check = compute(load_methodology("dti-province-922"), _published_2022()).by_unit()["48"].score
    out.write(f"  indices: computed from approved collections for {', '.join(map(str, ranked))} "
              f"({', '.join(f'{len(r)} units in {y}' for y, r in ranked.items())}); Đà Nẵng 2022 = "
              f"{danang.get(2022) or 0:.4f}, the published row reproduces {check:.4f}\n")
