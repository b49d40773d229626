"""Scores of a checked dataset (per rule, field, dimension, overall), their colours, and the failures CSV.

Formulas (documented in docs/data-quality.md):
- rule score = rows passing the rule / rows the rule judges. A rule does not judge an empty value (only
  `required` does, so one gap counts once) nor a value another rule already found unusable (a freshness rule
  does not judge a date that is not a date). A rule that judged no row has no score and is left out above.
- field score, dimension score = weighted mean of the scores of the rules on that field / in that dimension,
  with the rules' weights.
- overall = weighted mean of the dimension scores that exist, with the rule set's dimension weights (1 each).
Colours: green >= 0.90, amber >= 0.75, red below; a practitioners' reading, UNCERTAIN (facts-vn §6.1).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dxmonitor.platforms.quality.rules import DIMENSIONS, Rule, RuleSet

GREEN_FROM = 0.90
AMBER_FROM = 0.75
FAILURE_COLUMNS = ("row", "field", "rule", "dimension", "value", "message")
DIGITS = 4


def rating(score: float | None) -> str:
    """"green", "amber", "red", or "none" when there is no score (thresholds UNCERTAIN)."""
    if score is None:
        return "none"
    if score >= GREEN_FROM:
        return "green"
    if score >= AMBER_FROM:
        return "amber"
    return "red"


@dataclass(frozen=True)
class Failure:
    row: int  # 1-based data row, header excluded
    field: str
    rule: str
    dimension: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "rule": self.rule, "dimension": self.dimension,
                "value": self.value, "message": self.message}


@dataclass(frozen=True)
class RuleScore:
    rule: str
    field: str
    dimension: str
    weight: float
    judged: int
    passed: int

    @property
    def failed(self) -> int:
        return self.judged - self.passed

    @property
    def score(self) -> float | None:
        return self.passed / self.judged if self.judged else None


def weighted_mean(items: Iterable[tuple[float | None, float]]) -> float | None:
    pairs = [(s, w) for s, w in items if s is not None]
    total = sum(w for _, w in pairs)
    return sum(s * w for s, w in pairs) / total if total else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


@dataclass(frozen=True)
class QualityReport:
    """The result of one check: what the CLI prints and what the pages store per database over time."""

    ruleset: str
    as_of: dt.date
    rows: int
    rule_scores: tuple[RuleScore, ...]
    dimension_weights: Mapping[str, float]
    failures: tuple[Failure, ...]  # the first `max_failures`, in row order
    failures_total: int
    input: Mapping[str, Any] = field(default_factory=dict)  # size, encoding, NFD cells per column, seconds

    @property
    def scores(self) -> dict[str, float | None]:
        """{correct, complete, clean, live, overall}, each in [0, 1] or None."""
        dims = {
            dim: weighted_mean((r.score, r.weight) for r in self.rule_scores if r.dimension == dim)
            for dim in DIMENSIONS
        }
        overall = weighted_mean((dims[d], self.dimension_weights.get(d, 1.0)) for d in DIMENSIONS)
        return {**{d: _round(v) for d, v in dims.items()}, "overall": _round(overall)}

    @property
    def field_scores(self) -> dict[str, dict[str, float | None]]:
        """Per field: the overall field score and its score in each dimension that has rules on it."""
        out: dict[str, dict[str, float | None]] = {}
        for name in dict.fromkeys(r.field for r in self.rule_scores):
            rules = [r for r in self.rule_scores if r.field == name]
            entry = {"score": _round(weighted_mean((r.score, r.weight) for r in rules))}
            for dim in DIMENSIONS:
                in_dim = [(r.score, r.weight) for r in rules if r.dimension == dim]
                if in_dim:
                    entry[dim] = _round(weighted_mean(in_dim))
            out[name] = entry
        return out

    def ratings(self) -> dict[str, str]:
        return {k: rating(v) for k, v in self.scores.items()}

    def to_dict(self, max_failures: int | None = None) -> dict[str, Any]:
        """The JSON document of `dxmonitor data check --format json`."""
        shown = self.failures if max_failures is None else self.failures[:max_failures]
        return {
            "rows": self.rows,
            "scores": self.scores,
            "failures": [{"row": f.row, "field": f.field, "rule": f.rule, "dimension": f.dimension} for f in shown],
            "failures_total": self.failures_total,
            "failures_left_out": self.failures_total - len(shown),
            "ratings": self.ratings(),
            "rules": [
                {"rule": r.rule, "field": r.field, "dimension": r.dimension, "weight": r.weight, "judged": r.judged,
                 "failed": r.failed, "score": _round(r.score)}
                for r in self.rule_scores
            ],
            "fields": self.field_scores,
            "ruleset": self.ruleset,
            "as_of": self.as_of.isoformat(),
            "input": dict(self.input),
        }


def rule_scores(ruleset: RuleSet, judged: Mapping[str, int], passed: Mapping[str, int]) -> tuple[RuleScore, ...]:
    def one(rule: Rule) -> RuleScore:
        return RuleScore(rule=rule.id, field=rule.field, dimension=rule.dimension, weight=rule.weight,
                         judged=judged.get(rule.id, 0), passed=passed.get(rule.id, 0))

    return tuple(one(r) for r in ruleset.rules)


class FailureWriter:
    """Writes every failure to a CSV next to the target and renames it into place only when the check succeeds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        self._fh: IO[str] = self.partial.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(FAILURE_COLUMNS)

    def write(self, failure: Failure) -> None:
        self._writer.writerow((failure.row, failure.field, failure.rule, failure.dimension, failure.value,
                               failure.message))

    def commit(self) -> None:
        self._fh.close()
        os.replace(self.partial, self.path)

    def abort(self) -> None:
        self._fh.close()
        self.partial.unlink(missing_ok=True)


def write_failures_csv(failures: Iterable[Failure], path: Path) -> None:
    """Write failures kept in memory (for example the capped list of a report) as the downloadable CSV."""
    writer = FailureWriter(path)
    try:
        for failure in failures:
            writer.write(failure)
    except BaseException:
        writer.abort()
        raise
    writer.commit()
