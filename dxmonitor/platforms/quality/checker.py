"""A streaming checker: reads a CSV row by row, applies the profile's rules, keeps scores and failures.

Scores: a rule's score is the share of rows that pass it; a dimension's score is the weighted mean of its
rules' scores; the overall score is the mean of the four dimensions. A row that fails a "required" rule is
not judged by the other rules of that field (it counts as passing them), so one gap is not counted twice.
Thresholds used by the pages: green >= 0.90, amber >= 0.75, red below (a practitioners' reading, UNCERTAIN).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import yaml

PROFILES = Path(__file__).parent / "profiles"
DIMENSIONS = ("correct", "complete", "clean", "live")
MAX_BYTES = 50 * 1024 * 1024
ID_RE = re.compile(r"^\d{12}$")
GENDERS = {"nam": "male", "nữ": "female", "nu": "female", "m": "male", "f": "female", "male": "male",
           "female": "female"}


class QualityInputError(ValueError):
    """The file or the rules cannot be checked; the message says where."""


@dataclass(frozen=True)
class Rule:
    id: str
    field: str
    check: str
    dimension: str
    weight: float = 1.0
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    name: str
    columns: tuple[str, ...]
    rules: tuple[Rule, ...]
    key: str | None = None
    freshness_days: int = 365


CHECKS = ("required", "regex", "enum", "date", "unique", "nfc", "trimmed", "fresh", "personal_id", "gender",
          "province_code_on")


def load_profile(name_or_path: str | Path) -> Profile:
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILES / f"{name_or_path}.yaml"
    if not path.exists():
        raise QualityInputError(f"rules: '{name_or_path}' not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise QualityInputError(f"rules: {path.name} is not valid YAML ({exc})") from None
    rules = []
    for i, r in enumerate(data.get("rules") or [], start=1):
        where = f"rules: {path.name} rule #{i}"
        if r.get("check") not in CHECKS:
            raise QualityInputError(f"{where}: unknown check '{r.get('check')}' (one of {', '.join(CHECKS)})")
        if r.get("dimension") not in DIMENSIONS:
            raise QualityInputError(f"{where}: dimension must be one of {', '.join(DIMENSIONS)}")
        if not r.get("field"):
            raise QualityInputError(f"{where}: field is required")
        params = {k: v for k, v in r.items() if k not in ("id", "field", "check", "dimension", "weight")}
        rules.append(Rule(id=str(r.get("id") or f"{r['field']}.{r['check']}"), field=r["field"], check=r["check"],
                          dimension=r["dimension"], weight=float(r.get("weight", 1)), params=params))
    columns = tuple(data.get("columns") or sorted({r.field for r in rules}))
    return Profile(name=str(data.get("name", path.stem)), columns=columns, rules=tuple(rules), key=data.get("key"),
                   freshness_days=int(data.get("freshness_days", 365)))


@cache
def _province_validity() -> dict[str, list[tuple[dt.date | None, dt.date | None]]]:
    from dxmonitor.orgs.reference import iter_units

    out: dict[str, list[tuple[dt.date | None, dt.date | None]]] = defaultdict(list)
    for u in iter_units():
        if u.kind in ("province", "city"):
            out[u.code].append((u.valid_from, u.valid_to))
    return out


@cache
def _id_province_codes() -> frozenset[str]:
    """First three digits of a personal ID: the pre-2025 63-province codes, zero-padded (001-096)."""
    from dxmonitor.orgs.reference import iter_units

    return frozenset(f"{int(u.code):03d}" for u in iter_units(valid_on=dt.date(2025, 6, 30))
                     if u.kind in ("province", "city"))


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value[:10] if fmt == "%Y-%m-%d" else value, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def _century_digit(birth: dt.date, gender: str) -> int:
    base = {19: 0, 20: 2, 21: 4, 22: 6, 23: 8}[birth.year // 100]
    return base + (1 if gender == "female" else 0)


def _check_personal_id(value: str, row: dict[str, str]) -> str | None:
    if not ID_RE.match(value):
        return "must be 12 digits"
    if value[:3] not in _id_province_codes():
        return f"positions 1-3 '{value[:3]}' are not a province code (001-096)"
    birth = _date(row.get("birth_date", "").strip())
    gender = GENDERS.get(unicodedata.normalize("NFC", row.get("gender", "")).strip().lower())
    if birth is not None and gender is not None and 1900 <= birth.year <= 2399:
        if int(value[3]) != _century_digit(birth, gender):
            return f"position 4 '{value[3]}' does not match the century of birth and the gender"
        if value[4:6] != f"{birth.year % 100:02d}":
            return f"positions 5-6 '{value[4:6]}' do not match the year of birth {birth.year}"
    return None


@dataclass
class CheckResult:
    rows: int = 0
    passed: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    judged: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    failures: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    failures_total: int = 0

    def scores(self, profile: Profile) -> dict[str, float | None]:
        by_dim: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for rule in profile.rules:
            judged = self.judged[rule.id]
            score = self.passed[rule.id] / judged if judged else 1.0
            by_dim[rule.dimension].append((score, rule.weight))
        out: dict[str, float | None] = {}
        for dim in DIMENSIONS:
            items = by_dim.get(dim)
            out[dim] = round(sum(s * w for s, w in items) / sum(w for _, w in items), 4) if items else None
        present = [v for v in out.values() if v is not None]
        out["overall"] = round(sum(present) / len(present), 4) if present else None
        return out

    def rule_scores(self, profile: Profile) -> list[dict[str, Any]]:
        return [{"rule": r.id, "field": r.field, "dimension": r.dimension,
                 "score": round(self.passed[r.id] / self.judged[r.id], 4) if self.judged[r.id] else None}
                for r in profile.rules]


def _rows(stream: BinaryIO, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    csv_reader = csv.reader(text)
    try:
        header = next(csv_reader)
    except StopIteration:
        raise QualityInputError("file: empty (no header line)") from None
    header = [unicodedata.normalize("NFC", h).strip() for h in header]
    missing = [c for c in columns if c not in header]
    if missing:
        raise QualityInputError(f"file: missing columns {', '.join(missing)}")
    for n, values in enumerate(csv_reader, start=1):
        if len(values) != len(header):
            raise QualityInputError(f"line {n + 1}: {len(values)} values for {len(header)} columns")
        yield n, dict(zip(header, values, strict=True))


def check_stream(stream: BinaryIO, profile: Profile, *, as_of: dt.date, max_failures: int = 1000) -> CheckResult:
    result = CheckResult()
    seen: dict[str, set[str]] = defaultdict(set)
    fresh_limit = as_of - dt.timedelta(days=profile.freshness_days)
    try:
        for n, raw in _rows(stream, profile.columns):
            result.rows = n
            row = {k: v if v.isascii() or unicodedata.is_normalized("NFC", v) else unicodedata.normalize("NFC", v)
                   for k, v in raw.items()}
            missing = {f for f in profile.columns if not row.get(f, "").strip()}
            for rule in profile.rules:
                value = row.get(rule.field, "").strip()
                problem: str | None = None
                if rule.check == "required":
                    problem = "is empty" if rule.field in missing else None
                elif rule.field in missing:
                    problem = None  # already counted as incomplete
                elif rule.check == "regex":
                    problem = None if re.fullmatch(str(rule.params["pattern"]), value) else "does not match the pattern"
                elif rule.check == "enum":
                    problem = None if value in rule.params["values"] else f"'{value}' is not an accepted value"
                elif rule.check == "date":
                    problem = None if _date(value) else f"'{value}' is not a date (YYYY-MM-DD)"
                elif rule.check == "unique":
                    problem = "duplicate" if value in seen[rule.id] else None
                    seen[rule.id].add(value)
                elif rule.check == "nfc":
                    problem = None if raw.get(rule.field, "") == row.get(rule.field) else "text is not NFC"
                elif rule.check == "trimmed":
                    original = raw.get(rule.field, "")
                    problem = None if original == original.strip() and "  " not in original else "extra spaces"
                elif rule.check == "fresh":
                    d = _date(value)
                    problem = None if d is None or d >= fresh_limit else f"not updated since {d.isoformat()}"
                elif rule.check == "personal_id":
                    problem = _check_personal_id(value, row)
                elif rule.check == "gender":
                    problem = None if value.lower() in GENDERS else f"'{value}' is not Nam/Nữ (or M/F)"
                elif rule.check == "province_code_on":
                    d = _date(row.get(str(rule.params.get("on_field", "")), "").strip()) or as_of
                    spans = _province_validity().get(value.zfill(2) if value.isdigit() else value, [])
                    ok = any((a is None or a <= d) and (b is None or d <= b) for a, b in spans)
                    problem = None if ok else f"'{value}' is not a province code valid on {d.isoformat()}"
                result.judged[rule.id] += 1
                if problem is None:
                    result.passed[rule.id] += 1
                else:
                    result.failures_total += 1
                    if len(result.failures) < max_failures:
                        result.failures.append({"row": n, "field": rule.field, "rule": rule.id,
                                                "dimension": rule.dimension, "value": raw.get(rule.field, ""),
                                                "message": problem})
    except UnicodeDecodeError as exc:
        raise QualityInputError(f"file: not UTF-8 text (byte {exc.start} of a read block); save it as UTF-8") from None
    return result


def check_file(path: Path, profile: Profile, *, as_of: dt.date, max_bytes: int | None = MAX_BYTES,
               max_failures: int = 1000) -> CheckResult:
    if not path.exists():
        raise QualityInputError(f"file: {path} not found")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise QualityInputError(f"file: {size / 1024 / 1024:.1f} MB is over the {max_bytes // 1024 // 1024} MB limit")
    with path.open("rb") as fh:
        return check_stream(fh, profile, as_of=as_of, max_failures=max_failures)
