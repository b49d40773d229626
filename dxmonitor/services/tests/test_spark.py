"""Spark and DuckDB give the same KPIs from the same query objects and files (opt-in: DXM_SPARK=1)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dxmonitor.services.events.generator import generate_table
from dxmonitor.services.events.kpi import KpiQuery
from dxmonitor.services.events.runner import default_unit_map, rows_as_json, run_kpis
from dxmonitor.services.events.store import EventStore

pytestmark = pytest.mark.skipif(os.environ.get("DXM_SPARK") != "1", reason="Spark tests are opt-in: DXM_SPARK=1")
AS_OF = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    from dxmonitor.services.events.spark import spark_session

    session = spark_session()
    yield session
    session.stop()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EventStore:
    store = EventStore(tmp_path_factory.mktemp("spark"))
    store.append(generate_table(20_000, seed=41, start=dt.date(2025, 11, 1), days=150), batch_id="g")
    return store


def _rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: round(v, 6) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


@pytest.mark.parametrize("by", [("unit", "month"), ("unit", "procedure", "quarter"), ("channel", "year"), ()])
def test_spark_matches_duckdb(spark: Any, store: EventStore, tmp_path: Path, by: tuple[str, ...]) -> None:
    from dxmonitor.services.events.spark import run_kpis_spark

    query = KpiQuery(by=by, scores=True)
    expected = rows_as_json(run_kpis(query, store.files(), unit_map=default_unit_map(), as_of=AS_OF))
    got = _rounded(run_kpis_spark(query, store.files(), spark=spark, unit_map=default_unit_map(), as_of=AS_OF))
    assert len(got) == len(expected) > 0
    assert got == expected
