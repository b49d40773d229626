"""The index engine: versioned methodologies in, scores, ranks and rank intervals out. No Django here."""

from dxmonitor.indices.engine.compute import (
    RANK_DECIMALS,
    ExplainRow,
    IndexResult,
    InputError,
    UnitResult,
    competition_ranks,
    compute,
)
from dxmonitor.indices.engine.methodology import (
    Methodology,
    MethodologyError,
    Node,
    Pillar,
    available_methodologies,
    load_methodology,
    methodology_for,
    parse_methodology,
)
from dxmonitor.indices.engine.reaggregate import province_lineage, reaggregate
from dxmonitor.indices.engine.uncertainty import RankInterval, rank_intervals

__all__ = [
    "RANK_DECIMALS", "ExplainRow", "IndexResult", "InputError", "Methodology", "MethodologyError", "Node", "Pillar",
    "RankInterval", "UnitResult", "available_methodologies", "competition_ranks", "compute", "load_methodology",
    "methodology_for", "parse_methodology", "province_lineage", "rank_intervals", "reaggregate",
]
