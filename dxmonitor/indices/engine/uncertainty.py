"""How robust a rank is: Monte Carlo over weights and normalisation choices, vectorised with NumPy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dxmonitor.indices.engine.compute import IndexResult


@dataclass(frozen=True)
class RankInterval:
    unit: str
    rank: int | None
    p05: int
    p50: int
    p95: int
    most_sensitive_indicator: str | None


def rank_intervals(result: IndexResult, *, draws: int = 10_000, weight_jitter: float = 0.2,
                   alt_normalisation_share: float = 0.5, seed: int = 1) -> list[RankInterval]:
    """Ranks under perturbed weights (each main indicator's points x U(1 - j, 1 + j)) and, in a share of the
    draws, a min-max rescaling of each indicator across units instead of the published normalisation."""
    m = result.methodology
    mains = [n for n in m.main_indicators if n.points > 0]
    units = [u for u in result.units if u.score is not None]
    if not units:
        return []
    v = np.array([[u.nodes.get(n.code) or 0.0 for n in mains] for u in units])  # units x k
    lo, hi = v.min(axis=0), v.max(axis=0)
    v_alt = np.where(hi > lo, (v - lo) / np.where(hi > lo, hi - lo, 1.0), v)
    rng = np.random.default_rng(seed)
    w0 = np.array([n.points for n in mains])
    w = w0 * rng.uniform(1 - weight_jitter, 1 + weight_jitter, size=(draws, len(mains)))
    w /= w.sum(axis=1, keepdims=True)
    use_alt = rng.random(draws) < alt_normalisation_share
    scores = np.where(use_alt[:, None], w @ v_alt.T, w @ v.T)  # draws x units
    groups = np.array([u.group for u in units])
    ranks = np.zeros_like(scores, dtype=np.int32)
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        sub = scores[:, idx]
        # rank 1 = highest score: the count of strictly higher scores plus one
        order = np.argsort(-sub, axis=1, kind="stable")
        r = np.empty_like(order)
        rows = np.arange(draws)[:, None]
        r[rows, order] = np.arange(1, len(idx) + 1)[None, :]
        ranks[:, idx] = r
    p05, p50, p95 = np.percentile(ranks, [5, 50, 95], axis=0, method="nearest")
    # Sensitivity: correlation between an indicator's relative weight and the unit's rank across draws.
    wz = (w - w.mean(axis=0)) / np.where(w.std(axis=0) > 0, w.std(axis=0), 1.0)
    rz = (ranks - ranks.mean(axis=0)) / np.where(ranks.std(axis=0) > 0, ranks.std(axis=0), 1.0)
    corr = np.abs(wz.T @ rz) / draws  # k x units
    out = []
    for i, unit in enumerate(units):
        best = int(np.argmax(corr[:, i]))
        out.append(RankInterval(unit=unit.unit, rank=unit.rank, p05=int(p05[i]), p50=int(p50[i]), p95=int(p95[i]),
                                most_sensitive_indicator=mains[best].code if corr[best, i] > 0.05 else None))
    return out
