"""Index engine speed: 97 units x 5 years (target < 0.5 s) and 10,000 Monte Carlo draws for 34 units (< 5 s)."""

from __future__ import annotations

import time

import numpy as np

from dxmonitor.indices.engine import compute, load_methodology, rank_intervals

MAINS = ["awareness", "institutions", "infrastructure", "human_resources", "cybersecurity", "digital_government",
         "digital_economy", "digital_society"]


def main() -> None:
    m = load_methodology("dti-province-922")
    rng = np.random.default_rng(0)
    years = [{f"U{i:03d}": {c: float(rng.uniform(0.2, 1.0)) for c in MAINS} for i in range(97)} for _ in range(5)]
    t0 = time.perf_counter()
    previous = None
    for values in years:
        previous = compute(m, values, previous=previous)
    t_compute = time.perf_counter() - t0
    print(f"compute 97 units x 5 years: {t_compute:.3f} s (target 0.5 s, ratio {t_compute / 0.5:.3f})")
    result = compute(m, dict(list(years[0].items())[:34]))
    t0 = time.perf_counter()
    rank_intervals(result, draws=10_000)
    t_mc = time.perf_counter() - t0
    print(f"Monte Carlo 10,000 draws x 34 units: {t_mc:.3f} s (target 5 s, ratio {t_mc / 5:.3f})")


if __name__ == "__main__":
    main()
