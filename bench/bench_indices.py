"""Index engine speed: 97 units x 5 years computed (target < 0.5 s) and 10,000 Monte Carlo draws for 34 units (< 5 s).

Run: `.venv/bin/python bench/bench_indices.py [--scale 0.1]` (a smaller scale while developing). Prints each
figure, the target and the ratio figure/target (below 1 is within target), all measured in this run.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from dxmonitor.indices.engine import compute, load_methodology, rank_intervals

TARGET_COMPUTE_S = 0.5
TARGET_MC_S = 5.0


def _values(rng: np.random.Generator, units: int, codes: list[str], level: float) -> dict[str, dict[str, float | None]]:
    effect = rng.normal(0, 0.08, units)
    return {f"U{i:03d}": {c: float(np.clip(level + effect[i] + rng.normal(0, 0.05), 0, 1)) for c in codes}
            for i in range(units)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the Monte Carlo draws (default 1)")
    args = parser.parse_args()
    m = load_methodology("dti-province-922")
    m405 = load_methodology("dti-province-405")
    codes = [n.code for n in m.main_indicators]
    components = [c.code for n in m405.main_indicators for c in n.children]
    rng = np.random.default_rng(0)
    years = [_values(rng, 97, codes, 0.4 + 0.07 * y) for y in range(5)]
    # the 405 tree is computed from its 47 components: the deeper, slower case
    years_405 = [_values(rng, 97, components, 0.4 + 0.07 * y) for y in range(5)]
    groups = {u: "province" if i < 63 else ("ministry_dvc" if i < 80 else "ministry_no_dvc")
              for i, u in enumerate(sorted(years[0]))}

    def run(methodology: object, series: list[dict[str, dict[str, float | None]]]) -> float:
        t0 = time.perf_counter()
        previous = None
        for values in series:
            previous = compute(methodology, values, groups, previous=previous)  # type: ignore[arg-type]
        return time.perf_counter() - t0

    run(m, years[:1])  # warm-up (imports, first NumPy calls)
    for label, methodology, series in (("922, main indicators", m, years), ("405, 47 components", m405, years_405)):
        t = run(methodology, series)
        print(f"compute 97 units x 5 years ({label}): {t:.3f} s "
              f"(target {TARGET_COMPUTE_S} s, ratio {t / TARGET_COMPUTE_S:.3f})")

    result = compute(m, dict(list(years[-1].items())[:34]))
    draws = max(100, int(10_000 * args.scale))
    t0 = time.perf_counter()
    intervals = rank_intervals(result, draws=draws, seed=1)
    t = time.perf_counter() - t0
    target = TARGET_MC_S * draws / 10_000
    widest = max(intervals, key=lambda r: r.p95 - r.p05)
    print(f"Monte Carlo {draws:,} draws x 34 units: {t:.3f} s (target {target:g} s, ratio {t / target:.3f}); "
          f"widest 5-95 % interval {widest.unit} {widest.p05}-{widest.p95}")


if __name__ == "__main__":
    main()
