"""Values of current units computed from their predecessors (the 2025 merger): mean, population-weighted, sum."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np


def reaggregate(values: Mapping[str, Mapping[str, float | None]], links: Iterable[tuple[str, str, float]],
                *, method: str = "mean", populations: Mapping[str, float] | None = None,
                unchanged: Iterable[str] = ()) -> dict[str, dict[str, float | None]]:
    """{successor: {code: value}} from {predecessor: {code: value}} and (predecessor, successor, weight) links.

    `mean` is what the ministry did for DTI 2024 (the mean of the predecessors' main indicators);
    `population_weighted` weights each predecessor by its population; `sum` adds counts. Units listed in
    `unchanged` keep their own values. A predecessor without a value for a code is left out of that code.
    """
    if method not in ("mean", "population_weighted", "sum"):
        raise ValueError(f"method: '{method}' must be mean, population_weighted or sum")
    preds: dict[str, list[str]] = defaultdict(list)
    for pred, succ, _weight in links:
        preds[succ].append(pred)
    out: dict[str, dict[str, float | None]] = {u: dict(values[u]) for u in unchanged if u in values}
    for succ, members in preds.items():
        codes = {code for m in members for code in values.get(m, {})}
        row: dict[str, float | None] = {}
        for code in sorted(codes):
            have = [(m, values[m][code]) for m in members if values.get(m, {}).get(code) is not None]
            if not have:
                row[code] = None
                continue
            vals = np.array([float(v) for _, v in have])  # type: ignore[arg-type]
            if method == "sum":
                row[code] = float(vals.sum())
            elif method == "population_weighted":
                if populations is None or any(m not in populations for m, _ in have):
                    raise ValueError(f"population_weighted: no population for a predecessor of {succ}")
                w = np.array([float(populations[m]) for m, _ in have])
                row[code] = float((w * vals).sum() / w.sum())
            else:
                row[code] = float(vals.mean())
        out[succ] = row
    return out
