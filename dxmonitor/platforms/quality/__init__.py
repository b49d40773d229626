"""Scoring a dataset "đúng, đủ, sạch, sống" (correct, complete, clean, live) from rules written as data.

The function API used by the CLI and, later, the upload page and the per-database score history:

    ruleset = load_profile("person")            # or load_rules(path) / parse_rules(yaml_text)
    report = check_file(path, ruleset, as_of=day, failures_path=out_csv)   # or check_stream(upload, ...)
    report.scores, report.field_scores, report.rule_scores, report.failures, report.to_dict()

A bad file or bad rules raise `QualityInputError` with a message naming the place; nothing partial is kept.
"""

from dxmonitor.platforms.quality.engine import DEFAULT_MAX_FAILURES, check_file, check_stream
from dxmonitor.platforms.quality.reader import UPLOAD_MAX_BYTES
from dxmonitor.platforms.quality.report import (
    AMBER_FROM,
    GREEN_FROM,
    Failure,
    QualityReport,
    RuleScore,
    rating,
    write_failures_csv,
)
from dxmonitor.platforms.quality.rules import (
    DIMENSIONS,
    QualityInputError,
    Rule,
    RuleSet,
    load_profile,
    load_rules,
    parse_rules,
)

__all__ = [
    "AMBER_FROM",
    "DEFAULT_MAX_FAILURES",
    "DIMENSIONS",
    "GREEN_FROM",
    "UPLOAD_MAX_BYTES",
    "Failure",
    "QualityInputError",
    "QualityReport",
    "Rule",
    "RuleScore",
    "RuleSet",
    "check_file",
    "check_stream",
    "load_profile",
    "load_rules",
    "parse_rules",
    "rating",
    "write_failures_csv",
]
