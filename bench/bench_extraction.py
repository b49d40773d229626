"""Reading speed: a 10,000-character conclusion notice against the 200 ms target, measured in one run."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

from dxmonitor.tasks.extraction import Gazetteer, extract

DEVSET = Path(__file__).resolve().parents[1] / "dxmonitor" / "tasks" / "extraction" / "devset"
TARGET_S = 0.200
SIZE = 10_000


def _text() -> str:
    block = "\n".join(p.read_text(encoding="utf-8") for p in sorted((DEVSET / "synthetic").glob("*.txt")))
    text = block[:SIZE]
    return text[: text.rfind("\n")]  # whole lines only, so the last sentence is not cut


def main() -> None:
    text = _text()
    day = dt.date(2024, 1, 1)
    t0 = time.perf_counter()
    Gazetteer.from_reference(day)
    build = time.perf_counter() - t0
    extract(text, date=day)  # warm
    runs = []
    for _ in range(15):
        t0 = time.perf_counter()
        result = extract(text, date=day)
        runs.append(time.perf_counter() - t0)
    median = statistics.median(runs)
    print(f"gazetteer build (once per date, cached): {build * 1000:.1f} ms")
    t0 = time.perf_counter()
    extract(text, date=dt.date(2023, 6, 1))  # another date: its gazetteer is built first
    cold = time.perf_counter() - t0
    print(f"first text of another date (gazetteer built, then read): {cold * 1000:.1f} ms; target "
          f"{TARGET_S * 1000:.0f} ms, ratio {cold / TARGET_S:.2f}")
    print(f"extract {len(text):,} characters ({len(result['tasks'])} tasks): median {median * 1000:.1f} ms, "
          f"best {min(runs) * 1000:.1f} ms; target {TARGET_S * 1000:.0f} ms, ratio {median / TARGET_S:.2f}")


if __name__ == "__main__":
    main()
