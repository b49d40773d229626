"""The index engine: formula tables, ties, values at any level, missing data, validation, published DTI."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from dxmonitor.indices.engine import InputError, compute, load_methodology, rank_intervals, reaggregate
from dxmonitor.indices.engine.methodology import MethodologyError, parse_methodology

DATA = Path(__file__).parent / "data"
DTI = load_methodology("dti-province-922")
MAINS = ["awareness", "institutions", "infrastructure", "human_resources", "cybersecurity", "digital_government",
         "digital_economy", "digital_society"]


def published_2022() -> list[dict[str, str]]:
    with (DATA / "dti2022_published.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_reproduces_published_dti_2022() -> None:
    rows = published_2022()
    values = {r["unit_code"]: {c: float(r[c]) for c in MAINS} for r in rows}
    result = compute(DTI, values).by_unit()
    for r in rows:
        got = result[r["unit_code"]]
        assert round(got.score, 4) == pytest.approx(float(r["dti"]), abs=0.0001), r["unit_name"]
        assert got.rank == int(r["rank"])


def _method(node_extra: dict, *, policy: str = "zero", aggregation: str = "arithmetic") -> object:
    return parse_methodology({
        "code": "t", "version": "1", "title": "t", "missing_policy": policy, "aggregation": aggregation,
        "root": {"code": "idx", "points": 100, "children": [
            {"code": "a", "points": 60, **node_extra}, {"code": "b", "points": 40}]},
    })


@pytest.mark.parametrize(
    ("node", "raw", "expected_a"),
    [
        ({"normalisation": "share"}, 0.5, 0.5),
        ({"normalisation": "share", "params": {"max_points": 20}}, 15, 0.75),
        ({"normalisation": "minmax", "params": {"min": 10, "max": 60}}, 35, 0.5),
        ({"normalisation": "minmax", "params": {"min": 10, "max": 60}}, 80, 1.0),
        ({"normalisation": "minmax", "params": {"min": 0, "max": 10}, "higher_is_better": False}, 2, 0.8),
        ({"normalisation": "threshold", "params": {"target": 80}}, 40, 0.5),  # P = R x Pmax / T
        ({"normalisation": "threshold", "params": {"target": 80}}, 95, 1.0),  # P = Pmax when R >= T
        ({"normalisation": "target", "params": {"target": 50}}, 40, 0.8),
        ({"normalisation": "target", "params": {"target": 50}}, 60, 0.8),
        ({"normalisation": "yesno"}, 1, 1.0),
        ({"normalisation": "yesno"}, 0, 0.0),
    ],
)
def test_normalisations(node: dict, raw: float, expected_a: float) -> None:
    res = compute(_method(node), {"u": {"a": raw, "b": 1.0}}).by_unit()["u"]
    assert res.nodes["a"] == pytest.approx(expected_a)
    assert res.score == pytest.approx(0.6 * expected_a + 0.4)


def test_zscore_is_across_units() -> None:
    res = compute(_method({"normalisation": "zscore"}), {"u1": {"a": 1, "b": 0}, "u2": {"a": 3, "b": 0}}).by_unit()
    assert res["u1"].nodes["a"] == pytest.approx(-1.0) and res["u2"].nodes["a"] == pytest.approx(1.0)


@pytest.mark.parametrize(("policy", "score"), [("zero", 0.4), ("reweight", 1.0), ("group_mean", 0.6 * 0.5 + 0.4)])
def test_missing_data_policies(policy: str, score: float) -> None:
    values = {"u": {"a": None, "b": 1.0}, "v": {"a": 0.5, "b": 1.0}}
    assert compute(_method({}, policy=policy), values).by_unit()["u"].score == pytest.approx(score)


def test_geometric_aggregation() -> None:
    res = compute(_method({}, aggregation="geometric"), {"u": {"a": 0.25, "b": 1.0}}).by_unit()["u"]
    assert res.score == pytest.approx(0.25 ** 0.6)


def test_value_given_at_a_higher_level_is_not_recomputed() -> None:
    values = {"48": dict.fromkeys(MAINS, 0.1) | {"foundation": 0.9}}
    res = compute(DTI, values).by_unit()["48"]
    assert res.nodes["foundation"] == pytest.approx(0.9)
    assert res.score == pytest.approx((500 * 0.9 + 500 * 0.1) / 1000)


def test_equal_scores_share_a_rank() -> None:
    same = dict.fromkeys(MAINS, 0.5)
    values = {"01": dict.fromkeys(MAINS, 0.9), "02": same, "04": dict(same), "06": dict.fromkeys(MAINS, 0.1)}
    ranks = {u.unit: u.rank for u in compute(DTI, values).units}
    assert ranks == {"01": 1, "02": 2, "04": 2, "06": 4}


def test_ranks_are_within_groups_and_change_is_computed() -> None:
    values = {"a": {"a": 1, "b": 1}, "b": {"a": 0.5, "b": 0.5}, "c": {"a": 0.2, "b": 0.2}}
    m = _method({})
    before = compute(m, values, {"a": "g1", "b": "g2", "c": "g2"})
    after = compute(m, {**values, "c": {"a": 0.9, "b": 0.9}}, {"a": "g1", "b": "g2", "c": "g2"}, previous=before)
    by = after.by_unit()
    assert (by["a"].rank, by["b"].rank, by["c"].rank) == (1, 2, 1)
    assert by["c"].rank_change == 1 and by["c"].change == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"root": {"code": "r", "children": [{"code": "x", "normalisation": "magic"}]}}, "unknown normalisation 'magic'"),
        ({"root": {"code": "r", "children": [{"code": "x"}, {"code": "x"}]}}, "node 'x': duplicate code"),
        ({"root": {"code": "r", "params": {"total_points": 100}, "children": [{"code": "x", "points": 60}]}},
         "add up to 60"),
        ({"root": {"code": "r", "children": [{"code": "x", "normalisation": "minmax"}]}}, "needs params min and max"),
    ],
)
def test_methodology_validation_names_the_node(bad: dict, message: str) -> None:
    with pytest.raises(MethodologyError, match=message):
        parse_methodology({"code": "t", "version": "1", "title": "t", **bad})


def test_unknown_indicator_code_is_refused() -> None:
    with pytest.raises(InputError, match="nonsense"):
        compute(DTI, {"48": {"nonsense": 1.0}})


def test_reaggregation_onto_merged_provinces() -> None:
    from dxmonitor.orgs.reference import load_reference

    units, lineage = load_reference()
    code = {u.key: u.code for u in units}
    links = [(code[link.predecessor_key], "N" + code[link.successor_key], link.weight) for link in lineage
             if link.successor_key.startswith("P")]
    old = {"35": {"awareness": 0.6}, "36": {"awareness": 0.9}, "37": {"awareness": 0.3}}
    merged = reaggregate(old, links, method="mean")
    assert merged["N37"]["awareness"] == pytest.approx(0.6)
    weighted = reaggregate(old, links, method="population_weighted", populations={"35": 1, "36": 2, "37": 1})
    assert weighted["N37"]["awareness"] == pytest.approx((0.6 + 1.8 + 0.3) / 4)
    assert len({s for _, s, _ in links}) == 23
    assert dt.date(2025, 7, 1)


def test_rank_intervals_are_deterministic_and_bracket_the_rank() -> None:
    rng = np.random.default_rng(3)
    values = {f"{i:02d}": {c: float(rng.uniform(0.3, 0.9)) for c in MAINS} for i in range(34)}
    result = compute(DTI, values)
    a = rank_intervals(result, draws=2000, seed=7)
    b = rank_intervals(result, draws=2000, seed=7)
    assert a == b
    for r in a:
        assert 1 <= r.p05 <= r.p50 <= r.p95 <= 34
        assert r.p05 - 3 <= r.rank <= r.p95 + 3
    dominant = {u: dict.fromkeys(MAINS, 0.5) for u in ("x", "y")}
    dominant["x"]["digital_government"] = 0.8  # +60 points
    dominant["y"]["awareness"] = 1.0  # +50 points
    dominant["y"]["institutions"] = 0.6  # +10 points: tied at the published weights
    intervals = {r.unit: r for r in rank_intervals(compute(DTI, dominant), draws=3000, normalisations=("as_computed",))}
    assert intervals["x"].most_sensitive_indicator in ("digital_government", "awareness")
