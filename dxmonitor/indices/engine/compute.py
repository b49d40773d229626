"""Computing an index for many units at once: normalise, aggregate up the tree, rank within groups (NumPy).

Conventions, each chosen to match how the DTI is published:
- every node's value is normalised to 0-1 (z-scores excepted) and the index is the points-weighted mean of
  its children, so the DTI under QĐ 922 is `sum(points x value) / 1000`;
- a node given a value is taken as given and not recomputed from its children (values may be entered at any
  level: a main indicator published as 0.8575 is used as such even if its components are absent);
- ranks are competition ranks ("1, 2, 2, 4") within each ranking group, on scores rounded to
  `RANK_DECIMALS` decimals, because the published tables show 4 decimals and give equal published values
  the same rank (DTI 2022: Thanh Hóa and Yên Bái both 15th, then Hậu Giang 17th).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dxmonitor.indices.engine.methodology import Methodology, Node

EPS = 1e-9
#: Scores are compared at the precision of the published tables; finer differences are ties.
RANK_DECIMALS = 4


class InputError(ValueError):
    """Values that the methodology cannot take (unknown node code, a number that is not finite)."""


@dataclass(frozen=True)
class UnitResult:
    unit: str
    group: str
    score: float | None
    rank: int | None
    pillars: dict[str, float | None]
    pillar_ranks: dict[str, int | None]
    nodes: dict[str, float | None]  # normalised value of every node (0-1 except z-scores); None when missing
    raw: dict[str, float | None]  # the values given
    change: float | None = None
    rank_change: int | None = None  # positive: the unit moved up
    pillar_changes: dict[str, float | None] = field(default_factory=dict)

    def main_indicators(self, methodology: Methodology) -> dict[str, float | None]:
        return {n.code: self.nodes.get(n.code) for n in methodology.main_indicators}


@dataclass(frozen=True)
class ExplainRow:
    """One line of "explain this score": index, groups, main indicators and components, depth first."""

    code: str
    name: str
    depth: int
    points: float
    raw: float | None  # the value given for this node (None when it was computed or missing)
    normalised: float | None
    contribution: float | None  # index points this node brings, as a share of the index (0-1 scale)
    given: bool
    normalisation: str = "share"
    weight: float | None = None  # the node's effective share of the index for this unit
    imputed: bool = False  # missing and filled by the missing-data policy
    pillars: tuple[str, ...] = ()
    assumed: bool = False


@dataclass
class IndexResult:
    """Per unit results plus the arrays behind them (units x nodes) for rank uncertainty and exports."""

    methodology: Methodology
    units: list[UnitResult] = field(default_factory=list)
    unit_codes: tuple[str, ...] = ()
    node_codes: tuple[str, ...] = ()
    node_values: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # units x nodes, NaN = missing
    groups: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))

    def by_unit(self) -> dict[str, UnitResult]:
        return {u.unit: u for u in self.units}

    def column(self, code: str) -> np.ndarray:
        return self.node_values[:, self.node_codes.index(code)]

    def explain(self, unit: str) -> list[ExplainRow]:
        """The trace index -> group -> main indicator -> component with normalised and raw values."""
        res = self.by_unit()[unit]
        m = self.methodology
        policy_of = _policy_resolver(m)
        pillars_of: dict[str, list[str]] = {}
        for pillar, codes in m.pillars.items():
            for code in codes:
                for n in m.node(code).walk():
                    pillars_of.setdefault(n.code, []).append(pillar)
        rows: list[ExplainRow] = []

        def value(node: Node) -> float | None:
            return res.nodes.get(node.code)

        def visit(node: Node, depth: int, share: float | None, imputed: bool) -> None:
            v = value(node)
            rows.append(ExplainRow(
                code=node.code, name=node.name_vi, depth=depth, points=node.points, raw=res.raw.get(node.code),
                normalised=v, contribution=None if share is None or v is None else round(share * v, 6),
                given=node.code in res.raw, normalisation=node.normalisation,
                weight=None if share is None else round(share, 6), imputed=imputed,
                pillars=tuple(pillars_of.get(node.code, ())), assumed=node.assumed))
            if not node.children:
                return
            from_children = node.code not in res.raw
            policy = policy_of(node)
            geometric = (node.aggregation or m.aggregation) == "geometric"
            present = [c.points if (value(c) is not None or policy != "reweight") else 0.0 for c in node.children]
            total = sum(present) or 1.0
            for child, w in zip(node.children, present, strict=True):
                child_share = None if share is None or geometric or not from_children else share * w / total
                visit(child, depth + 1, child_share, from_children and value(child) is None and policy != "reweight")

        visit(m.root, 0, 1.0, False)
        return rows

    def explain_tree(self, unit: str) -> dict[str, Any]:
        """The same trace as nested JSON-ready data, with the unit's pillars and ranks."""
        res = self.by_unit()[unit]
        rows = self.explain(unit)
        stack: list[dict[str, Any]] = []
        root: dict[str, Any] = {}
        for r in rows:
            item = {"code": r.code, "name": r.name, "points": r.points, "raw": r.raw, "normalised": r.normalised,
                    "contribution": r.contribution, "given": r.given, "imputed": r.imputed,
                    "normalisation": r.normalisation, "assumed": r.assumed, "children": []}
            del stack[r.depth:]
            if stack:
                stack[-1]["children"].append(item)
            else:
                root = item
            stack.append(item)
        m = self.methodology
        return {
            "unit": unit, "group": res.group, "score": res.score, "rank": res.rank, "change": res.change,
            "methodology": {"code": m.code, "version": m.version},
            "pillars": [{"code": p.code, "name": p.name_vi, "score": res.pillars.get(p.code),
                         "rank": res.pillar_ranks.get(p.code), "nodes": list(p.nodes), "assumed": p.assumed}
                        for p in m.pillar_details],
            "tree": root,
        }


