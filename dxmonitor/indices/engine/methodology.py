"""A methodology is versioned data: a tree index -> pillars/groups -> main indicators -> components."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

NORMALISATIONS = ("share", "minmax", "zscore", "target", "threshold", "yesno")
MISSING_POLICIES = ("zero", "reweight", "group_mean")
AGGREGATIONS = ("arithmetic", "geometric")
METHODOLOGY_DIR = Path(__file__).resolve().parent.parent / "methodologies"


class MethodologyError(ValueError):
    """A methodology file is inconsistent; the message names the node."""


@dataclass(frozen=True)
class Node:
    code: str
    name_vi: str
    name_en: str = ""
    points: float = 1.0
    normalisation: str = "share"
    params: dict[str, float] = field(default_factory=dict)
    higher_is_better: bool = True
    children: tuple[Node, ...] = ()
    assumed: bool = False

    def walk(self) -> list[Node]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


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

    @property
    def main_indicators(self) -> tuple[Node, ...]:
        """The level published as 0-1 values: the children of group nodes, or the root's children."""
        level: list[Node] = []
        for child in self.root.children:
            level.extend(child.children if child.params.get("group") else [child])
        return tuple(level)

    def node(self, code: str) -> Node:
        for n in self.root.walk():
            if n.code == code:
                return n
        raise KeyError(code)

    @property
    def codes(self) -> set[str]:
        return {n.code for n in self.root.walk()}


def _node(data: dict[str, Any], path: str) -> Node:
    code = str(data.get("code", "")).strip()
    if not code:
        raise MethodologyError(f"{path}: a node has no code")
    norm = data.get("normalisation", "share")
    if norm not in NORMALISATIONS:
        raise MethodologyError(f"node '{code}': unknown normalisation '{norm}' (one of {', '.join(NORMALISATIONS)})")
    params = {k: float(v) for k, v in (data.get("params") or {}).items() if k != "group"}
    if data.get("params", {}).get("group"):
        params["group"] = 1.0
    if norm == "minmax" and not {"min", "max"} <= params.keys():
        raise MethodologyError(f"node '{code}': min-max normalisation needs params min and max (fixed goalposts)")
    if norm in ("target", "threshold") and "target" not in params:
        raise MethodologyError(f"node '{code}': {norm} normalisation needs params target")
    points = float(data.get("points", data.get("weight", 1.0)))
    if points < 0:
        raise MethodologyError(f"node '{code}': points must not be negative")
    children = tuple(_node(c, f"{path}/{code}") for c in data.get("children") or [])
    return Node(code=code, name_vi=str(data.get("name_vi", code)), name_en=str(data.get("name_en", "")), points=points,
                normalisation=norm, params=params, higher_is_better=bool(data.get("higher_is_better", True)),
                children=children, assumed=bool(data.get("assumed", False)))


def parse_methodology(data: dict[str, Any]) -> Methodology:
    for key in ("code", "version", "title", "root"):
        if key not in data:
            raise MethodologyError(f"methodology: missing '{key}'")
    root = _node(data["root"], "root")
    seen: set[str] = set()
    for n in root.walk():
        if n.code in seen:
            raise MethodologyError(f"node '{n.code}': duplicate code")
        seen.add(n.code)
        if n.children:
            total = sum(c.points for c in n.children)
            declared = n.params.get("total_points")
            if declared is not None and abs(total - declared) > 1e-9:
                raise MethodologyError(
                    f"node '{n.code}': children's points add up to {total:g}, not the declared {declared:g}")
    pillars = {str(k): tuple(v["nodes"]) for k, v in (data.get("pillars") or {}).items()}
    for pillar, codes in pillars.items():
        for code in codes:
            if code not in seen:
                raise MethodologyError(f"pillar '{pillar}': unknown node '{code}'")
    policy = data.get("missing_policy", "zero")
    if policy not in MISSING_POLICIES:
        raise MethodologyError(f"methodology: unknown missing_policy '{policy}'")
    aggregation = data.get("aggregation", "arithmetic")
    if aggregation not in AGGREGATIONS:
        raise MethodologyError(f"methodology: unknown aggregation '{aggregation}'")
    return Methodology(
        code=str(data["code"]), version=str(data["version"]), title=str(data["title"]),
        legal_basis=str(data.get("legal_basis", "")), unit_kind=str(data.get("unit_kind", "province")), root=root,
        pillars=pillars, pillar_names={str(k): str(v.get("name_vi", k)) for k, v in (data.get("pillars") or {}).items()},
        ranking_groups=tuple(data.get("ranking_groups") or ("province",)), missing_policy=policy,
        aggregation=aggregation, notes=str(data.get("notes", "")),
    )


def load_methodology(code_or_path: str | Path) -> Methodology:
    path = Path(code_or_path)
    if not path.suffix:
        path = METHODOLOGY_DIR / f"{code_or_path}.yaml"
    if not path.exists():
        raise MethodologyError(f"methodology '{code_or_path}' not found")
    with path.open(encoding="utf-8") as fh:
        return parse_methodology(yaml.safe_load(fh))


def available_methodologies() -> list[Methodology]:
    return [load_methodology(p) for p in sorted(METHODOLOGY_DIR.glob("*.yaml"))]
