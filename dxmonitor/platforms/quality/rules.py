"""Rule sets written as data (YAML): the columns of a dataset and the rules that score it, validated on load."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dxmonitor.core.text import nfc, nfc_deep

PROFILES_DIR = Path(__file__).parent / "profiles"
DIMENSIONS = ("correct", "complete", "clean", "live")
COLUMN_TYPES = ("string", "text", "integer", "number", "date", "datetime")
#: Keys every rule may carry; the other keys of a rule are the parameters of its check.
RULE_KEYS = ("id", "field", "fields", "check", "dimension", "weight", "description")


class QualityInputError(ValueError):
    """A file or a rule set that cannot be checked; the message names the place (line, column, rule)."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"
    required: bool = False
    description: str = ""

    @property
    def is_date(self) -> bool:
        return self.type in ("date", "datetime")


@dataclass(frozen=True)
class Rule:
    """One rule: a check applied to one field (or, for `unique`, to a composite key of several)."""

    id: str
    fields: tuple[str, ...]
    check: str
    dimension: str
    weight: float = 1.0
    params: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def field(self) -> str:
        """The name reported in scores and failures ("a+b" for a composite key)."""
        return "+".join(self.fields)


@dataclass(frozen=True)
class RuleSet:
    name: str
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...]
    description: str = ""
    #: Values are NFC-normalised and trimmed before the correctness checks (the clean checks see the raw text).
    trim: bool = True
    dimension_weights: Mapping[str, float] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, 1.0))
    source: str = ""

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def needed_columns(self) -> tuple[str, ...]:
        """Every column the file must have: the declared ones, then any other named by a rule."""
        names = [c.name for c in self.columns]
        for rule in self.rules:
            for name in (*rule.fields, *rule_field_params(rule)):
                if name not in names:
                    names.append(name)
        return tuple(names)


#: Parameters that name another column (cross-field rules), by check.
FIELD_PARAMS: dict[str, tuple[str, ...]] = {
    "personal_id": ("birth_date", "gender"),
    "reference": ("valid_on",),
    "compare": ("other",),
}


def rule_field_params(rule: Rule) -> tuple[str, ...]:
    names = []
    for key in FIELD_PARAMS.get(rule.check, ()):
        value = rule.params.get(key)
        if isinstance(value, str) and not value.startswith("$"):
            names.append(value)
    return tuple(names)


def load_profile(name: str) -> RuleSet:
    """A built-in rule set shipped in `profiles/` (for example "person")."""
    path = PROFILES_DIR / f"{name}.yaml"
    if not name.replace("_", "").isalnum() or not path.is_file():
        known = ", ".join(sorted(p.stem for p in PROFILES_DIR.glob("*.yaml")))
        raise QualityInputError(f"rules: no built-in profile '{name}' (known: {known})")
    return load_rules(path)


def load_rules(path: str | Path) -> RuleSet:
    """Read and validate a rules YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QualityInputError(f"rules: file {path} not found") from None
    except UnicodeDecodeError as exc:
        raise QualityInputError(f"rules: {path.name} is not UTF-8 (byte offset {exc.start})") from None
    return parse_rules(text, source=path.name)


def parse_rules(text: str, *, source: str = "rules") -> RuleSet:
    """Parse a rules YAML text; every problem is reported with the rule number and the key at fault."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise QualityInputError(f"rules: {source} is not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise QualityInputError(f"rules: {source} must be a mapping with 'columns' and 'rules'")
    data = nfc_deep(data)
    where = f"rules: {source}"
    unknown = set(data) - {"name", "description", "columns", "rules", "trim", "dimension_weights"}
    if unknown:
        raise QualityInputError(f"{where}: unknown top-level keys {', '.join(sorted(unknown))}")

    columns = _parse_columns(data.get("columns") or [], where)
    declared = {c.name for c in columns}
    rules: list[Rule] = [
        Rule(id=f"{c.name}.required", fields=(c.name,), check="required", dimension="complete")
        for c in columns
        if c.required
    ]
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise QualityInputError(f"{where}: 'rules' must be a list")
    for number, raw in enumerate(raw_rules, start=1):
        rules.extend(_parse_rule(raw, f"{where} rule #{number}", declared))
    if not rules:
        raise QualityInputError(f"{where}: no rules (declare required columns or list rules)")
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise QualityInputError(f"{where}: rule id '{rule.id}' is used twice")
        seen.add(rule.id)

    weights = dict.fromkeys(DIMENSIONS, 1.0)
    for dim, value in (data.get("dimension_weights") or {}).items():
        if dim not in DIMENSIONS:
            raise QualityInputError(f"{where}: dimension_weights: unknown dimension '{dim}'")
        weights[dim] = _weight(value, f"{where}: dimension_weights.{dim}")
    ruleset = RuleSet(
        name=str(data.get("name") or Path(source).stem),
        description=str(data.get("description") or ""),
        columns=columns,
        rules=tuple(rules),
        trim=bool(data.get("trim", True)),
        dimension_weights=weights,
        source=source,
    )
    # Deferred import: the check registry imports this module for the dataclasses.
    from dxmonitor.platforms.quality.checks import validate_rule

    for rule in ruleset.rules:
        validate_rule(rule, ruleset, where)
    return ruleset


