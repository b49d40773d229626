"""Methodology files: every inconsistency is refused with a message that names the node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dxmonitor.indices.engine import MethodologyError, available_methodologies, load_methodology
from dxmonitor.indices.engine.methodology import parse_methodology

HEAD = {"code": "t", "version": "1", "title": "t"}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"root": {"code": "r", "children": [{"code": "x", "normalisation": "magic"}]}},
         "node 'x': unknown normalisation 'magic'"),
        ({"root": {"code": "r", "children": [{"code": "x"}, {"code": "x"}]}}, "node 'x': duplicate code"),
        ({"root": {"code": "r", "points": 100, "children": [{"code": "x", "points": 60}, {"code": "y", "points": 30}]}},
         "node 'r': children's points add up to 90, not the declared 100"),
        ({"root": {"code": "r", "params": {"total_points": 100}, "children": [{"code": "x", "points": 60}]}},
         "node 'r': children's points add up to 60"),
        ({"root": {"code": "r", "children": [{"code": "x", "normalisation": "minmax"}]}},
         "node 'x': min-max normalisation needs params min and max"),
        ({"root": {"code": "r", "children": [{"code": "x", "normalisation": "minmax", "params": {"min": 1, "max": 1}}]}},
         "node 'x': min-max goalposts are equal"),
        ({"root": {"code": "r", "children": [{"code": "x", "normalisation": "threshold"}]}},
         "node 'x': threshold normalisation needs params target"),
        ({"root": {"code": "r", "children": [{"code": "x", "params": {"maximum": 3}}]}}, "node 'x': unknown params maximum"),
        ({"root": {"code": "r", "children": [{"code": "x", "points": -1}]}}, "node 'x': points must not be negative"),
        ({"root": {"code": "r", "children": [{"code": "x", "points": "lots"}]}}, "node 'x': points: 'lots' is not a number"),
        ({"root": {"code": "r", "split": "equal", "children": [{"code": "x"}]}}, "node 'r': split equal needs"),
        ({"root": {"code": "r", "children": [{"code": "x", "missing_policy": "guess"}]}},
         "node 'x': unknown missing_policy 'guess'"),
        ({"root": {"code": "r", "aggregation": "geometric", "children": [{"code": "x", "normalisation": "zscore"}]}},
         "node 'r': geometric aggregation of z-scores"),
        ({"root": {"code": "r", "children": [{"name_vi": "no code"}]}}, "root/r: a node has no code"),
        ({"root": {"code": "r", "children": [{"code": "x"}]}, "pillars": {"p": {"nodes": ["y"]}}},
         "pillar 'p': unknown node 'y'"),
        ({"root": {"code": "r"}, "missing_policy": "guess"}, "unknown missing_policy 'guess'"),
        ({"root": {"code": "r"}, "aggregation": "median"}, "unknown aggregation 'median'"),
        ({"root": {"code": "r"}, "periods": {"from": 2024, "to": 2021}}, "periods end 2021 before they start 2024"),
        ({}, "missing 'root'"),
        # the flat form: parents by reference, so cycles and dangling parents are possible
        ({"nodes": [{"code": "r"}, {"code": "a", "parent": "b"}, {"code": "b", "parent": "a"}]},
         "node 'a': cycle a -> b -> a"),
        ({"nodes": [{"code": "r"}, {"code": "a", "parent": "zz"}]}, "node 'a': unknown parent 'zz'"),
        ({"nodes": [{"code": "r"}, {"code": "s"}]}, "exactly one node must have no parent, found r, s"),
        ({"nodes": [{"code": "r"}, {"code": "a", "parent": "r"}, {"code": "a", "parent": "r"}]},
         "node 'a': duplicate code"),
    ],
)
def test_validation_names_the_node(bad: dict[str, Any], message: str) -> None:
    with pytest.raises(MethodologyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_methodology({**HEAD, **bad})


def test_split_equal_shares_the_parent_s_points() -> None:
    m = parse_methodology({**HEAD, "root": {"code": "r", "points": 100, "split": "equal",
                                            "children": [{"code": "a"}, {"code": "b"}, {"code": "c"}]}})
    assert [c.points for c in m.root.children] == pytest.approx([100 / 3] * 3)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("code: t\nversion: 1\ntitle: t\nroot: {code: r, children: [{code: x, normalisation: magic}]}\n")
    with pytest.raises(MethodologyError, match=r"broken\.yaml: node 'x': unknown normalisation"):
        load_methodology(bad)
    with pytest.raises(MethodologyError, match="not found"):
        load_methodology("no-such-methodology")


def test_every_shipped_methodology_loads_and_adds_up() -> None:
    ms = available_methodologies()
    assert {m.code for m in ms} >= {"dti-province-922", "dti-province-405", "dti-ministry-405"}
    for m in ms:
        assert m.root.points == pytest.approx(1000), m.code
        for node in m.root.walk():
            if node.children:
                assert sum(c.points for c in node.children) == pytest.approx(node.points), (m.code, node.code)
        assert len(m.codes) == len(m.root.walk())