def _policy_resolver(m: Methodology) -> Any:
    def policy(node: Node) -> str:
        return node.missing_policy or m.missing_policy
    return policy


def normalise(node: Node, raw: np.ndarray) -> np.ndarray:
    """A node's given raw values (NaN = not given) mapped to its normalised scale."""
    p = node.params
    kind = node.normalisation
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "share":
            # share of maximum points: the value is points achieved out of max_points, or already a share
            out = raw / p["max_points"] if "max_points" in p else raw.copy()
        elif kind == "minmax":
            out = (raw - p["min"]) / (p["max"] - p["min"])
        elif kind == "zscore":
            # Across the units computed together unless the methodology fixes the reference mean and spread.
            mean = p.get("mean", float(np.nanmean(raw)) if np.any(~np.isnan(raw)) else 0.0)
            std = p.get("std", float(np.nanstd(raw)) if np.any(~np.isnan(raw)) else 0.0)
            z = (raw - mean) / std if std > 0 else np.where(np.isnan(raw), np.nan, 0.0)
            return z if node.higher_is_better else -z
        elif kind == "target":
            # distance to target: 1 at the target, falling linearly to 0 at `scale` (default |target|) away
            scale = p.get("scale", abs(p["target"]))
            out = 1.0 - np.abs(raw - p["target"]) / scale
            return np.clip(out, 0.0, 1.0)
        elif kind == "threshold":
            # P = Pmax if R >= T else R x Pmax / T, expressed as a share of Pmax
            out = np.where(raw >= p["target"], 1.0, raw / p["target"])
            return np.clip(out, 0.0, 1.0)
        else:  # yesno: 1 for yes (any value >= 0.5), 0 for no
            out = np.where(np.isnan(raw), np.nan, (raw >= 0.5).astype(float))
            return out if node.higher_is_better else np.where(np.isnan(out), np.nan, 1.0 - out)
    out = np.clip(out, 0.0, 1.0)
    return out if node.higher_is_better else 1.0 - out


def _group_codes(groups: np.ndarray) -> tuple[np.ndarray, int]:
    _, inverse = np.unique(groups, return_inverse=True)
    return inverse.astype(np.intp), int(inverse.max()) + 1 if inverse.size else 0


def fill_missing(matrix: np.ndarray, policy: str, group_idx: np.ndarray, n_groups: int) -> np.ndarray:
    """Fill NaN in a units x k matrix: zero, the group mean of the column, or leave for re-weighting."""
    if policy == "zero":
        return np.where(np.isnan(matrix), 0.0, matrix)
    if policy == "group_mean":
        present = ~np.isnan(matrix)
        sums = np.zeros((n_groups, matrix.shape[1]))
        counts = np.zeros((n_groups, matrix.shape[1]))
        np.add.at(sums, group_idx, np.where(present, matrix, 0.0))
        np.add.at(counts, group_idx, present)
        # a group with no value at all falls back to zero: there is nothing to borrow
        means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
        return np.where(present, matrix, means[group_idx])
    return matrix


def aggregate(matrix: np.ndarray, weights: np.ndarray, aggregation: str = "arithmetic") -> np.ndarray:
    """Weighted mean of the columns of a units x k matrix; NaN entries are dropped and the rest re-weighted."""
    present = ~np.isnan(matrix)
    w = np.where(present, weights[None, :], 0.0)
    total = w.sum(axis=1)
    safe = np.where(total > 0, total, 1.0)
    if aggregation == "geometric":
        logs = np.log(np.clip(np.where(present, matrix, 1.0), EPS, None))
        out = np.exp((w * logs).sum(axis=1) / safe)
    else:
        out = (w * np.where(present, matrix, 0.0)).sum(axis=1) / safe
    return np.where(total > 0, out, np.nan)