def _parse_columns(raw: Any, where: str) -> tuple[Column, ...]:
    if not isinstance(raw, list):
        raise QualityInputError(f"{where}: 'columns' must be a list of {{name, type, required}}")
    columns: list[Column] = []
    for number, entry in enumerate(raw, start=1):
        item = {"name": entry} if isinstance(entry, str) else entry
        if not isinstance(item, dict) or not item.get("name"):
            raise QualityInputError(f"{where}: column #{number} needs a name")
        extra = set(item) - {"name", "type", "required", "description"}
        if extra:
            raise QualityInputError(f"{where}: column '{item['name']}': unknown keys {', '.join(sorted(extra))}")
        ctype = str(item.get("type", "string"))
        if ctype not in COLUMN_TYPES:
            raise QualityInputError(
                f"{where}: column '{item['name']}': type '{ctype}' is not one of {', '.join(COLUMN_TYPES)}"
            )
        name = nfc(str(item["name"])).strip()
        if any(c.name == name for c in columns):
            raise QualityInputError(f"{where}: column '{name}' is declared twice")
        columns.append(
            Column(name=name, type=ctype, required=bool(item.get("required", False)),
                   description=str(item.get("description", "")))
        )
    return tuple(columns)


def _weight(value: Any, where: str) -> float:
    try:
        weight = float(value)
    except (TypeError, ValueError):
        raise QualityInputError(f"{where}: weight '{value}' is not a number") from None
    if not weight > 0:
        raise QualityInputError(f"{where}: weight must be above 0")
    return weight


def _parse_rule(raw: Any, where: str, declared: set[str]) -> list[Rule]:
    if not isinstance(raw, dict):
        raise QualityInputError(f"{where}: a rule is a mapping (field, check, dimension, weight, ...)")
    check = raw.get("check")
    dimension = raw.get("dimension")
    if dimension not in DIMENSIONS:
        raise QualityInputError(f"{where}: dimension '{dimension}' is not one of {', '.join(DIMENSIONS)}")
    weight = _weight(raw.get("weight", 1), where)
    if ("field" in raw) == ("fields" in raw):
        raise QualityInputError(f"{where}: give either 'field' or 'fields'")
    names = [raw["field"]] if "field" in raw else raw["fields"]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise QualityInputError(f"{where}: 'fields' must be a non-empty list of column names")
    names = [n.strip() for n in names]
    if declared:
        undeclared = [n for n in names if n not in declared]
        if undeclared:
            raise QualityInputError(f"{where}: field {', '.join(undeclared)} is not a declared column")
    params = {k: _yaml_scalar(v) for k, v in raw.items() if k not in RULE_KEYS}
    description = str(raw.get("description", ""))
    rule_id = raw.get("id")
    if check == "unique":  # several fields form one composite key
        return [Rule(id=str(rule_id or f"{'+'.join(names)}.unique"), fields=tuple(names), check="unique",
                     dimension=dimension, weight=weight, params=params, description=description)]
    if rule_id and len(names) > 1 and "{field}" not in str(rule_id):
        raise QualityInputError(f"{where}: with several fields the id must contain {{field}}")
    return [
        Rule(id=str(rule_id).replace("{field}", name) if rule_id else f"{name}.{check}", fields=(name,),
             check=str(check), dimension=dimension, weight=weight, params=params, description=description)
        for name in names
    ]


def _yaml_scalar(value: Any) -> Any:
    """YAML reads 2025-07-01 as a date: keep dates as ISO text so every parameter has one form."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_yaml_scalar(v) for v in value]
    return value
