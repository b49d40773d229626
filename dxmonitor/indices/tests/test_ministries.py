"""Ministries are ranked within their two groups (with and without public services); the demo's generated
ministry DTI keeps the published 2021 leaders and group means."""

from __future__ import annotations

import io
from typing import Any

import pytest

from dxmonitor.indices import selectors
from dxmonitor.indices.demo import MINISTRY_MEANS, load_ministries

pytestmark = pytest.mark.django_db


def test_ministries_are_ranked_per_group_with_the_published_2021_leaders(client_as: Any) -> None:
    load_ministries(out=io.StringIO())
    assert selectors.years("ministry") == [2021, 2022, 2023, 2024, 2025]
    assert selectors.years("province") == []  # ministry values never make a provincial year
    rows = selectors.published_results(year=2021, kind="ministry")
    by_group: dict[str, list[Any]] = {}
    for r in rows:
        by_group.setdefault(r.group, []).append(r)
    assert set(by_group) == {"ministry_dvc", "ministry_no_dvc"}
    dvc = sorted(by_group["ministry_dvc"], key=lambda r: r.rank)
    assert [r.unit_code for r in dvc[:3]] == ["BTC", "BKHDT", "BHXH"] and dvc[0].score == pytest.approx(0.6321)
    assert [r.rank for r in dvc[:2]] == [1, 2]  # ranks restart in each group
    no_dvc = sorted(by_group["ministry_no_dvc"], key=lambda r: r.rank)
    assert no_dvc[0].unit_code == "VAST" and no_dvc[0].score == pytest.approx(0.4736) and no_dvc[0].rank == 1
    for group, mean in MINISTRY_MEANS[2021].items():
        scores = [r.score for r in by_group[group]]
        assert sum(scores) / len(scores) == pytest.approx(mean, abs=5e-4)
    assert selectors.published_results(year=2022, kind="ministry")[0].unit_code in {"BKHDT", "VAST"}
    # 2025 is computed from the six main indicators, over the ministries as they stood after the March merger.
    codes_2025 = {r.unit_code for r in selectors.published_results(year=2025, kind="ministry")}
    assert "BTTTT" not in codes_2025 and "BKHCN" in codes_2025

    page = client_as("leader").get("/indices/?kind=ministry&year=2021").content.decode()
    assert 'data-testid="dti-table-ministry_dvc"' in page and 'data-testid="dti-table-ministry_no_dvc"' in page
    assert "/indices/2021/BTC/?kind=ministry" in page
    explain = client_as("leader").get("/indices/2021/BTC/?kind=ministry")
    assert explain.status_code == 200 and "0,6321" in explain.content.decode()
    assert client_as("leader").get("/indices/2021/BTC/").status_code == 404  # not a province


def test_the_api_gives_the_ministry_ranking_with_groups(client: Any) -> None:
    load_ministries(out=io.StringIO())
    rows = client.get("/api/v1/indices/results/2021?kind=ministry").json()
    assert {r["group"] for r in rows} == {"ministry_dvc", "ministry_no_dvc"}
    assert next(r for r in rows if r["unit_code"] == "BTC")["rank"] == 1
    assert client.get("/api/v1/indices/results/2021?kind=district").status_code == 422


def test_rankings_download_as_csv_xlsx_and_json(client_as: Any) -> None:
    import csv as csv_module

    from openpyxl import load_workbook

    load_ministries(out=io.StringIO())
    leader = client_as("leader")
    rows = leader.get("/indices/export.json?kind=ministry&year=2021").json()
    assert rows[0]["year"] == 2021 and {r["group"] for r in rows} == {"ministry_dvc", "ministry_no_dvc"}
    assert next(r for r in rows if r["unit_code"] == "BTC")["score"] == 0.6321
    text = leader.get("/indices/export.csv?kind=ministry&year=2021").content.decode("utf-8-sig")
    assert len(list(csv_module.DictReader(text.splitlines()))) == len(rows)
    wb = load_workbook(io.BytesIO(leader.get("/indices/export.xlsx?kind=ministry&year=2021").content))
    assert wb.active.max_row == len(rows) + 1
    assert leader.get("/indices/export.pdf?kind=ministry").status_code == 400
