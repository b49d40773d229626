"""The pure checks: number parsing, ranges, rule expressions (and what they refuse), MAD outliers, completeness."""

from __future__ import annotations

import math

import pytest

from dxmonitor.indicators import periods
from dxmonitor.indicators import validation as v


@pytest.mark.parametrize(("raw", "kind", "expected"), [
    ("97,3", "percent", 97.3), ("97.3", "percent", 97.3), ("1.500.000", "count", 1500000.0), ("12%", "percent", 12.0),
    (" 0,8002 ", "number", 0.8002), (42, "count", 42.0), ("", "number", None), (None, "number", None),
    ("Có", "yes_no", 1.0), ("không", "yes_no", 0.0), (True, "yes_no", 1.0), ("1 500", "count", 1500.0),
])
def test_parse_number(raw: object, kind: str, expected: float | None) -> None:
    assert v.parse_number(raw, kind) == expected


@pytest.mark.parametrize(("raw", "kind"), [("abc", "number"), ("1,2,3", "number"), ("có lẽ", "yes_no"),
                                           ("nan", "number"), (float("inf"), "number")])
def test_parse_number_rejects(raw: object, kind: str) -> None:
    with pytest.raises(ValueError):
        v.parse_number(raw, kind)


SCORE = v.IndicatorSpec("awareness", "number", 0, 1)
PCT = v.IndicatorSpec("share", "percent")
COUNT = v.IndicatorSpec("dossiers", "count")
YN = v.IndicatorSpec("plan", "yes_no")


@pytest.mark.parametrize(("spec", "value", "kinds"), [
    (SCORE, 0.5, []), (SCORE, 1.2, ["range"]), (SCORE, -0.1, ["range"]), (PCT, 100, []), (PCT, 100.5, ["range"]),
    (COUNT, 3.5, ["type"]), (COUNT, -1, ["range"]), (YN, 1, []), (YN, 2, ["type"]), (SCORE, None, []),
])
def test_check_value(spec: v.IndicatorSpec, value: float | None, kinds: list[str]) -> None:
    assert [i.kind for i in v.check_value(spec, value)] == kinds


@pytest.mark.parametrize(("expr", "values", "expected"), [
    ("online_dossiers <= total_dossiers", {"online_dossiers": 30, "total_dossiers": 100}, True),
    ("online_dossiers <= total_dossiers", {"online_dossiers": 130, "total_dossiers": 100}, False),
    ("online_dossiers <= total_dossiers", {"online_dossiers": 130, "total_dossiers": None}, None),
    ("abs(share - 100 * a / b) <= 1", {"share": 30.5, "a": 30, "b": 100}, True),
    ("abs(share - 100 * a / b) <= 1", {"share": 35, "a": 30, "b": 100}, False),
    ("abs(share - 100 * a / b) <= 1", {"share": 35, "a": 30, "b": 0}, None),
    ("0 <= a <= b and not a == 7", {"a": 3, "b": 4}, True),
    ("a > b or max(a, b) == 10", {"a": 3, "b": 10}, True),
    ("100 * 30 / 30 == 100", {}, True),
    ("-a < 0", {"a": 1}, True),
])
def test_rules(expr: str, values: dict, expected: bool | None) -> None:
    assert v.parse_rule(expr).evaluate(values) is expected


@pytest.mark.parametrize("expr", [
    "__import__('os').system('echo hi') == 0", "a.__class__ == 1", "a[0] <= b", "(lambda: 1)() == 1",
    "open('x') == 1", "a if b else c", "'text' == a", "a ** 2 <= b", "a <= b; c", "a + b", "[a] == [b]",
    "f(a) <= 1", "True == a", "", "a <=",
])
def test_rules_refuse_everything_else(expr: str) -> None:
    with pytest.raises(v.RuleError):
        v.parse_rule(expr)


def test_rule_unknown_codes_and_issue_names_all_codes() -> None:
    with pytest.raises(v.RuleError, match="unknown indicator"):
        v.parse_rule("x <= y", known={"x"})
    rule = v.parse_rule("online_dossiers <= total_dossiers", message_vi="quá tổng")
    [issue] = v.check_rules([rule], {"online_dossiers": 5, "total_dossiers": 4})
    assert issue.severity == v.ERROR and issue.codes == ("online_dossiers", "total_dossiers")
    assert issue.message("vi") == "quá tổng"


@pytest.mark.parametrize(("x", "ref", "expected"), [
    (5.0, [1, 2, 3, 4, 5], 0.6745 * 2 / 1),  # median 3, MAD 1
    (3.0, [1, 2, 3, 4, 5], 0.0),
    (1.0, [1, 2, 3], None),  # too few reference points
    (2.0, [1, 1, 1, 1, 3], (2 - 1) / (1.2533 * 0.4)),  # MAD 0: mean absolute deviation stands in
    (1.0, [1, 1, 1, 1, 1], 0.0),
])
def test_robust_z(x: float, ref: list[float], expected: float | None) -> None:
    got = v.robust_z(x, ref)
    assert got == expected if expected is None else got == pytest.approx(expected)
    assert math.isinf(v.robust_z(2.0, [1, 1, 1, 1, 1]) or 0)


def test_outlier_flags_a_jump_not_a_usual_change() -> None:
    ref = [0.02, 0.03, 0.05, 0.04, 0.01, 0.03, 0.06, 0.02]
    assert v.check_outlier(SCORE, 0.50, 0.54, ref) == []
    [w] = v.check_outlier(SCORE, 0.50, 0.90, ref)
    assert w.severity == v.WARNING and w.kind == "outlier" and "cần giải trình" in w.message_vi
    # counts change relatively: doubling from 1,000 is as unusual as doubling from 1,000,000
    growth = [0.05, 0.1, 0.08, 0.12, 0.07, 0.09]
    assert v.check_outlier(COUNT, 1_000_000, 2_000_000, growth)
    assert v.check_outlier(COUNT, 1_000, 1_080, growth) == []
    assert v.check_outlier(YN, 0, 1, [0, 0, 0, 0, 0]) == []


def test_validate_and_completeness() -> None:
    specs = [SCORE, PCT, COUNT]
    issues = v.validate(specs, {"awareness": 2, "share": None, "dossiers": 5})
    assert sorted(i.kind for i in issues) == ["range", "required"]
    assert [i.kind for i in v.validate(specs, {"awareness": 0.3}, require_all=False)] == []
    assert v.completeness(["a", "b", "c", "d"], {"a": 1, "b": None, "c": 0}) == 0.5
    assert v.completeness([], {}) == 1.0


@pytest.mark.parametrize(("period", "prev"), [("2025", "2024"), ("2025-Q1", "2024-Q4"), ("2025-q3", "2025-Q2"),
                                              ("2025-01", "2024-12"), ("2025-10", "2025-09")])
def test_previous_period(period: str, prev: str) -> None:
    assert periods.previous(period) == prev


def test_period_bounds_and_errors() -> None:
    assert periods.bounds("2024-Q1")[1].isoformat() == "2024-03-31"
    assert periods.bounds("2024-02")[1].isoformat() == "2024-02-29"
    with pytest.raises(ValueError, match="not a period"):
        periods.normalise("2025-13")
