"""The index engine: published DTI 2022, formula tables, missing data, values at any level, ties, explain."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dxmonitor.indices.engine import (
    InputError,
    Methodology,
    competition_ranks,
    compute,
    load_methodology,
    methodology_for,
)
from dxmonitor.indices.engine.methodology import parse_methodology

DATA = Path(__file__).parent / "data"
DTI = load_methodology("dti-province-922")
MAINS = ["awareness", "institutions", "infrastructure", "human_resources", "cybersecurity", "digital_government",
         "digital_economy", "digital_society"]


def published_2022() -> list[dict[str, str]]:
    with (DATA / "dti2022_published.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- published values ------------------------------------------------------------------------------------

def test_reproduces_published_dti_2022() -> None:
    rows = published_2022()
    assert len(rows) >= 5
    values = {r["unit_code"]: {c: float(r[c]) for c in MAINS} for r in rows}
    result = compute(DTI, values).by_unit()
    exact = 0
    for r in rows:
        got = result[r["unit_code"]]
        assert got.score is not None
        # components are published rounded to 4 decimals, so one DTI may differ by 0.0001 (HCM, as the facts note)
        assert round(got.score, 4) == pytest.approx(float(r["dti"]), abs=0.0001 + 1e-12), r["unit_name"]
        exact += round(got.score, 4) == float(r["dti"])
        assert got.rank == int(r["rank"])
    assert exact >= len(rows) - 1


def test_published_ranks_follow_competition_ranking() -> None:
    with (DATA / "dti2022_published_ranks.csv").open(encoding="utf-8") as fh:
        ranks = [int(r["rank"]) for r in csv.DictReader(fh)]
    assert len(ranks) == 63
    # each published rank is one more than the number of provinces strictly ahead: 15, 15, 17
    assert all(r == 1 + sum(1 for other in ranks if other < r) for r in ranks)
    assert ranks[14:17] == [15, 15, 17]


# --- formula tables --------------------------------------------------------------------------------------

def _method(node_extra: dict[str, Any], *, policy: str = "zero", aggregation: str = "arithmetic") -> Methodology:
    return parse_methodology({
        "code": "t", "version": "1", "title": "t", "missing_policy": policy, "aggregation": aggregation,
        "root": {"code": "idx", "points": 100, "children": [
            {"code": "a", "points": 60, **node_extra}, {"code": "b", "points": 40}]},
    })


@pytest.mark.parametrize(
    ("node", "raw", "expected_a"),
    [
        ({"normalisation": "share"}, 0.5, 0.5),
        ({"normalisation": "share"}, 1.3, 1.0),  # capped at the maximum
        ({"normalisation": "share", "params": {"max_points": 20}}, 15, 0.75),  # 15 of 20 points
        ({"normalisation": "share", "params": {"max_points": 20}}, -3, 0.0),
        ({"normalisation": "minmax", "params": {"min": 10, "max": 60}}, 35, 0.5),
        ({"normalisation": "minmax", "params": {"min": 10, "max": 60}}, 80, 1.0),  # beyond the goalpost
        ({"normalisation": "minmax", "params": {"min": 10, "max": 60}}, 0, 0.0),
        ({"normalisation": "minmax", "params": {"min": 0, "max": 10}, "higher_is_better": False}, 2, 0.8),
        ({"normalisation": "threshold", "params": {"target": 80}}, 40, 0.5),  # P = R x Pmax / T
        ({"normalisation": "threshold", "params": {"target": 80}}, 80, 1.0),  # P = Pmax when R >= T
        ({"normalisation": "threshold", "params": {"target": 80}}, 95, 1.0),
        ({"normalisation": "threshold", "params": {"target": 80}}, 0, 0.0),
        ({"normalisation": "target", "params": {"target": 50}}, 50, 1.0),
        ({"normalisation": "target", "params": {"target": 50}}, 40, 0.8),  # 1 - |R - T| / |T|
        ({"normalisation": "target", "params": {"target": 50}}, 60, 0.8),
        ({"normalisation": "target", "params": {"target": 50}}, 120, 0.0),
        ({"normalisation": "target", "params": {"target": 50, "scale": 20}}, 45, 0.75),
        ({"normalisation": "yesno"}, 1, 1.0),
        ({"normalisation": "yesno"}, 0, 0.0),
        ({"normalisation": "yesno", "higher_is_better": False}, 1, 0.0),
        ({"normalisation": "zscore", "params": {"mean": 10, "std": 4}}, 18, 2.0),  # fixed reference
        ({"normalisation": "zscore", "params": {"mean": 10, "std": 4}, "higher_is_better": False}, 18, -2.0),
    ],
)
def test_normalisations(node: dict[str, Any], raw: float, expected_a: float) -> None:
    res = compute(_method(node), {"u": {"a": raw, "b": 1.0}}).by_unit()["u"]
    assert res.nodes["a"] == pytest.approx(expected_a)
    assert res.score == pytest.approx(0.6 * expected_a + 0.4)


def test_zscore_is_across_the_units_computed_together() -> None:
    res = compute(_method({"normalisation": "zscore"}), {"u1": {"a": 1, "b": 0}, "u2": {"a": 3, "b": 0}}).by_unit()
    assert res["u1"].nodes["a"] == pytest.approx(-1.0)
    assert res["u2"].nodes["a"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("aggregation", "a", "b", "expected"),
    [
        ("arithmetic", 0.25, 1.0, 0.6 * 0.25 + 0.4),
        ("arithmetic", 0.0, 0.0, 0.0),
        ("geometric", 0.25, 1.0, 0.25 ** 0.6),
        ("geometric", 0.5, 0.5, 0.5),
        ("geometric", 0.0, 1.0, 0.0),  # a zero wipes out a geometric mean (clipped at 1e-9)
    ],
)
def test_aggregations(aggregation: str, a: float, b: float, expected: float) -> None:
    res = compute(_method({}, aggregation=aggregation), {"u": {"a": a, "b": b}}).by_unit()["u"]
    assert res.score == pytest.approx(expected, abs=1e-5)


def test_aggregation_can_be_set_per_node() -> None:
    m = parse_methodology({"code": "t", "version": "1", "title": "t", "root": {
        "code": "idx", "points": 2, "children": [
            {"code": "g", "points": 1, "aggregation": "geometric",
             "children": [{"code": "x", "points": 0.5}, {"code": "y", "points": 0.5}]},
            {"code": "z", "points": 1}]}})
    res = compute(m, {"u": {"x": 0.25, "y": 1.0, "z": 0.5}}).by_unit()["u"]
    assert res.nodes["g"] == pytest.approx(0.5)
    assert res.score == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("policy", "score_u"),
    [
        ("zero", 0.4),  # the missing a counts as 0
        ("reweight", 1.0),  # a is dropped, b carries the whole weight
        ("group_mean", 0.6 * 0.5 + 0.4),  # a takes the mean of its group (v: 0.5)
    ],
)
def test_missing_data_policies(policy: str, score_u: float) -> None:
    values = {"u": {"a": None, "b": 1.0}, "v": {"a": 0.5, "b": 1.0}}
    assert compute(_method({}, policy=policy), values).by_unit()["u"].score == pytest.approx(score_u)


def test_group_mean_uses_the_unit_s_own_group() -> None:
    values = {"u": {"a": None, "b": 1.0}, "v": {"a": 0.5, "b": 1.0}, "w": {"a": 0.9, "b": 1.0},
              "x": {"a": None, "b": 1.0}}
    groups = {"u": "g1", "v": "g1", "w": "g2", "x": "g3"}
    res = compute(_method({}, policy="group_mean"), values, groups).by_unit()
    assert res["u"].score == pytest.approx(0.6 * 0.5 + 0.4)
    assert res["x"].score == pytest.approx(0.4)  # nobody in g3 has a value: nothing to borrow, zero


def test_missing_policy_can_be_set_per_node_and_all_missing_is_unranked() -> None:
    m = parse_methodology({"code": "t", "version": "1", "title": "t", "missing_policy": "reweight", "root": {
        "code": "idx", "children": [{"code": "a", "points": 1}, {"code": "b", "points": 1}]}})
    res = compute(m, {"u": {"a": None, "b": None}, "v": {"a": 0.5, "b": None}}).by_unit()
    assert res["u"].score is None and res["u"].rank is None
    assert res["v"].score == pytest.approx(0.5) and res["v"].rank == 1


# --- the tree --------------------------------------------------------------------------------------------

def test_value_given_at_a_higher_level_is_not_recomputed() -> None:
    values = {"48": dict.fromkeys(MAINS, 0.1) | {"foundation": 0.9}}
    res = compute(DTI, values).by_unit()["48"]
    assert res.nodes["foundation"] == pytest.approx(0.9)
    assert res.score == pytest.approx((500 * 0.9 + 500 * 0.1) / 1000)


def test_value_given_at_the_root_is_the_score() -> None:
    res = compute(DTI, {"48": {"dti": 0.77, "awareness": 0.1}}).by_unit()["48"]
    assert res.score == pytest.approx(0.77)


def test_components_aggregate_into_a_main_indicator_unless_it_is_given() -> None:
    m405 = load_methodology("dti-province-405")
    comps = [c.code for c in m405.node("digital_society").children]
    values = {"a": dict.fromkeys(comps, 0.5) | {comps[0]: 1.0}, "b": dict.fromkeys(comps, 0.5) | {"digital_society": 0.2}}
    res = compute(m405, values).by_unit()
    assert res["a"].nodes["digital_society"] == pytest.approx((1.0 + 0.5 * (len(comps) - 1)) / len(comps))
    assert res["b"].nodes["digital_society"] == pytest.approx(0.2)


def test_flat_and_nested_forms_agree() -> None:
    nested = _method({"children": [{"code": "a1", "points": 30}, {"code": "a2", "points": 30}]})
    flat = parse_methodology({"code": "t", "version": "1", "title": "t", "nodes": [
        {"code": "idx", "points": 100}, {"code": "a", "parent": "idx", "points": 60},
        {"code": "a1", "parent": "a", "points": 30}, {"code": "a2", "parent": "a", "points": 30},
        {"code": "b", "parent": "idx", "points": 40}]})
    values = {"u": {"a1": 0.2, "a2": 0.6, "b": 0.5}}
    assert compute(nested, values).by_unit()["u"].score == compute(flat, values).by_unit()["u"].score
    assert compute(flat, values).by_unit()["u"].score == pytest.approx(0.6 * 0.4 + 0.4 * 0.5)


def test_inputs_are_checked() -> None:
    with pytest.raises(InputError, match="48/nonsense"):
        compute(DTI, {"48": {"nonsense": 1.0}})
    with pytest.raises(InputError, match="unit '48', indicator 'awareness': 'abc' is not a number"):
        compute(DTI, {"48": {"awareness": "abc"}})  # type: ignore[dict-item]
    with pytest.raises(InputError, match="not finite"):
        compute(DTI, {"48": {"awareness": float("inf")}})
    assert compute(DTI, {}).units == []


# --- ranks and change ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([0.9, 0.8, 0.8, 0.7], [1, 2, 2, 4]),
        ([0.5, 0.5, 0.5], [1, 1, 1]),
        ([0.80004, 0.80001, 0.7], [1, 1, 3]),  # equal at 4 decimals: a tie, as in the published table
        ([0.80006, 0.80001], [1, 2]),  # 0.8001 against 0.8000
        ([0.3, float("nan"), 0.4], [2, None, 1]),  # no score, no rank
    ],
)
def test_competition_ranks(scores: list[float], ranks: list[int | None]) -> None:
    got = competition_ranks(np.array(scores), np.array(["g"] * len(scores)))
    assert [None if np.isnan(x) else int(x) for x in got] == ranks


def test_equal_scores_share_a_rank() -> None:
    same = dict.fromkeys(MAINS, 0.5)
    values = {"01": dict.fromkeys(MAINS, 0.9), "02": same, "04": dict(same), "06": dict.fromkeys(MAINS, 0.1)}
    ranks = {u.unit: u.rank for u in compute(DTI, values).units}
    assert ranks == {"01": 1, "02": 2, "04": 2, "06": 4}


def test_ranks_are_within_groups_and_change_is_computed() -> None:
    values = {"a": {"a": 1, "b": 1}, "b": {"a": 0.5, "b": 0.5}, "c": {"a": 0.2, "b": 0.2}}
    m = _method({})
    groups = {"a": "g1", "b": "g2", "c": "g2"}
    before = compute(m, values, groups)
    after = compute(m, {**values, "c": {"a": 0.9, "b": 0.9}}, groups, previous=before)
    by = after.by_unit()
    assert (by["a"].rank, by["b"].rank, by["c"].rank) == (1, 2, 1)
    assert by["c"].rank_change == 1 and by["c"].change == pytest.approx(0.7)
    assert by["a"].change == 0 and by["a"].rank_change == 0


def test_pillar_scores_ranks_and_changes() -> None:
    values = {"x": dict.fromkeys(MAINS, 0.5) | {"digital_economy": 1.0}, "y": dict.fromkeys(MAINS, 0.6)}
    before = compute(DTI, values)
    after = compute(DTI, {**values, "y": dict.fromkeys(MAINS, 0.7)}, previous=before).by_unit()
    x = before.by_unit()["x"]
    assert x.pillars["kts"] == pytest.approx((500 * 0.5 + 150 * 1.0) / 650)
    assert x.pillar_ranks == {"cqs": 2, "kts": 1, "xhs": 2}
    assert after["y"].pillar_changes["cqs"] == pytest.approx(0.1)


# --- explain ---------------------------------------------------------------------------------------------

def test_explain_traces_index_to_raw_values_and_contributions_add_up() -> None:
    r = published_2022()[0]
    result = compute(DTI, {r["unit_code"]: {c: float(r[c]) for c in MAINS}})
    rows = result.explain(r["unit_code"])
    by = {row.code: row for row in rows}
    assert rows[0].code == "dti" and rows[0].depth == 0 and not rows[0].given
    assert by["digital_government"].raw == pytest.approx(0.8575) and by["digital_government"].given
    assert by["digital_government"].weight == pytest.approx(0.2)
    assert by["digital_government"].contribution == pytest.approx(0.1715)
    assert "cqs" in by["awareness"].pillars and by["digital_government"].pillars == ("cqs",)
    leaves = [row.contribution for row in rows if row.code in MAINS]
    assert sum(x or 0 for x in leaves) == pytest.approx(result.by_unit()[r["unit_code"]].score)
    tree = result.explain_tree(r["unit_code"])
    json.dumps(tree)
    assert tree["tree"]["children"][1]["children"][0]["code"] == "digital_government"
    assert [p["code"] for p in tree["pillars"]] == ["cqs", "kts", "xhs"]


def test_explain_marks_imputed_values_and_reweights() -> None:
    m = _method({}, policy="reweight")
    rows = {row.code: row for row in compute(m, {"u": {"a": None, "b": 0.5}}).explain("u")}
    assert rows["b"].weight == pytest.approx(1.0) and rows["b"].contribution == pytest.approx(0.5)
    zero = {row.code: row for row in compute(_method({}), {"u": {"a": None, "b": 0.5}}).explain("u")}
    assert zero["a"].imputed and zero["a"].normalised is None and not zero["b"].imputed


# --- shipped methodologies -------------------------------------------------------------------------------

def test_dti_922_structure() -> None:
    assert [n.code for n in DTI.main_indicators] == MAINS
    assert [n.points for n in DTI.main_indicators] == [100, 100, 100, 100, 100, 200, 150, 150]
    assert DTI.root.points == 1000 and DTI.node("smart_city").points == 0
    assert all(p.assumed for p in DTI.pillar_details)  # the pillar mapping is not in the sources
    assert DTI.used_for(2022) and not DTI.used_for(2024)


def test_dti_405_structure_marks_what_is_assumed() -> None:
    m = load_methodology("dti-province-405")
    assert [n.code for n in m.main_indicators] == MAINS
    comps = [c for n in m.main_indicators for c in n.children]
    assert len(comps) == 47
    assert all(n.assumed for n in m.main_indicators) and all(c.assumed for c in comps)
    assert sum(c.points for c in comps) == pytest.approx(1000)
    assert "smart_city" not in m.codes


def test_ministry_405_skeleton() -> None:
    m = load_methodology("dti-ministry-405")
    assert len(m.main_indicators) == 6
    assert sum(len(n.children) for n in m.main_indicators) == 31
    assert m.ranking_groups == ("ministry_dvc", "ministry_no_dvc")
    assert m.is_assumed
    res = compute(m, {"BTC": dict.fromkeys([n.code for n in m.main_indicators], 0.8),
                      "VPCP": dict.fromkeys([n.code for n in m.main_indicators], 0.3)},
                  {"BTC": "ministry_dvc", "VPCP": "ministry_no_dvc"}).by_unit()
    assert (res["BTC"].rank, res["VPCP"].rank) == (1, 1)  # each first in its own group


@pytest.mark.parametrize(("year", "kind", "code"), [
    (2021, "province", "dti-province-922"), (2023, "province", "dti-province-922"),
    (2024, "province", "dti-province-405"), (2025, "province", "dti-province-405"),
    (2024, "ministry", "dti-ministry-405"),
])
def test_methodology_for_period(year: int, kind: str, code: str) -> None:
    m = methodology_for(year, kind)
    assert m is not None and m.code == code
