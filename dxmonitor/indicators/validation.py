"""Pure checks of indicator values: types, ranges, required values, rule expressions, MAD outliers, completeness.

Nothing here knows Django: the services hand in plain specs and numbers and get back `Issue` records, which
carry a severity (an error blocks submission, a warning needs a comment) and a message in Vietnamese and English.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"

#: Modified z-score above which a change from the last period is flagged (Iglewicz and Hoaglin).
OUTLIER_Z = 3.5
#: Fewer reference changes than this and no outlier judgement is made: the median of three says little.
MIN_REFERENCE = 5
_MAD_SCALE = 0.6745  # makes the MAD a consistent estimator of the standard deviation for normal data

YES_WORDS = {"có", "co", "yes", "y", "x", "1", "đạt", "true"}
NO_WORDS = {"không", "khong", "no", "n", "0", "chưa", "false"}


@dataclass(frozen=True)
class IndicatorSpec:
    """What validation needs to know of an indicator."""

    code: str
    value_type: str = "number"  # number | percent | yes_no | count
    min_value: float | None = None
    max_value: float | None = None
    required: bool = True
    direction: str = "higher"


@dataclass(frozen=True)
class Issue:
    severity: str
    kind: str  # type | range | required | rule | outlier
    indicator_code: str
    message_vi: str
    message_en: str
    codes: tuple[str, ...] = field(default=())  # every indicator a rule issue involves

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang.startswith("en") else self.message_vi


# ---- values -------------------------------------------------------------------------------------------------

_VN_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_number(raw: Any, value_type: str = "number") -> float | None:
    """A number from a form field or a cell: 97,3 and 1.500.000 (Vietnamese), 97.3, 12%, Có/Không for yes/no.

    Returns None for an empty input and raises ValueError (with a message in Vietnamese) for anything else.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        return 1.0 if raw else 0.0
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ValueError("giá trị không hữu hạn")
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if value_type == "yes_no":
        word = text.lower()
        if word in YES_WORDS:
            return 1.0
        if word in NO_WORDS:
            return 0.0
        raise ValueError(f"'{raw}' không phải Có/Không")
    if text.endswith("%"):
        text = text[:-1]
    if _VN_NUMBER.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{raw}' không phải số") from None
    if not math.isfinite(value):
        raise ValueError(f"'{raw}' không phải số")
    return value


def check_value(spec: IndicatorSpec, value: float | None) -> list[Issue]:
    """Type and range of one value; None (not given) is judged by `check_required`."""
    if value is None:
        return []
    issues = []
    if spec.value_type in ("count", "yes_no") and not float(value).is_integer():
        issues.append(Issue(ERROR, "type", spec.code, "phải là số nguyên", "must be a whole number"))
    if spec.value_type == "yes_no" and value not in (0, 1):
        issues.append(Issue(ERROR, "type", spec.code, "chỉ nhận Có (1) hoặc Không (0)", "must be yes (1) or no (0)"))
    low = spec.min_value
    high = spec.max_value
    if spec.value_type == "count" and low is None:
        low = 0.0
    if spec.value_type == "percent":
        low = 0.0 if low is None else low
        high = 100.0 if high is None else high
    if low is not None and value < low:
        issues.append(Issue(ERROR, "range", spec.code, f"nhỏ hơn mức tối thiểu {fmt_number(low)}",
                            f"below the minimum {fmt_number(low)}"))
    if high is not None and value > high:
        issues.append(Issue(ERROR, "range", spec.code, f"lớn hơn mức tối đa {fmt_number(high)}",
                            f"above the maximum {fmt_number(high)}"))
    return issues


def check_required(specs: Iterable[IndicatorSpec], values: Mapping[str, float | None]) -> list[Issue]:
    return [Issue(ERROR, "required", s.code, "chưa nhập giá trị (bắt buộc)", "a value is required")
            for s in specs if s.required and values.get(s.code) is None]


def fmt_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# ---- rule expressions ---------------------------------------------------------------------------------------

