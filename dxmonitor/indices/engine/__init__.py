"""The index engine: versioned methodologies in, scores, ranks and rank intervals out. No Django here."""

from dxmonitor.indices.engine.compute import IndexResult, UnitResult, compute
from dxmonitor.indices.engine.methodology import Methodology, MethodologyError, Node, load_methodology
from dxmonitor.indices.engine.reaggregate import reaggregate
from dxmonitor.indices.engine.uncertainty import RankInterval, rank_intervals

__all__ = [
    "IndexResult", "Methodology", "MethodologyError", "Node", "RankInterval", "UnitResult", "compute",
    "load_methodology", "rank_intervals", "reaggregate",
]
