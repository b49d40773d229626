"""Values of current units computed from their predecessors (the 2025 merger): mean, population-weighted, sum.

For DTI 2024 the ministry ranked the 34 merged provinces on the mean of their predecessors' main
indicators; `mean` reproduces that. `population_weighted` and `sum` (for counts) are options, per indicator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

METHODS = ("mean", "population_weighted", "sum")


def _link(item: Any, key_to_code: Mapping[str, str] | None) -> tuple[str, str]:
    """(predecessor code, successor code) from a tuple or a lineage record (predecessor_key, successor_key)."""
    if isinstance(item, tuple | list):
        pred, succ = str(item[0]), str(item[1])
    else:
        pred, succ = str(item.predecessor_key), str(item.successor_key)
    if key_to_code is not None:
        pred, succ = key_to_code.get(pred, pred), key_to_code.get(succ, succ)
    return pred, succ


def reaggregate(values: Mapping[str, Mapping[str, float | None]], lineage: Iterable[Any], *,
                method: str | Mapping[str, str] = "mean", populations: Mapping[str, float] | None = None,
                unchanged: Iterable[str] = (), key_to_code: Mapping[str, str] | None = None,
                successors: Iterable[str] | None = None) -> dict[str, dict[str, float | None]]:
    """{successor: {code: value}} from {predecessor: {code: value}} and the lineage links.

    `lineage` holds (predecessor, successor[, weight]) tuples or lineage records such as
    `dxmonitor.orgs.reference.LineageRecord` (their keys are turned into codes through `key_to_code`).
    `method` is one method for all indicators or {indicator: method} (missing indicators use "mean").
    `populations` ({predecessor: population}) is needed for population_weighted. Units listed in `unchanged`
    keep their own values; with `successors` the output has exactly those units (one that is not a
    successor keeps its own values, or gets an empty row). A predecessor without a value for a code is left out of it.
    """
    methods = dict(method) if isinstance(method, Mapping) else {}
    default = "mean" if isinstance(method, Mapping) else method
    for name in {default, *methods.values()}:
        if name not in METHODS:
            raise ValueError(f"method: '{name}' must be mean, population_weighted or sum")
    preds: dict[str, list[str]] = defaultdict(list)
    for item in lineage:
        pred, succ = _link(item, key_to_code)
        if pred not in preds[succ]:
            preds[succ].append(pred)
    out: dict[str, dict[str, float | None]] = {u: dict(values[u]) for u in unchanged if u in values}
    for succ, members in preds.items():
        codes = {code for member in members for code in values.get(member, {})}
        row: dict[str, float | None] = {}
        for code in sorted(codes):
            how = methods.get(code, default)
            have = [(p, values[p][code]) for p in members if values.get(p, {}).get(code) is not None]
            if not have:
                row[code] = None
                continue
            vals = np.array([float(v) for _, v in have])  # type: ignore[arg-type]
            if how == "sum":
                row[code] = float(vals.sum())
            elif how == "population_weighted":
                lacking = [p for p, _ in have if populations is None or p not in populations]
                if lacking:
                    raise ValueError(f"population_weighted: no population for {', '.join(lacking)} "
                                     f"(predecessors of {succ}, indicator {code})")
                w = np.array([float(populations[p]) for p, _ in have])  # type: ignore[index]
                row[code] = float((w * vals).sum() / w.sum())
            else:
                row[code] = float(vals.mean())
        out[succ] = row
    if successors is not None:
        wanted = list(successors)
        return {u: out[u] if u in out else dict(values.get(u, {})) for u in wanted}
    return out


def province_lineage(units: Iterable[Any], lineage: Iterable[Any]) -> tuple[list[tuple[str, str]], list[str]]:
    """(links as (old code, new code), codes of current provinces) from the reference registry's records.

    Takes the output of `dxmonitor.orgs.reference.load_reference()` (duck-typed: no import here) and keeps
    the province links; every current province is either a successor or unchanged.
    """
    units = list(units)
    code_of = {u.key: u.code for u in units}
    provinces = {u.key for u in units if u.kind in ("province", "city")}
    links = [(code_of[x.predecessor_key], code_of[x.successor_key]) for x in lineage
             if x.successor_key in provinces and x.predecessor_key in provinces]
    current = sorted(u.code for u in units if u.kind in ("province", "city") and u.valid_to is None)
    return links, current