_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression, ast.Compare, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
    ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Name, ast.Load, ast.Constant, ast.Call,
    ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq,
)
_FUNCTIONS: dict[str, Callable[..., Any]] = {"abs": abs, "min": min, "max": max}
_MAX_RULE_LENGTH = 500


class RuleError(ValueError):
    """A rule expression that is not allowed or cannot be parsed."""


@dataclass(frozen=True)
class Rule:
    """A cross-indicator rule such as `online_dossiers <= total_dossiers`, parsed once and evaluated safely."""

    expression: str
    names: frozenset[str]
    tree: ast.Expression = field(compare=False, repr=False)
    severity: str = ERROR
    message_vi: str = ""
    message_en: str = ""
    code: str = ""

    def evaluate(self, values: Mapping[str, float | None]) -> bool | None:
        """True if the rule holds, False if broken, None if it does not apply (a value is missing, or / 0)."""
        if any(values.get(n) is None for n in self.names):
            return None
        try:
            return bool(_eval(self.tree.body, values))
        except ZeroDivisionError:
            return None


def parse_rule(expression: str, *, known: Iterable[str] | None = None, severity: str = ERROR, message_vi: str = "",
               message_en: str = "", code: str = "") -> Rule:
    """Parse `expression` with a whitelist of AST nodes (comparisons, and/or/not, + - * /, abs/min/max, numbers and
    indicator codes); anything else (attributes, subscripts, lambdas, other calls) raises RuleError."""
    text = expression.strip()
    if not text or len(text) > _MAX_RULE_LENGTH:
        raise RuleError("rule: empty or longer than 500 characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise RuleError(f"rule '{text}': syntax error ({exc.msg})") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise RuleError(f"rule '{text}': {type(node).__name__} is not allowed")
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
            raise RuleError(f"rule '{text}': only numbers may appear as constants")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords:
                raise RuleError(f"rule '{text}': only abs(), min() and max() may be called")
        elif isinstance(node, ast.Name) and node.id not in _FUNCTIONS:
            names.add(node.id)
    if severity not in (ERROR, WARNING):
        raise RuleError(f"rule '{text}': severity must be error or warning")
    if known is not None:
        unknown = sorted(names - set(known))
        if unknown:
            raise RuleError(f"rule '{text}': unknown indicator code(s) {', '.join(unknown)}")
    if not isinstance(tree.body, ast.Compare | ast.BoolOp) and not (
            isinstance(tree.body, ast.UnaryOp) and isinstance(tree.body.op, ast.Not)):
        raise RuleError(f"rule '{text}': must be a comparison (e.g. a <= b)")
    return Rule(expression=text, names=frozenset(names), tree=tree, severity=severity, message_vi=message_vi,
                message_en=message_en, code=code)


def _eval(node: ast.AST, values: Mapping[str, float | None]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        value = values[node.id]
        assert value is not None  # evaluate() returned early on a missing value
        return float(value)
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        if isinstance(node.op, ast.Not):
            return not operand
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right
    if isinstance(node, ast.BoolOp):
        results = (_eval(v, values) for v in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = _eval(comp, values)
            if not _compare(op, left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return _FUNCTIONS[node.func.id](*(_eval(a, values) for a in node.args))
    raise RuleError(f"{type(node).__name__} is not allowed")  # unreachable after parse_rule


_EPS = 1e-9


def _compare(op: ast.cmpop, a: float, b: float) -> bool:
    # A small tolerance so that 100 * 30 / 30 == 100 holds despite binary floating point.
    if isinstance(op, ast.Lt):
        return a < b - _EPS
    if isinstance(op, ast.LtE):
        return a <= b + _EPS
    if isinstance(op, ast.Gt):
        return a > b + _EPS
    if isinstance(op, ast.GtE):
        return a >= b - _EPS
    if isinstance(op, ast.Eq):
        return abs(a - b) <= _EPS * max(1.0, abs(a), abs(b))
    return abs(a - b) > _EPS * max(1.0, abs(a), abs(b))


def check_rules(rules: Iterable[Rule], values: Mapping[str, float | None]) -> list[Issue]:
    issues = []
    for rule in rules:
        if rule.evaluate(values) is False:
            first = sorted(rule.names)[0] if rule.names else ""
            vi = rule.message_vi or f"vi phạm quy tắc {rule.expression}"
            en = rule.message_en or f"breaks the rule {rule.expression}"
            issues.append(Issue(rule.severity, "rule", first, vi, en, codes=tuple(sorted(rule.names))))
    return issues


# ---- outliers -----------------------------------------------------------------------------------------------


def median(xs: Sequence[float]) -> float:
    s = sorted(xs)
    n = len(s)
    if n == 0:
        raise ValueError("median of nothing")
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


def robust_z(x: float, reference: Sequence[float]) -> float | None:
    """The modified z-score 0.6745 (x - median) / MAD of `x` against `reference`.

    None with too few reference points. When more than half the reference is identical the MAD is zero; the mean
    absolute deviation (scaled by 1.2533, the normal-consistent factor) stands in, as Iglewicz and Hoaglin advise.
    """
    if len(reference) < MIN_REFERENCE:
        return None
    med = median(reference)
    mad = median([abs(r - med) for r in reference])
    if mad > 0:
        return _MAD_SCALE * (x - med) / mad
    mean_ad = sum(abs(r - med) for r in reference) / len(reference)
    if mean_ad > 0:
        return (x - med) / (1.2533 * mean_ad)
    return 0.0 if x == med else math.inf * (1 if x > med else -1)


def is_relative(spec: IndicatorSpec) -> bool:
    """Counts and open-ended amounts change relatively (a province's dossier count is not comparable to another's,
    its growth rate is); shares and 0-1 scores change absolutely."""
    if spec.value_type == "count":
        return True
    return spec.value_type == "number" and not (spec.max_value is not None and spec.max_value <= 1)


def change(previous: float | None, current: float | None, relative: bool) -> float | None:
    """The change from the previous period, relative or absolute (see `is_relative`)."""
    if previous is None or current is None:
        return None
    if relative:
        if previous == 0:
            return None
        return (current - previous) / abs(previous)
    return current - previous


def check_outlier(spec: IndicatorSpec, previous: float | None, current: float | None,
                  reference_changes: Sequence[float], threshold: float = OUTLIER_Z) -> list[Issue]:
    """A warning when the change from the last period is far from how the indicator usually changes."""
    if spec.value_type == "yes_no":
        return []
    relative = is_relative(spec)
    delta = change(previous, current, relative)
    if delta is None:
        return []
    z = robust_z(delta, reference_changes)
    if z is None or abs(z) <= threshold:
        return []
    shown = f"{delta * 100:+.1f} %" if relative else f"{delta:+.4g}"
    zt = "∞" if math.isinf(z) else f"{abs(z):.1f}"
    return [Issue(WARNING, "outlier", spec.code,
                  f"thay đổi bất thường so với kỳ trước ({shown}; z = {zt} > {threshold:g}); cần giải trình",
                  f"unusual change from the last period ({shown}; z = {zt} > {threshold:g}); explain it")]


# ---- the whole set ------------------------------------------------------------------------------------------


def validate(
    specs: Sequence[IndicatorSpec], values: Mapping[str, float | None], *, rules: Iterable[Rule] = (),
    previous: Mapping[str, float | None] | None = None, reference_changes: Mapping[str, Sequence[float]] | None = None,
    require_all: bool = True,
) -> list[Issue]:
    """Every issue of one unit's set of values; `require_all=False` for a draft (missing values are not errors)."""
    issues: list[Issue] = []
    for spec in specs:
        issues += check_value(spec, values.get(spec.code))
    if require_all:
        issues += check_required(specs, values)
    issues += check_rules(rules, values)
    prev = previous or {}
    refs = reference_changes or {}
    for spec in specs:
        issues += check_outlier(spec, prev.get(spec.code), values.get(spec.code), refs.get(spec.code, ()))
    return issues


def completeness(required_codes: Iterable[str], values: Mapping[str, float | None]) -> float:
    """Share (0-1) of the required indicators that have a value; 1.0 when nothing is required."""
    codes = list(required_codes)
    if not codes:
        return 1.0
    return sum(1 for c in codes if values.get(c) is not None) / len(codes)
