"""Reading speed: a 10,000-character conclusion notice (target under 200 ms)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from dxmonitor.tasks.extraction import extract

DEVSET = Path(__file__).resolve().parents[1] / "dxmonitor" / "tasks" / "extraction" / "devset"


def main() -> None:
    block = "\n".join(p.read_text(encoding="utf-8") for p in sorted((DEVSET / "synthetic").glob("*.txt")))
    text = (block * (10_000 // len(block) + 1))[:10_000]
    extract(text, date=dt.date(2024, 1, 1))  # warm the gazetteer cache
    runs = []
    for _ in range(20):
        t0 = time.perf_counter()
        extract(text, date=dt.date(2024, 1, 1))
        runs.append(time.perf_counter() - t0)
    best, median = min(runs), sorted(runs)[len(runs) // 2]
    print(f"extract 10,000 characters: median {median * 1000:.1f} ms, best {best * 1000:.1f} ms "
          f"(target 200 ms, ratio {median / 0.2:.2f})")


if __name__ == "__main__":
    main()
