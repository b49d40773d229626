"""A methodology is versioned data: a tree index -> groups/pillars -> main indicators -> components, loaded from YAML.

A file describes the tree either nested (`root:` with `children:`) or flat (`nodes:` each naming its `parent`);
both are validated into frozen dataclasses, and every error names the offending node. Weights are maximum
points (`points`) as the DTI publishes them; `split: equal` on a parent shares its points equally among
children that declare none (used where the official split is unknown and assumed).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

NORMALISATIONS = ("share", "minmax", "zscore", "target", "threshold", "yesno")
MISSING_POLICIES = ("zero", "reweight", "group_mean")
AGGREGATIONS = ("arithmetic", "geometric")
METHODOLOGY_DIR = Path(__file__).resolve().parent.parent / "methodologies"
#: Points of children must add up to their parent's declared points within this tolerance.
POINTS_TOLERANCE = 1e-6
_PARAM_KEYS = {"max_points", "min", "max", "target", "scale", "mean", "std", "total_points", "group"}


class MethodologyError(ValueError):
    """A methodology file is inconsistent; the message names the node (or the methodology field)."""


@dataclass(frozen=True)
class Node:
    """One node of the tree; `points` is its maximum points (its weight among its siblings)."""

    code: str
    name_vi: str
    name_en: str = ""
    points: float = 1.0
    normalisation: str = "share"
    params: dict[str, float] = field(default_factory=dict, hash=False)
    higher_is_better: bool = True
    children: tuple[Node, ...] = ()
    assumed: bool = False
    aggregation: str | None = None  # None: the methodology's aggregation
    missing_policy: str | None = None  # None: the methodology's policy
    note: str = ""

    def walk(self) -> list[Node]:
        """This node and all below it, depth first, in file order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    @property
    def is_group(self) -> bool:
        """A grouping node (e.g. "nền tảng chung"): its children are the main indicators."""
        return bool(self.params.get("group"))


@dataclass(frozen=True)
class Pillar:
    """A pillar (trụ cột) as a named set of nodes; `assumed` where the official mapping is not known."""

    code: str
    name_vi: str
    name_en: str
    nodes: tuple[str, ...]
    assumed: bool = False


@dataclass(frozen=True)
class Methodology:
    code: str
    version: str
    title: str
    legal_basis: str
    unit_kind: str
    root: Node
    pillars: dict[str, tuple[str, ...]]
    pillar_names: dict[str, str]
    ranking_groups: tuple[str, ...]
    missing_policy: str = "zero"
    aggregation: str = "arithmetic"
    notes: str = ""
    period_from: int | None = None
    period_to: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    pillar_details: tuple[Pillar, ...] = ()
    assumptions: tuple[str, ...] = ()
    _by_code: dict[str, Node] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {n.code: n for n in self.root.walk()})

    @property
    def all_main_indicators(self) -> tuple[Node, ...]:
        """The main-indicator level: the children of group nodes, or the root's children."""
        level: list[Node] = []
        for child in self.root.children:
            level.extend(child.children if child.is_group else [child])
        return tuple(level)

    @property
    def main_indicators(self) -> tuple[Node, ...]:
        """The scored main indicators (points > 0): the level published as 0-1 values."""
        return tuple(n for n in self.all_main_indicators if n.points > 0)

    def node(self, code: str) -> Node:
        try:
            return self._index()[code]
        except KeyError:
            raise KeyError(f"{self.code}: no node '{code}'") from None

    def _index(self) -> dict[str, Node]:
        return self._by_code

    @property
    def codes(self) -> set[str]:
        return set(self._index())

    @property
    def is_assumed(self) -> bool:
        """True when any node or pillar is marked assumed: the published index cannot be reproduced exactly."""
        return any(n.assumed for n in self.root.walk()) or any(p.assumed for p in self.pillar_details)

    def used_for(self, period: int) -> bool:
        """Whether the methodology is the one of that period (year) of assessment."""
        return (self.period_from is None or self.period_from <= period) and (
            self.period_to is None or period <= self.period_to)