def competition_ranks(scores: np.ndarray, groups: np.ndarray, decimals: int = RANK_DECIMALS) -> np.ndarray:
    """Rank 1 = highest, equal (rounded) scores share a rank and the next rank skips: 1, 2, 2, 4. NaN: unranked."""
    rounded = np.round(scores.astype(float), decimals)
    out = np.full(len(scores), np.nan)
    for g in np.unique(groups):
        idx = np.flatnonzero((groups == g) & ~np.isnan(rounded))
        s = rounded[idx]
        ordered = np.sort(s)
        out[idx] = 1 + len(s) - np.searchsorted(ordered, s, side="right")
    return out


def _as_float(value: Any, unit: str, code: str) -> float:
    if value is None:
        return math.nan
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise InputError(f"unit '{unit}', indicator '{code}': '{value}' is not a number") from None
    if math.isinf(out):
        raise InputError(f"unit '{unit}', indicator '{code}': {value} is not finite")
    return out


def compute(methodology: Methodology, values: Mapping[str, Mapping[str, float | None]],
            groups: Mapping[str, str] | None = None, previous: IndexResult | None = None) -> IndexResult:
    """Scores, pillar scores and ranks of every unit in `values` ({unit: {node code: value}}).

    `groups` gives each unit's ranking group (default: the methodology's first). A node with neither a value
    nor children with values is missing and handled by the missing-data policy of its parent.
    `previous` (the result of the last period) gives the change of score, rank and pillar scores.
    """
    m = methodology
    units = sorted(values)
    nodes = m.root.walk()
    col = {n.code: j for j, n in enumerate(nodes)}
    unknown = sorted({f"{u}/{c}" for u in units for c in values[u] if c not in col})
    if unknown:
        raise InputError(f"unknown indicator codes for {m.code}: {', '.join(unknown[:20])}")
    n_units, n_nodes = len(units), len(nodes)
    raw = np.full((n_units, n_nodes), np.nan)
    for i, unit in enumerate(units):
        for code, v in values[unit].items():
            raw[i, col[code]] = _as_float(v, unit, code)
    default_group = m.ranking_groups[0]
    group_arr = np.array([(groups or {}).get(u) or default_group for u in units], dtype=object)
    group_idx, n_groups = _group_codes(group_arr.astype(str)) if n_units else (np.zeros(0, np.intp), 0)
    given = ~np.isnan(raw)
    final = np.full((n_units, n_nodes), np.nan)

    def visit(node: Node) -> None:
        j = col[node.code]
        own = normalise(node, raw[:, j]) if given[:, j].any() else np.full(n_units, np.nan)
        if node.children:
            for child in node.children:
                visit(child)
            idx = [col[c.code] for c in node.children]
            weights = np.array([c.points for c in node.children], dtype=float)
            filled = fill_missing(final[:, idx], node.missing_policy or m.missing_policy, group_idx, n_groups)
            agg = aggregate(filled, weights, node.aggregation or m.aggregation)
            final[:, j] = np.where(np.isnan(own), agg, own)
        else:
            final[:, j] = own

    if n_units:
        visit(m.root)
    scores = final[:, col[m.root.code]]
    ranks = competition_ranks(scores, group_arr.astype(str))
    pillar_scores: dict[str, np.ndarray] = {}
    pillar_ranks: dict[str, np.ndarray] = {}
    for pillar, codes in m.pillars.items():
        idx = [col[c] for c in codes]
        weights = np.array([m.node(c).points for c in codes], dtype=float)
        filled = fill_missing(final[:, idx], m.missing_policy, group_idx, n_groups)
        pillar_scores[pillar] = aggregate(filled, weights, "arithmetic")
        pillar_ranks[pillar] = competition_ranks(pillar_scores[pillar], group_arr.astype(str))
    prev = previous.by_unit() if previous else {}

    def f(x: float) -> float | None:
        return None if math.isnan(x) else round(float(x), 6)

    def r(x: float) -> int | None:
        return None if math.isnan(x) else int(x)

    def diff(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else round(a - b, 6)

    results = []
    for i, unit in enumerate(units):
        score, rank = f(scores[i]), r(ranks[i])
        before = prev.get(unit)
        pillars = {p: f(s[i]) for p, s in pillar_scores.items()}
        results.append(UnitResult(
            unit=unit, group=str(group_arr[i]), score=score, rank=rank, pillars=pillars,
            pillar_ranks={p: r(x[i]) for p, x in pillar_ranks.items()},
            nodes={n.code: f(final[i, j]) for j, n in enumerate(nodes)},
            raw={code: float(v) for code, v in values[unit].items() if v is not None and not math.isnan(float(v))},
            change=diff(score, before.score) if before else None,
            rank_change=None if before is None or before.rank is None or rank is None else before.rank - rank,
            pillar_changes={p: diff(v, before.pillars.get(p)) for p, v in pillars.items()} if before else {},
        ))
    return IndexResult(methodology=m, units=results, unit_codes=tuple(units), node_codes=tuple(col),
                       node_values=final, groups=group_arr)
