"""Demo of the indices. The provincial DTI 2021-2025 is computed from the collections that the indicators demo
submits, reviews and approves (see dxmonitor/indicators/demo.py for how those values are made and anchored to
published results); 2024 is ranked over the 34 provinces from the approved values of the 63.

Ministries: their main indicators are not collected here (the ministry methodologies are skeletons), so the demo
stores generated ministry values (source "demo"), seeded and anchored to what was published: the 2021 leaders and
group means, the 2022 leaders, the 2023 group means. 2021-2023 at the index level (QĐ 922), 2024-2025 at the six
placeholder main indicators of QĐ 405.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TextIO

import numpy as np

from dxmonitor.indices.engine import compute, load_methodology

MAINS = ["awareness", "institutions", "infrastructure", "human_resources", "cybersecurity", "digital_government",
         "digital_economy", "digital_society"]
PUBLISHED = Path(__file__).parent / "tests" / "data" / "dti2022_published.csv"


def _published_2022() -> dict[str, dict[str, float]]:
    with PUBLISHED.open(encoding="utf-8") as fh:
        return {r["unit_code"]: {c: float(r[c]) for c in MAINS} for r in csv.DictReader(fh)}


# Published facts (shared/domain/facts-vn.md §1): group means, and leaders with their value where known.
MINISTRY_MEANS = {2021: {"ministry_dvc": 0.4595, "ministry_no_dvc": 0.2151},
                  2023: {"ministry_dvc": 0.6355, "ministry_no_dvc": 0.4347}}
MINISTRY_LEADERS: dict[int, dict[str, list[tuple[str, float | None]]]] = {2021: {"ministry_dvc": [("BTC", 0.6321), ("BKHDT", None), ("BHXH", None)],
                           "ministry_no_dvc": [("VAST", 0.4736)]},
                    2022: {"ministry_dvc": [("BKHDT", None)], "ministry_no_dvc": [("VAST", None)]}}
# Years without published means follow the trend between them (assumed).
ASSUMED_MEANS = {2022: {"ministry_dvc": 0.56, "ministry_no_dvc": 0.33}, 2024: {"ministry_dvc": 0.67, "ministry_no_dvc": 0.47},
                 2025: {"ministry_dvc": 0.70, "ministry_no_dvc": 0.50}}


def ministry_values(year: int, units: dict[str, str], rng: np.random.Generator,
                    effects: dict[str, float]) -> dict[str, float]:
    """{ministry code: DTI} for one year: a lasting per-unit effect plus noise around the group mean, leaders
    placed on top in the published order, the other units shifted so the group mean is the published one."""
    out: dict[str, float] = {}
    means = MINISTRY_MEANS.get(year) or ASSUMED_MEANS[year]
    for group, mean in means.items():
        codes = sorted(c for c, g in units.items() if g == group)
        if not codes:
            continue
        spread = 0.09 if group == "ministry_dvc" else 0.08
        vals = {c: float(np.clip(mean + spread * effects.setdefault(c, float(rng.normal())) + rng.normal(0, 0.02),
                                 0.05, 0.97)) for c in codes}
        leaders = [(c, v) for c, v in MINISTRY_LEADERS.get(year, {}).get(group, []) if c in vals]
        fixed: dict[str, float] = {}
        top = max(vals.values())
        above = top + 0.032  # a leader without a published value is placed just above the field
        for code, value in leaders:
            fixed[code] = value if value is not None else round(above - 0.012, 4)
            above = fixed[code]
        rest = [c for c in codes if c not in fixed]
        if rest:
            target = (mean * len(codes) - sum(fixed.values())) / len(rest)
            shift = target - sum(vals[c] for c in rest) / len(rest)
            ceiling = min(fixed.values()) - 0.005 if fixed else 0.99
            for c in rest:
                vals[c] = min(vals[c] + shift, ceiling - 0.004 * rng.random())
        out |= {c: round(v, 4) for c, v in (vals | fixed).items()}
    return out


def load_ministries(*, out: TextIO) -> None:
    from dxmonitor.indices.services import values_import
    from dxmonitor.orgs.selectors import units_valid_on

    rng = np.random.default_rng(922)
    effects: dict[str, float] = {}
    mains = [f"main_{i}" for i in range(1, 7)]
    for year in (2021, 2022, 2023, 2024, 2025):
        units = {u.code: u.ranking_group for u in units_valid_on(dt.date(year, 12, 31), "ministry")
                 if u.ranking_group}
        dti = ministry_values(year, units, rng, effects)
        if year <= 2023:
            values = {c: {"dti": v} for c, v in dti.items()}
            code = "dti-ministry-922"
        else:  # six equally weighted main indicators whose mean is the unit's DTI
            values = {}
            for c, v in dti.items():
                parts = np.clip(v + rng.normal(0, 0.06, 6), 0.0, 1.0)
                parts = np.clip(parts + (v - parts.mean()), 0.0, 1.0)
                values[c] = {m: round(float(x), 4) for m, x in zip(mains, parts, strict=True)}
            code = "dti-ministry-405"
        values_import(actor=None, methodology_code=code, period=year, values=values, source="demo", via="demo")
    out.write("  indices: ministry DTI 2021-2025 generated (anchored to the published 2021-2023 leaders and means)\n")


def load(*, out: TextIO, with_services: bool = True, records: int | None = None) -> None:
    """The indices need no data of their own: they are computed from the collections the indicators demo has
    submitted, reviewed and approved (2021-2025). This step checks the anchors the demo keeps to published
    results. The published 2022 rows are recomputed from their main indicators as a check of the engine."""
    from dxmonitor.indices.selectors import published_results, years

    load_ministries(out=out)
    ranked = {y: published_results(year=y) for y in years()}
    danang = {y: next((r.score for r in rows if r.unit_code == "48"), None) for y, rows in ranked.items()}
    check = compute(load_methodology("dti-province-922"), _published_2022()).by_unit()["48"].score
    out.write(f"  indices: computed from approved collections for {', '.join(map(str, ranked))} "
              f"({', '.join(f'{len(r)} units in {y}' for y, r in ranked.items())}); Đà Nẵng 2022 = "
              f"{danang.get(2022) or 0:.4f}, the published row reproduces {check:.4f}\n")