def _float(value: Any, where: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise MethodologyError(f"{where}: '{value}' is not a number") from None
    if not math.isfinite(out):
        raise MethodologyError(f"{where}: '{value}' is not a finite number")
    return out


def _params(data: Mapping[str, Any], code: str) -> dict[str, float]:
    raw = data.get("params") or {}
    if not isinstance(raw, Mapping):
        raise MethodologyError(f"node '{code}': params must be a mapping")
    unknown = set(raw) - _PARAM_KEYS
    if unknown:
        raise MethodologyError(f"node '{code}': unknown params {', '.join(sorted(unknown))}")
    params = {k: _float(v, f"node '{code}': params.{k}") for k, v in raw.items() if k != "group"}
    if raw.get("group") or data.get("group"):
        params["group"] = 1.0
    return params


def _node(data: Any, path: str, inherited_points: float | None = None) -> Node:
    if not isinstance(data, Mapping):
        raise MethodologyError(f"{path}: a node must be a mapping, not {type(data).__name__}")
    code = str(data.get("code", "")).strip()
    if not code:
        raise MethodologyError(f"{path}: a node has no code")
    norm = str(data.get("normalisation", "share"))
    if norm not in NORMALISATIONS:
        raise MethodologyError(f"node '{code}': unknown normalisation '{norm}' (one of {', '.join(NORMALISATIONS)})")
    params = _params(data, code)
    if norm == "minmax":
        if not {"min", "max"} <= params.keys():
            raise MethodologyError(f"node '{code}': min-max normalisation needs params min and max (fixed goalposts)")
        if params["min"] == params["max"]:
            raise MethodologyError(f"node '{code}': min-max goalposts are equal ({params['min']:g})")
    if norm in ("target", "threshold"):
        if "target" not in params:
            raise MethodologyError(f"node '{code}': {norm} normalisation needs params target")
        if params["target"] == 0 and "scale" not in params:
            raise MethodologyError(f"node '{code}': {norm} normalisation needs a non-zero target")
    if "max_points" in params and params["max_points"] <= 0:
        raise MethodologyError(f"node '{code}': params.max_points must be positive")
    aggregation = data.get("aggregation")
    if aggregation is not None and aggregation not in AGGREGATIONS:
        raise MethodologyError(f"node '{code}': unknown aggregation '{aggregation}'")
    missing = data.get("missing_policy")
    if missing is not None and missing not in MISSING_POLICIES:
        raise MethodologyError(f"node '{code}': unknown missing_policy '{missing}'")

    declared = data.get("points", data.get("weight"))
    points = _float(declared, f"node '{code}': points") if declared is not None else inherited_points
    if points is not None and points < 0:
        raise MethodologyError(f"node '{code}': points must not be negative")
    raw_children = data.get("children") or []
    if not isinstance(raw_children, list):
        raise MethodologyError(f"node '{code}': children must be a list")
    split = data.get("split")
    if split not in (None, "equal"):
        raise MethodologyError(f"node '{code}': unknown split '{split}' (only 'equal')")
    share: float | None = None
    if split == "equal":
        if points is None:
            raise MethodologyError(f"node '{code}': split equal needs the node's points")
        if not raw_children:
            raise MethodologyError(f"node '{code}': split equal without children")
        share = points / len(raw_children)
    children = tuple(_node(c, f"{path}/{code}", share) for c in raw_children)
    total = sum(c.points for c in children)
    target_total = params.get("total_points", points if declared is not None or split else None)
    if children and target_total is not None and abs(total - target_total) > POINTS_TOLERANCE * max(1.0, target_total):
        raise MethodologyError(
            f"node '{code}': children's points add up to {total:g}, not the declared {target_total:g}")
    if children and total <= 0:
        raise MethodologyError(f"node '{code}': children's points add up to 0")
    if points is None:
        points = total if children else 1.0
    return Node(code=code, name_vi=str(data.get("name_vi", code)), name_en=str(data.get("name_en", "")),
                points=points, normalisation=norm, params=params,
                higher_is_better=bool(data.get("higher_is_better", True)), children=children,
                assumed=bool(data.get("assumed", False)), aggregation=aggregation, missing_policy=missing,
                note=str(data.get("note", "")))


def _tree_from_flat(nodes: Any) -> dict[str, Any]:
    """Nest a flat `nodes:` list (each with `parent`), refusing duplicates, unknown parents and cycles."""
    if not isinstance(nodes, list) or not nodes:
        raise MethodologyError("methodology: 'nodes' must be a non-empty list")
    by_code: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(nodes):
        if not isinstance(item, Mapping) or not str(item.get("code", "")).strip():
            raise MethodologyError(f"nodes[{i}]: a node has no code")
        code = str(item["code"]).strip()
        if code in by_code:
            raise MethodologyError(f"node '{code}': duplicate code")
        by_code[code] = {k: v for k, v in item.items() if k != "parent"} | {"children": [],
                                                                              "_parent": item.get("parent")}
    for code, item in by_code.items():
        parent = item["_parent"]
        if parent is not None and str(parent) not in by_code:
            raise MethodologyError(f"node '{code}': unknown parent '{parent}'")
    for code in by_code:  # walk up from every node; meeting it again is a cycle
        seen = [code]
        parent = by_code[code]["_parent"]
        while parent is not None:
            parent = str(parent)
            if parent in seen:
                cycle = " -> ".join([*seen[seen.index(parent):], parent])
                raise MethodologyError(f"node '{parent}': cycle {cycle}")
            seen.append(parent)
            parent = by_code[parent]["_parent"]
    roots = [c for c, item in by_code.items() if item["_parent"] is None]
    if len(roots) != 1:
        raise MethodologyError(f"methodology: exactly one node must have no parent, found {', '.join(roots) or 'none'}")
    for item in by_code.values():
        if item["_parent"] is not None:
            by_code[str(item["_parent"])]["children"].append(item)
    for item in by_code.values():
        del item["_parent"]
    return by_code[roots[0]]


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise MethodologyError(f"methodology: {where} '{value}' is not a date (YYYY-MM-DD)") from None


def parse_methodology(data: Any) -> Methodology:
    """Validate a methodology given as parsed YAML/JSON; raise MethodologyError naming the node."""
    if not isinstance(data, Mapping):
        raise MethodologyError("methodology: the file must hold a mapping")
    for key in ("code", "version", "title"):
        if key not in data:
            raise MethodologyError(f"methodology: missing '{key}'")
    if "root" in data and "nodes" in data:
        raise MethodologyError("methodology: give either 'root' (nested) or 'nodes' (flat), not both")
    if "root" in data:
        tree = data["root"]
    elif "nodes" in data:
        tree = _tree_from_flat(data["nodes"])
    else:
        raise MethodologyError("methodology: missing 'root'")
    root = _node(tree, "root")
    seen: set[str] = set()
    for n in root.walk():
        if n.code in seen:
            raise MethodologyError(f"node '{n.code}': duplicate code")
        seen.add(n.code)
    policy = data.get("missing_policy", "zero")
    if policy not in MISSING_POLICIES:
        raise MethodologyError(f"methodology: unknown missing_policy '{policy}'")
    aggregation = data.get("aggregation", "arithmetic")
    if aggregation not in AGGREGATIONS:
        raise MethodologyError(f"methodology: unknown aggregation '{aggregation}'")
    for n in root.walk():  # a geometric mean of z-scores (negative) has no meaning
        if n.children and (n.aggregation or aggregation) == "geometric":
            bad = [c.code for c in n.children if c.normalisation == "zscore"]
            if bad:
                raise MethodologyError(f"node '{n.code}': geometric aggregation of z-scores ({', '.join(bad)})")
    pillar_details: list[Pillar] = []
    raw_pillars = data.get("pillars") or {}
    if not isinstance(raw_pillars, Mapping):
        raise MethodologyError("methodology: pillars must be a mapping")
    for pcode, spec in raw_pillars.items():
        if not isinstance(spec, Mapping) or not spec.get("nodes"):
            raise MethodologyError(f"pillar '{pcode}': needs a list of nodes")
        for code in spec["nodes"]:
            if code not in seen:
                raise MethodologyError(f"pillar '{pcode}': unknown node '{code}'")
        pillar_details.append(Pillar(code=str(pcode), name_vi=str(spec.get("name_vi", pcode)),
                                     name_en=str(spec.get("name_en", "")), nodes=tuple(spec["nodes"]),
                                     assumed=bool(spec.get("assumed", False))))
    groups = tuple(str(g) for g in (data.get("ranking_groups") or ("province",)))
    if len(set(groups)) != len(groups):
        raise MethodologyError("methodology: duplicate ranking group")
    periods = data.get("periods") or {}
    period_from = int(periods["from"]) if periods.get("from") is not None else None
    period_to = int(periods["to"]) if periods.get("to") is not None else None
    if period_from is not None and period_to is not None and period_to < period_from:
        raise MethodologyError(f"methodology: periods end {period_to} before they start {period_from}")
    return Methodology(
        code=str(data["code"]), version=str(data["version"]), title=str(data["title"]),
        legal_basis=str(data.get("legal_basis", "")), unit_kind=str(data.get("unit_kind", "province")), root=root,
        pillars={p.code: p.nodes for p in pillar_details}, pillar_names={p.code: p.name_vi for p in pillar_details},
        ranking_groups=groups, missing_policy=policy, aggregation=aggregation, notes=str(data.get("notes", "")).strip(),
        period_from=period_from, period_to=period_to, valid_from=_date(data.get("valid_from"), "valid_from"),
        valid_to=_date(data.get("valid_to"), "valid_to"), pillar_details=tuple(pillar_details),
        assumptions=tuple(str(a) for a in data.get("assumptions") or ()),
    )


def load_methodology(code_or_path: str | Path) -> Methodology:
    """A shipped methodology by code (`dti-province-922`) or any YAML/JSON file by path."""
    path = Path(code_or_path)
    if not path.suffix:
        path = METHODOLOGY_DIR / f"{code_or_path}.yaml"
    if not path.exists():
        raise MethodologyError(f"methodology '{code_or_path}' not found")
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise MethodologyError(f"{path.name}: not valid YAML ({exc})") from None
    try:
        return parse_methodology(data)
    except MethodologyError as exc:
        raise MethodologyError(f"{path.name}: {exc}") from None


def iter_methodology_files() -> Iterator[Path]:
    yield from sorted(METHODOLOGY_DIR.glob("*.yaml"))


def available_methodologies() -> list[Methodology]:
    return [load_methodology(p) for p in iter_methodology_files()]


def methodology_for(period: int, unit_kind: str = "province") -> Methodology | None:
    """The shipped methodology used for a year of assessment and a kind of unit (the latest if several)."""
    fitting = [m for m in available_methodologies() if m.unit_kind == unit_kind and m.used_for(period)]
    return max(fitting, key=lambda m: (m.period_from or 0, m.code)) if fitting else None
