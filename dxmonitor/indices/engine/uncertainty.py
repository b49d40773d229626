"""How robust a rank is: Monte Carlo over weights and normalisation choices, vectorised with NumPy.

Each draw multiplies every main indicator's points by a factor drawn uniformly in [1 - j, 1 + j]
(renormalised so the weights still sum to one) and picks one normalisation of the main-indicator values:
as computed by the methodology, min-max rescaled across the units, or z-scored across the units. Ranks in
each draw follow the same rule as the published ranking (competition ranks within the ranking group on
scores rounded to 4 decimals). A unit's interval is the 5th-95th percentile of its ranks; the indicator that
moves its rank most is the one whose weight, from low (bottom fifth of its draws) to high (top fifth),
shifts the unit's mean rank by the most places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from dxmonitor.indices.engine.compute import RANK_DECIMALS, IndexResult

NORMALISATION_CHOICES = ("as_computed", "minmax", "zscore")
#: Draws compared at once when ranking; bounds memory at chunk x units x units booleans.
_CHUNK = 2048


@dataclass(frozen=True)
class RankInterval:
    unit: str
    rank: int | None
    p05: int
    p50: int
    p95: int
    most_sensitive_indicator: str | None
    #: places the mean rank moves when the indicator's weight goes from low to high (negative: rank improves)
    sensitivity: dict[str, float] = field(default_factory=dict, compare=False)


def _variants(v: np.ndarray, choices: Sequence[str]) -> np.ndarray:
    out = []
    for choice in choices:
        if choice == "as_computed":
            out.append(v)
        elif choice == "minmax":
            lo, hi = v.min(axis=0), v.max(axis=0)
            span = np.where(hi > lo, hi - lo, 1.0)
            out.append(np.where(hi > lo, (v - lo) / span, v))
        elif choice == "zscore":
            mean, std = v.mean(axis=0), v.std(axis=0)
            out.append(np.where(std > 0, (v - mean) / np.where(std > 0, std, 1.0), 0.0))
        else:
            raise ValueError(f"normalisations: unknown choice '{choice}' (one of {', '.join(NORMALISATION_CHOICES)})")
    return np.stack(out)  # variants x units x k


def ranks_in_draws(scores: np.ndarray, groups: np.ndarray, decimals: int = RANK_DECIMALS) -> np.ndarray:
    """Competition ranks (1 = best, ties share) of a draws x units score matrix within each group."""
    rounded = np.round(scores, decimals)
    ranks = np.empty(scores.shape, dtype=np.int32)
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        sub = rounded[:, idx]
        for start in range(0, sub.shape[0], _CHUNK):
            block = sub[start:start + _CHUNK]
            # rank = 1 + how many units of the group score strictly higher in this draw
            higher = (block[:, None, :] > block[:, :, None]).sum(axis=2)
            ranks[start:start + _CHUNK, idx] = 1 + higher
    return ranks


def rank_intervals(result: IndexResult, *, draws: int = 10_000, weight_jitter: float = 0.2,
                   normalisations: Sequence[str] = NORMALISATION_CHOICES, seed: int = 1,
                   min_shift: float = 0.5) -> list[RankInterval]:
    """5-50-95 % rank percentiles of every scored unit under perturbed weights and normalisations.

    Seeded: the same inputs and seed give the same intervals. `min_shift` (places) is the least rank shift
    for an indicator to be named as the one that moves the rank most.
    """
    if not 0 <= weight_jitter < 1:
        raise ValueError("weight_jitter must be in [0, 1)")
    if draws < 1 or not normalisations:
        raise ValueError("draws must be positive and normalisations non-empty")
    m = result.methodology
    mains = [n for n in m.main_indicators if n.points > 0]
    rows = [i for i, u in enumerate(result.units) if u.score is not None]
    if not rows or not mains:
        return []
    units = [result.units[i] for i in rows]
    v = np.array([[u.nodes.get(n.code) for n in mains] for u in units], dtype=float)
    v = np.where(np.isnan(v), 0.0, v)  # a missing main indicator counts as zero, as in the published DTI
    variants = _variants(v, normalisations)
    rng = np.random.default_rng(seed)
    w0 = np.array([n.points for n in mains], dtype=float)
    factors = rng.uniform(1 - weight_jitter, 1 + weight_jitter, size=(draws, len(mains)))
    w = w0 * factors
    w /= w.sum(axis=1, keepdims=True)
    choice = rng.integers(0, len(variants), size=draws)
    scores = np.empty((draws, len(units)))
    for k in range(len(variants)):
        sel = choice == k
        scores[sel] = w[sel] @ variants[k].T
    groups = np.array([u.group for u in units])
    ranks = ranks_in_draws(scores, groups)
    p05, p50, p95 = (np.quantile(ranks, q, axis=0, method="inverted_cdf") for q in (0.05, 0.5, 0.95))
    # Rank shift per indicator: mean rank in the draws where its weight factor is in the top fifth minus
    # the mean rank where it is in the bottom fifth (indicators x units).
    lo_cut, hi_cut = np.quantile(factors, [0.2, 0.8], axis=0)
    high = (factors >= hi_cut).astype(float)
    low = (factors <= lo_cut).astype(float)
    shift = (high.T @ ranks) / np.maximum(high.sum(axis=0), 1)[:, None] - \
        (low.T @ ranks) / np.maximum(low.sum(axis=0), 1)[:, None]
    out = []
    for i, unit in enumerate(units):
        best = int(np.argmax(np.abs(shift[:, i])))
        out.append(RankInterval(
            unit=unit.unit, rank=unit.rank, p05=int(p05[i]), p50=int(p50[i]), p95=int(p95[i]),
            most_sensitive_indicator=mains[best].code if abs(shift[best, i]) >= min_shift else None,
            sensitivity={n.code: round(float(shift[k, i]), 3) for k, n in enumerate(mains)},
        ))
    return out
