"""Computing an index for many units at once: normalise, aggregate up the tree, rank within groups."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from dxmonitor.indices.engine.methodology import Methodology, Node

EPS = 1e-9


@dataclass(frozen=True)
class UnitResult:
    unit: str
    group: str
    score: float | None
    rank: int | None
    pillars: dict[str, float | None]
    pillar_ranks: dict[str, int | None]
    nodes: dict[str, float | None]  # normalised 0-1 value of every node
    raw: dict[str, float | None]  # the values given
    change: float | None = None
    rank_change: int | None = None


@dataclass(frozen=True)
class ExplainRow:
    code: str
    name: str
    depth: int
    points: float
    raw: float | None
    normalised: float | None
    contribution: float | None  # share of the index score this node brings (points x normalised / total)
    given: bool


@dataclass
class IndexResult:
    methodology: Methodology
    units: list[UnitResult] = field(default_factory=list)

    def by_unit(self) -> dict[str, UnitResult]:
        return {u.unit: u for u in self.units}

    def explain(self, unit: str) -> list[ExplainRow]:
        res = self.by_unit()[unit]
        total = self.methodology.root.points if self.methodology.root.points > 0 else 1.0
        rows: list[ExplainRow] = []

        def visit(node: Node, depth: int, share: float) -> None:
            value = res.nodes.get(node.code)
            rows.append(ExplainRow(node.code, node.name_vi, depth, node.points, res.raw.get(node.code), value,
                                   None if value is None else round(share * value, 6), node.code in res.raw))
            child_total = sum(c.points for c in node.children) or 1.0
            for child in node.children:
                visit(child, depth + 1, share * child.points / child_total)

        visit(self.methodology.root, 0, 1.0)
        del total
        return rows


def _normalise(node: Node, raw: np.ndarray) -> np.ndarray:
    p = node.params
    kind = node.normalisation
    if kind == "share":
        out = raw / p["max_points"] if "max_points" in p else raw.copy()
    elif kind == "minmax":
        lo, hi = p["min"], p["max"]
        out = (raw - lo) / (hi - lo) if hi != lo else np.zeros_like(raw)
    elif kind == "zscore":
        mean, std = np.nanmean(raw), np.nanstd(raw)
        return (raw - mean) / std if std > 0 else np.zeros_like(raw)
    elif kind == "target":
        target = p["target"]
        out = 1.0 - np.minimum(np.abs(raw - target) / abs(target), 1.0)
        return out
    elif kind == "threshold":
        # 766 rule: P = Pmax if R >= T else R * Pmax / T; as a share of Pmax.
        out = np.where(raw >= p["target"], 1.0, raw / p["target"])
    else:  # yesno
        return np.where(np.isnan(raw), np.nan, (raw >= 0.5).astype(float))
    out = np.clip(out, 0.0, 1.0)
    if not node.higher_is_better:
        out = 1.0 - out
    return out


def _fill_missing(values: np.ndarray, policy: str, groups: np.ndarray) -> np.ndarray:
    if policy == "zero":
        return np.where(np.isnan(values), 0.0, values)
    if policy == "group_mean":
        out = values.copy()
        for g in np.unique(groups):
            mask = groups == g
            mean = np.nanmean(values[mask]) if np.any(~np.isnan(values[mask])) else 0.0
            out[mask & np.isnan(values)] = mean
        return out
    return values  # reweight: missing children are dropped at aggregation


def _aggregate(children: list[np.ndarray], weights: np.ndarray, policy: str, aggregation: str,
               groups: np.ndarray) -> np.ndarray:
    matrix = np.vstack([_fill_missing(c, policy, groups) for c in children])  # children x units
    w = np.repeat(weights[:, None], matrix.shape[1], axis=1)
    present = ~np.isnan(matrix)
    w = np.where(present, w, 0.0)
    total = w.sum(axis=0)
    if aggregation == "geometric":
        logs = np.log(np.clip(np.where(present, matrix, 1.0), EPS, None))
        out = np.exp((w * logs).sum(axis=0) / np.where(total > 0, total, 1.0))
    else:
        out = (w * np.where(present, matrix, 0.0)).sum(axis=0) / np.where(total > 0, total, 1.0)
    return np.where(total > 0, out, np.nan)


def _rank(scores: np.ndarray, groups: np.ndarray) -> list[int | None]:
    """Competition ranking within each group on scores rounded to 4 decimals (ties share a rank: 1, 2, 2, 4)."""
    ranks: list[int | None] = [None] * len(scores)
    rounded = np.round(scores, 4)
    for g in np.unique(groups):
        idx = [i for i in np.flatnonzero(groups == g) if not math.isnan(rounded[i])]
        for i in idx:
            ranks[i] = 1 + sum(1 for j in idx if rounded[j] > rounded[i])
    return ranks


def compute(methodology: Methodology, values: Mapping[str, Mapping[str, float | None]],
            groups: Mapping[str, str] | None = None,
            previous: IndexResult | None = None) -> IndexResult:
    """Scores, pillar scores and ranks of every unit in `values` ({unit: {node code: value}}).

    A node given a value is not recomputed from its children; a node with neither a value nor children with
    values is missing and handled by the methodology's missing-data policy.
    """
    units = sorted(values)
    unknown = {code for v in values.values() for code in v} - methodology.codes
    if unknown:
        raise KeyError(f"unknown indicator codes for {methodology.code}: {', '.join(sorted(unknown))}")
    group_arr = np.array([(groups or {}).get(u, methodology.ranking_groups[0]) for u in units])
    n = len(units)
    scores: dict[str, np.ndarray] = {}

    def raw_of(code: str) -> np.ndarray:
        return np.array([np.nan if values[u].get(code) is None else float(values[u][code]) for u in units], dtype=float)

    def visit(node: Node) -> np.ndarray:
        given = _normalise(node, raw_of(node.code))
        if node.children:
            child_scores = [visit(c) for c in node.children]
            weights = np.array([c.points for c in node.children], dtype=float)
            agg = _aggregate(child_scores, weights, methodology.missing_policy, methodology.aggregation, group_arr)
            out = np.where(np.isnan(given), agg, given)
        else:
            out = given
        scores[node.code] = out
        return out

    total = visit(methodology.root) if n else np.array([])
    ranks = _rank(total, group_arr)
    pillar_scores: dict[str, np.ndarray] = {}
    pillar_ranks: dict[str, list[int | None]] = {}
    for pillar, codes in methodology.pillars.items():
        nodes = [methodology.node(c) for c in codes]
        pillar_scores[pillar] = _aggregate([scores[c.code] for c in nodes], np.array([c.points for c in nodes]),
                                           methodology.missing_policy, "arithmetic", group_arr)
        pillar_ranks[pillar] = _rank(pillar_scores[pillar], group_arr)
    prev = previous.by_unit() if previous else {}

    def f(x: float) -> float | None:
        return None if math.isnan(x) else round(float(x), 6)

    results = []
    for i, unit in enumerate(units):
        score = f(total[i])
        before = prev.get(unit)
        results.append(UnitResult(
            unit=unit, group=str(group_arr[i]), score=score, rank=ranks[i],
            pillars={p: f(s[i]) for p, s in pillar_scores.items()},
            pillar_ranks={p: r[i] for p, r in pillar_ranks.items()},
            nodes={code: f(s[i]) for code, s in scores.items()},
            raw={code: v for code, v in values[unit].items() if v is not None},
            change=None if before is None or before.score is None or score is None else round(score - before.score, 6),
            rank_change=None if before is None or before.rank is None or ranks[i] is None else before.rank - ranks[i],
        ))
    return IndexResult(methodology=methodology, units=results)
