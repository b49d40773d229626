"""The tile-grid map: one equal square per province placed by approximate geography (63 before the 2025 merger,
34 after), because no redistributable boundary dataset of the 34 provinces exists on the package registries."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
MERGER = dt.date(2025, 7, 1)
LAYOUTS = (63, 34)


@dataclass(frozen=True)
class Tile:
    code: str
    col: int
    row: int


@cache
def layout(size: int) -> tuple[Tile, ...]:
    """The tiles of one layout (63 or 34 provinces), in file order."""
    if size not in LAYOUTS:
        raise ValueError(f"layout: {size} is not one of {LAYOUTS}")
    with (DATA / f"tiles-{size}.csv").open(encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    return tuple(Tile(code=r["code"], col=int(r["col"]), row=int(r["row"])) for r in csv.DictReader(rows))


def layout_for_day(day: dt.date) -> int:
    return 63 if day < MERGER else 34


def reference_day(year: int) -> dt.date:
    """The day whose provinces a yearly figure is shown on: DTI 2024 was already ranked over the 34 provinces, so
    every year from 2024 uses the 34; earlier years the 63 (mid-year, well inside their validity)."""
    return dt.date(year, 6, 30) if year < 2024 else max(MERGER, dt.date(year, 1, 1))


def problems(size: int, codes: set[str]) -> list[str]:
    """What is wrong with a layout against the province codes valid for it (empty when it is right)."""
    tiles = layout(size)
    out = []
    seen: dict[tuple[int, int], str] = {}
    for t in tiles:
        if (t.col, t.row) in seen:
            out.append(f"tiles-{size}: {t.code} and {seen[(t.col, t.row)]} share col {t.col}, row {t.row}")
        seen[(t.col, t.row)] = t.code
    have = [t.code for t in tiles]
    if len(set(have)) != len(have):
        out.append(f"tiles-{size}: a code appears twice")
    if missing := codes - set(have):
        out.append(f"tiles-{size}: no tile for {', '.join(sorted(missing))}")
    if extra := set(have) - codes:
        out.append(f"tiles-{size}: tiles for unknown codes {', '.join(sorted(extra))}")
    return out
