"""Across the 2025 merger (re-aggregation onto the 34 provinces) and rank uncertainty (Monte Carlo)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dxmonitor.indices.engine import compute, load_methodology, province_lineage, rank_intervals, reaggregate
from dxmonitor.indices.engine.uncertainty import ranks_in_draws
from dxmonitor.orgs.reference import iter_units, load_reference

DTI = load_methodology("dti-province-922")
MAINS = [n.code for n in DTI.main_indicators]


# --- re-aggregation --------------------------------------------------------------------------------------

def _old_values(seed: int = 5) -> dict[str, dict[str, float | None]]:
    rng = np.random.default_rng(seed)
    old = [u.code for u in iter_units(valid_on=dt.date(2024, 12, 31)) if u.kind in ("province", "city")]
    return {code: {c: round(float(rng.uniform(0.3, 0.95)), 4) for c in MAINS} for code in old}


def test_every_current_province_gets_a_series_from_its_predecessors() -> None:
    units, lineage = load_reference()
    links, current = province_lineage(units, lineage)
    values = _old_values()
    assert len(values) == 63 and len(current) == 34
    merged = reaggregate(values, links, method="mean", successors=current)
    assert sorted(merged) == current
    assert all(len(row) == len(MAINS) and all(v is not None for v in row.values()) for row in merged.values())
    # Đà Nẵng (48) after the merger = mean of Đà Nẵng (48) and Quảng Nam (49), as the ministry did for DTI 2024
    assert merged["48"]["awareness"] == pytest.approx((values["48"]["awareness"] + values["49"]["awareness"]) / 2)
    # HCM (79) = mean of HCM, Bà Rịa - Vũng Tàu (77) and Bình Dương (74)
    assert merged["79"]["digital_society"] == pytest.approx(
        np.mean([values[c]["digital_society"] for c in ("79", "77", "74")]))
    assert merged["01"] == values["01"]  # Hà Nội was not merged: its own values
    # the merged values go straight into the 2024 methodology
    result = compute(load_methodology("dti-province-405"), merged)
    assert sorted(u.rank for u in result.units if u.rank)[0] == 1 and len(result.units) == 34


def test_lineage_records_are_taken_directly_with_a_key_to_code_map() -> None:
    units, lineage = load_reference()
    key_to_code = {u.key: u.code for u in units}
    values = _old_values()
    direct = reaggregate(values, [x for x in lineage if x.successor_key.startswith("P")], key_to_code=key_to_code)
    links, _ = province_lineage(units, lineage)
    assert direct == reaggregate(values, links)
    assert len(direct) == 23  # the merged provinces; the 11 unchanged keep their codes


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("mean", (0.6 + 0.9 + 0.3) / 3),
        ("population_weighted", (0.6 * 1 + 0.9 * 2 + 0.3 * 1) / 4),
        ("sum", 0.6 + 0.9 + 0.3),
    ],
)
def test_reaggregation_methods(method: str, expected: float) -> None:
    links = [("35", "N37"), ("36", "N37"), ("37", "N37")]
    old = {"35": {"x": 0.6}, "36": {"x": 0.9}, "37": {"x": 0.3}}
    out = reaggregate(old, links, method=method, populations={"35": 1, "36": 2, "37": 1})
    assert out["N37"]["x"] == pytest.approx(expected)


def test_reaggregation_per_indicator_and_missing_predecessor_values() -> None:
    links = [("a", "S"), ("b", "S")]
    old: dict[str, dict[str, float | None]] = {"a": {"share": 0.5, "count": 10, "gap": None},
                                               "b": {"share": None, "count": 5, "gap": None}}
    out = reaggregate(old, links, method={"count": "sum"})
    assert out["S"] == {"share": 0.5, "count": 15.0, "gap": None}  # b's missing share is left out


def test_reaggregation_errors() -> None:
    with pytest.raises(ValueError, match="'median' must be mean"):
        reaggregate({}, [], method="median")
    with pytest.raises(ValueError, match="no population for b"):
        reaggregate({"a": {"x": 1}, "b": {"x": 2}}, [("a", "S"), ("b", "S")], method="population_weighted",
                    populations={"a": 1})


# --- rank uncertainty ------------------------------------------------------------------------------------

def _units(n: int = 34, seed: int = 3) -> dict[str, dict[str, float | None]]:
    rng = np.random.default_rng(seed)
    return {f"{i:02d}": {c: float(rng.uniform(0.3, 0.9)) for c in MAINS} for i in range(n)}


def test_rank_intervals_are_deterministic_and_bracket_the_rank() -> None:
    result = compute(DTI, _units())
    a = rank_intervals(result, draws=2000, seed=7)
    assert a == rank_intervals(result, draws=2000, seed=7)
    assert a != rank_intervals(result, draws=2000, seed=8) or all(r.p05 == r.p95 for r in a)
    for r in a:
        assert 1 <= r.p05 <= r.p50 <= r.p95 <= 34
        assert r.rank is not None and r.p05 - 3 <= r.rank <= r.p95 + 3
    widths = [r.p95 - r.p05 for r in a]
    assert max(widths) > 0  # perturbing weights and normalisations moves some ranks


def test_without_perturbation_the_interval_is_the_rank() -> None:
    result = compute(DTI, _units(12))
    for r in rank_intervals(result, draws=200, weight_jitter=0.0, normalisations=("as_computed",)):
        assert r.p05 == r.p50 == r.p95 == r.rank


def test_a_clear_leader_stays_first() -> None:
    values = _units(10)
    values["top"] = dict.fromkeys(MAINS, 0.99)
    intervals = {r.unit: r for r in rank_intervals(compute(DTI, values), draws=1000)}
    assert (intervals["top"].p05, intervals["top"].p95) == (1, 1)


def test_most_sensitive_indicator() -> None:
    base = dict.fromkeys(MAINS, 0.5)
    values = {"x": base | {"digital_government": 0.8}, "y": base | {"awareness": 1.0, "institutions": 0.6}}
    # tied at the published weights (+60 points each); x gains when digital government weighs more
    intervals = {r.unit: r for r in rank_intervals(compute(DTI, values), draws=3000,
                                                   normalisations=("as_computed",))}
    assert intervals["x"].most_sensitive_indicator in ("digital_government", "awareness")
    assert intervals["x"].sensitivity["digital_government"] < 0  # higher weight, better (lower) rank
    assert intervals["y"].sensitivity["awareness"] < 0


def test_monte_carlo_ranks_stay_within_groups() -> None:
    values = _units(10)
    groups = {u: ("a" if i < 4 else "b") for i, u in enumerate(sorted(values))}
    intervals = rank_intervals(compute(DTI, values, groups), draws=500)
    for r in intervals:
        assert r.p95 <= (4 if groups[r.unit] == "a" else 6)


def test_ranks_in_draws_are_competition_ranks() -> None:
    scores = np.array([[0.5, 0.7, 0.5, 0.1], [0.2, 0.2, 0.2, 0.9]])
    assert ranks_in_draws(scores, np.array(["g"] * 4)).tolist() == [[2, 1, 2, 4], [2, 2, 2, 1]]


def test_bad_arguments() -> None:
    result = compute(DTI, _units(3))
    with pytest.raises(ValueError, match="unknown choice 'rank'"):
        rank_intervals(result, draws=10, normalisations=("rank",))
    with pytest.raises(ValueError, match="weight_jitter"):
        rank_intervals(result, draws=10, weight_jitter=1.5)
