"""KPI formulas on tiny hand-made datasets, SQL snapshots, roll-ups, 766 scores, refresh and unused services."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dxmonitor.services.events.generator import generate_table
from dxmonitor.services.events.ingest import ingest_batch
from dxmonitor.services.events.kpi import DUCKDB, SPARK, KpiQuery, render_from_slices, render_slices
from dxmonitor.services.events.refresh import aggregates, read_output, refresh
from dxmonitor.services.events.runner import no_unit_map, rows_as_json, run_kpis
from dxmonitor.services.events.store import EventStore
from dxmonitor.services.events.unused import offered_but_unused
from dxmonitor.services.tests.test_events import rec

SNAPSHOTS = Path(__file__).parent / "snapshots"
AS_OF = dt.datetime(2026, 4, 20, tzinfo=dt.UTC)


def kpis(records: list[dict[str, Any]], tmp_path: Path, by: tuple[str, ...] = ("unit", "month"),
         unit_map: pa.Table | None = None, as_of: dt.datetime = AS_OF, **kw: Any) -> list[dict[str, Any]]:
    ingest_batch(records, batch_id="t", store=tmp_path)
    umap = unit_map if unit_map is not None else no_unit_map()
    return rows_as_json(run_kpis(KpiQuery(by=by, **kw), EventStore(tmp_path).files(), unit_map=umap, as_of=as_of))


def late(i: int, **kw: Any) -> dict[str, Any]:
    return rec(i, dossier_id=f"d{i}", finished_at="2026-03-16T08:00:00+07:00", status_at="2026-03-16T08:00:00+07:00",
               **kw)


def open_(i: int, due: str, **kw: Any) -> dict[str, Any]:
    return rec(i, dossier_id=f"d{i}", status="processing", finished_at=None, due_at=due, **kw)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # finished on or before the due time: on time; after: late
        ([rec(1), late(2)], {"received": 2, "on_time_share": 0.5}),
        ([rec(1, finished_at="2026-03-15T17:00:00+07:00", status_at="2026-03-15T17:00:00+07:00")],
         {"on_time_share": 1.0}),
        # two supplement requests: late whatever the dates; one is not
        ([rec(1, supplement_requests=2)], {"on_time_share": 0.0}),
        ([rec(1, supplement_requests=1)], {"on_time_share": 1.0}),
        # open: judged at min(period end, as-of) against due_at (period March, as-of 20 April)
        ([open_(1, "2026-04-05T08:00:00+07:00")], {"on_time_share": 1.0}),
        ([open_(1, "2026-04-01T00:00:00+07:00")], {"on_time_share": 1.0}),  # due exactly at the period's end
        ([open_(1, "2026-03-31T23:00:00+07:00")], {"on_time_share": 0.0}),
        # rejected with finished_at counts as closed
        ([rec(1, status="rejected", finished_at="2026-03-20T08:00:00+07:00", status_at="2026-03-20T08:00:00+07:00")],
         {"on_time_share": 0.0, "e_result_share": None}),
        # no due date: on time
        ([rec(1, due_at=None)], {"on_time_share": 1.0}),
        # the latest snapshot of a dossier wins
        ([rec(1, status="received", status_at="2026-03-10T09:00:00+07:00", finished_at=None, channel="in_person"),
          rec(2, dossier_id="d1", status_at="2026-03-12T10:00:00+07:00")], {"received": 1, "online_share": 1.0}),
        # payment share over dossiers with a fee only; null when none has a fee
        ([rec(1, fee_vnd=50000, paid_online=True), rec(2, dossier_id="d2", fee_vnd=50000), rec(3, dossier_id="d3")],
         {"online_payment_share": 0.5}),
        ([rec(1)], {"online_payment_share": None, "satisfaction": 5.0}),
        # e-result share over finished dossiers; null when none finished
        ([rec(1), open_(2, "2026-03-20T08:00:00+07:00", e_result=False)], {"e_result_share": 1.0}),
        ([open_(1, "2026-03-20T08:00:00+07:00")], {"e_result_share": None, "avg_processing_days": None}),
        # digitised, reuse, VNeID over received
        ([rec(1), rec(2, dossier_id="d2", digitised=False, reused_data=True, vneid_authenticated=None)],
         {"digitised_share": 0.5, "reuse_share": 0.5, "vneid_share": 0.5}),
        # satisfaction: mean of rated dossiers only; null when none rated
        ([rec(1, rating=2), rec(2, dossier_id="d2", rating=None), rec(3, dossier_id="d3", rating=4)],
         {"satisfaction": 3.0, "low_rating_share": pytest.approx(1 / 3)}),
        ([rec(1, rating=None)], {"satisfaction": None}),
        # processing time in days, finished only
        ([rec(1, received_at="2026-03-10T08:00:00+07:00", finished_at="2026-03-12T20:00:00+07:00",
              status_at="2026-03-12T20:00:00+07:00")], {"avg_processing_days": 2.5}),
    ],
)
def test_kpi_formulas(records: list, expected: dict, tmp_path: Path) -> None:
    rows = kpis(records, tmp_path)
    assert len(rows) == 1
    for key, value in expected.items():
        assert rows[0][key] == (pytest.approx(value) if isinstance(value, float) else value), key


@pytest.mark.parametrize(
    ("received_at", "period"),
    [
        ("2026-03-31T16:59:59+00:00", "2026-03"),  # 23:59:59 on 31 March in Hà Nội
        ("2026-03-31T17:00:00+00:00", "2026-04"),  # 00:00 on 1 April in Hà Nội
        ("2026-04-01T00:30:00+07:00", "2026-04"),
        ("2025-12-31T17:30:00Z", "2026-01"),
    ],
)
def test_period_is_the_vietnamese_month(received_at: str, period: str, tmp_path: Path) -> None:
    rows = kpis([rec(1, received_at=received_at, due_at=None, finished_at=None, status="processing",
                     status_at=received_at)], tmp_path, by=("month",))
    assert rows[0]["period"] == period


@pytest.mark.parametrize(
    ("by", "due", "share"),
    [
        (("month",), "2026-04-10T00:00:00+07:00", 1.0),  # March ends before the due date
        (("quarter",), "2026-04-10T00:00:00+07:00", 1.0),  # so does Q1
        (("year",), "2026-04-10T00:00:00+07:00", 0.0),  # the year is judged at as-of (20 April): overdue
        ((), "2026-04-25T00:00:00+07:00", 1.0),
    ],
)
def test_open_dossiers_are_judged_at_the_end_of_the_period_asked(by: tuple, due: str, share: float,
                                                                   tmp_path: Path) -> None:
    rows = kpis([open_(1, due)], tmp_path, by=by)
    assert rows[0]["on_time_share"] == share


def test_communes_roll_up_to_the_province_valid_that_day(tmp_path: Path) -> None:
    umap = pa.table({"code": ["00070", "00070"], "ancestor_code": ["01", "HN-OLD"],
                     "valid_from": [dt.date(2025, 7, 1), None], "valid_to": [None, dt.date(2025, 6, 30)]})
    records = [rec(1, unit_code="00070"),
               rec(2, dossier_id="d2", unit_code="00070", received_at="2025-06-10T09:00:00+07:00",
                   due_at="2025-06-15T09:00:00+07:00", finished_at="2025-06-11T09:00:00+07:00",
                   status_at="2025-06-11T09:00:00+07:00")]
    rows = kpis(records, tmp_path, by=("unit", "year"), unit_map=umap)
    assert [(r["unit_code"], r["period"]) for r in rows] == [("01", "2026"), ("HN-OLD", "2025")]


def test_default_map_rolls_communes_into_provinces(tmp_path: Path) -> None:
    ingest_batch([rec(1, unit_code="00070"), rec(2, dossier_id="d2", unit_code="79")], batch_id="t", store=tmp_path)
    rows = rows_as_json(run_kpis(KpiQuery(by=("unit",)), EventStore(tmp_path).files(), as_of=AS_OF))
    assert [r["unit_code"] for r in rows] == ["01", "79"]


@pytest.mark.parametrize(
    ("ratio", "target", "points", "expected"),
    [(0.6, 0.5, 12, 12.0), (0.5, 0.5, 12, 12.0), (0.25, 0.5, 12, 6.0), (0.0, 0.5, 12, 0.0)],
)
def test_threshold_rule(ratio: float, target: float, points: float, expected: float) -> None:
    import duckdb

    from dxmonitor.services.events.kpi import Indicator, _points

    sql = _points(Indicator("x", str(ratio), points, target))
    assert duckdb.sql(f"SELECT {sql}").fetchall()[0][0] == pytest.approx(expected)


def test_766_group_scores(tmp_path: Path) -> None:
    # Two dossiers: one online on time, paid online, e-result, digitised; one in person, late, unpaid.
    records = [rec(1, fee_vnd=1000, paid_online=True, reused_data=True),
               late(2, channel="in_person", fee_vnd=1000, e_result=False, digitised=False, vneid_authenticated=False,
                    rating=1)]
    row = kpis(records, tmp_path, scores=True)[0]
    assert row["score_transparency"] is None
    assert row["score_progress"] == pytest.approx(10.0)  # 50 % on time x 20
    assert row["score_online"] == pytest.approx((12.0 + 0.5 * 10) * 22 / 22)  # 50 % online meets the 50 % target
    # 4.1: 0.5 x 6; 4.2: 0.5/0.8 x 4; 4.3: 0.5/0.8 x 2; 4.5b: 0.5 x 2, scaled from 14 to 22 points
    assert row["score_digitisation"] == pytest.approx((3 + 2.5 + 1.25 + 1) * 22 / 14)
    assert row["score_satisfaction"] == pytest.approx(0.0)  # 50 % late and 50 % rated 1
    assert row["score_766"] == pytest.approx(row["score_progress"] + row["score_online"] + row["score_digitisation"])


def test_zero_dossiers_give_no_rows_and_no_division_error(tmp_path: Path) -> None:
    rows = kpis([rec(1, fee_vnd=0, rating=None, status="received", finished_at=None)], tmp_path, scores=True)
    assert (rows[0]["online_payment_share"], rows[0]["satisfaction"], rows[0]["e_result_share"]) == (None, None, None)
    assert rows[0]["score_online"] == pytest.approx(22.0)  # payment not measurable: online share alone, scaled


# --- SQL snapshots ----------------------------------------------------------------------------------------------

SNAPSHOT_CASES = [
    ("duckdb", ("unit", "month"), False), ("duckdb", ("unit", "procedure", "quarter"), False),
    ("duckdb", ("channel", "year"), True), ("spark", ("unit", "month"), True),
]


def _check_snapshot(name: str, sql: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("DXM_UPDATE_SNAPSHOTS"):  # regenerate deliberately, review the diff, commit
        path.write_text(sql + "\n", encoding="utf-8")
    assert sql + "\n" == path.read_text(encoding="utf-8"), f"{name} changed; DXM_UPDATE_SNAPSHOTS=1 to accept"


@pytest.mark.parametrize(("dialect", "by", "scores"), SNAPSHOT_CASES)
def test_sql_snapshots(dialect: str, by: tuple[str, ...], scores: bool) -> None:
    query = KpiQuery(by=by, as_of=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), scores=scores)
    sql = query.to_sql("records", dialect=DUCKDB if dialect == "duckdb" else SPARK)
    _check_snapshot(f"kpi-{dialect}-{'-'.join(by)}{'-scores' if scores else ''}.sql", sql)


def test_refresh_sql_snapshots() -> None:
    _check_snapshot("refresh-slices.sql", render_slices(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "records"))
    query = KpiQuery(by=("unit", "month"), as_of=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    _check_snapshot("refresh-unit-month.sql", render_from_slices(query, "slices"))


def test_a_compacted_partition_is_read_without_the_latest_snapshot_step(tmp_path: Path) -> None:
    as_of = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert "arg_max(rowref" in render_slices(as_of, "records")
    assert "arg_max(rowref" not in render_slices(as_of, "records", deduplicated=True)
    store = EventStore(tmp_path)
    table = generate_table(6_000, seed=41, start=dt.date(2026, 3, 1), days=20)
    assert table.num_rows > len(set(table["dossier_id"].to_pylist()))  # corrections: several snapshots a dossier
    store.append(table, batch_id="raw")
    refresh(store, full=True, as_of=as_of)
    raw = rows_as_json(read_output(store, "unit_month"))
    for part in store.partitions():
        store.compact(part)
    assert [f.name[:2] for f in store.files()] == ["c-"]
    refresh(store, full=True, as_of=as_of)
    assert rows_as_json(read_output(store, "unit_month")) == raw


def test_query_objects_refuse_bad_groupings() -> None:
    with pytest.raises(ValueError, match="unknown grouping"):
        KpiQuery(by=("unit", "week"))
    with pytest.raises(ValueError, match="at most one"):
        KpiQuery(by=("month", "year"))
    with pytest.raises(ValueError, match="kpis: unknown"):
        KpiQuery(kpis=("happiness",))
    with pytest.raises(ValueError, match="time zone"):
        KpiQuery(as_of=dt.datetime(2026, 1, 1))


# --- refresh ----------------------------------------------------------------------------------------------------

SMALL_AS_OF = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> EventStore:
    store = EventStore(tmp_path_factory.mktemp("gen"))
    store.append(generate_table(40_000, seed=21, start=dt.date(2025, 10, 1), days=120), batch_id="g")
    return store


@pytest.mark.parametrize("by", [("unit", "month"), ("unit", "quarter"), ("year",), ("unit",),
                                ("unit", "procedure", "month")])
def test_refresh_slices_give_the_same_kpis_as_the_raw_records(generated: EventStore, by: tuple[str, ...]) -> None:
    refresh(generated, full=True, as_of=SMALL_AS_OF)
    query = KpiQuery(by=by, scores=True)
    raw = rows_as_json(run_kpis(query, generated.files(), as_of=SMALL_AS_OF))
    assert rows_as_json(aggregates(generated, query, as_of=SMALL_AS_OF)) == raw


def test_incremental_refresh_reads_only_touched_days(tmp_path: Path) -> None:
    store = EventStore(tmp_path)
    store.append(generate_table(20_000, seed=31, start=dt.date(2026, 3, 1), days=61), batch_id="base")
    first = refresh(store, as_of=SMALL_AS_OF)
    assert first.months == ("2026-03", "2026-04") and first.days == 61
    assert refresh(store, as_of=SMALL_AS_OF).months == ()
    # One more day, including a correction of a dossier received earlier that day.
    store.append(generate_table(3_000, seed=32, start=dt.date(2026, 4, 10), days=1, id_prefix="NEW-"), batch_id="day")
    second = refresh(store, as_of=SMALL_AS_OF)
    assert (second.months, second.days) == (("2026-04",), 1)
    query = KpiQuery(by=("unit", "month"), scores=True)
    assert rows_as_json(read_output(store, "unit_month").sort_by([("unit_code", "ascending"),
                                                                  ("period", "ascending")])) == \
        rows_as_json(run_kpis(query, store.files(), as_of=SMALL_AS_OF))
    # Compaction changes files, not figures.
    for part in store.partitions():
        store.compact(part)
    refresh(store, as_of=SMALL_AS_OF)
    assert rows_as_json(aggregates(store, query)) == rows_as_json(run_kpis(query, store.files(), as_of=SMALL_AS_OF))


def test_a_dossier_moved_to_another_day_counts_once_on_its_latest_day(tmp_path: Path) -> None:
    store = EventStore(tmp_path)
    store.append(generate_table(12_000, seed=33, start=dt.date(2026, 3, 1), days=31), batch_id="base")

    def received_by_day() -> dict[str, int]:
        refresh(store, full=True, as_of=SMALL_AS_OF)
        slices = pq.read_table(store.root / "_aggregates/slices/month=2026-03").to_pylist()
        return {r["day"].isoformat(): r["received"] for r in slices if r["grain"] == "unit" and r["unit_code"] == "01"}

    before = received_by_day()
    # A dossier whose receipt time was corrected to another day of the month: counted once, on its latest day.
    ingest_batch([rec(900, dossier_id="MOVED", received_at="2026-03-03T09:00:00+07:00",
                      due_at="2026-03-05T17:00:00+07:00", status_at="2026-03-04T10:00:00+07:00",
                      finished_at="2026-03-04T10:00:00+07:00"),
                  rec(901, dossier_id="MOVED", received_at="2026-03-25T09:00:00+07:00", channel="in_person",
                      due_at="2026-03-27T17:00:00+07:00", status_at="2026-03-26T10:00:00+07:00",
                      finished_at="2026-03-26T10:00:00+07:00")],
                 batch_id="moved", store=tmp_path)
    after = received_by_day()
    assert {d: n - before.get(d, 0) for d, n in after.items() if n != before.get(d, 0)} == {"2026-03-25": 1}
    for by in [("unit", "month"), ("unit", "procedure", "month")]:
        query = KpiQuery(by=by, scores=True)
        assert rows_as_json(aggregates(store, query, as_of=SMALL_AS_OF)) == \
            rows_as_json(run_kpis(query, store.files(), as_of=SMALL_AS_OF))


def test_packed_sums_give_the_unpacked_slices_and_fall_back_when_a_lane_could_overflow(
        generated: EventStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from dxmonitor.services.events.runner import connect, default_unit_map

    refresh_module = importlib.import_module("dxmonitor.services.events.refresh")
    con = connect()
    con.register("unit_map", default_unit_map())
    refresh_module._records_view(con, generated.files())
    packed = con.sql(render_slices(SMALL_AS_OF, "records")).to_arrow_table()
    plain = con.sql(render_slices(SMALL_AS_OF, "records", packed=False)).to_arrow_table()
    assert packed.schema == plain.schema
    assert packed.sort_by([(c, "ascending") for c in ("grain", "unit_code", "group_unit", "procedure_code", "day")]
                          ).equals(plain.sort_by([(c, "ascending") for c in ("grain", "unit_code", "group_unit",
                                                                                  "procedure_code", "day")]))
    # With lanes too narrow for the largest group, the refresh notices and recomputes without packing.
    calls: list[bool] = []
    real = refresh_module.render_slices

    def spy(*args: Any, **kw: Any) -> str:
        calls.append(kw.get("packed", True))
        return real(*args, **kw)

    monkeypatch.setattr(refresh_module, "render_slices", spy)
    monkeypatch.setattr(refresh_module, "PACK_LIMIT", 2)
    refresh(generated, full=True, as_of=SMALL_AS_OF)
    assert False in calls
    query = KpiQuery(by=("unit", "procedure", "month"), scores=True)
    assert rows_as_json(aggregates(generated, query, as_of=SMALL_AS_OF)) == \
        rows_as_json(run_kpis(query, generated.files(), as_of=SMALL_AS_OF))


def test_exact_ties_of_distinct_snapshots_are_settled_the_same_way_by_every_duckdb_reader(tmp_path: Path) -> None:
    # Two different records of one dossier sent with the same status_at: the refresh, the raw query and
    # compaction pick the same one (channel tells which).
    records = [rec(900 + i, dossier_id="TIED", channel=channel, status="processing", finished_at=None)
               for i, channel in enumerate(["online", "in_person", "postal"])]
    ingest_batch(records, batch_id="tied", store=tmp_path)
    store = EventStore(tmp_path)
    query = KpiQuery(by=("unit", "month"), kpis=("received", "online_share", "in_person_share", "postal_share"))
    raw = rows_as_json(run_kpis(query, store.files(), as_of=SMALL_AS_OF))
    assert raw[0]["received"] == 1
    refresh(store, full=True, as_of=SMALL_AS_OF)
    assert rows_as_json(aggregates(store, query, as_of=SMALL_AS_OF)) == raw
    for part in store.partitions():
        store.compact(part)
    assert rows_as_json(run_kpis(query, store.files(), as_of=SMALL_AS_OF)) == raw


def test_slices_refuse_a_channel_grouping(generated: EventStore) -> None:
    refresh(generated, as_of=SMALL_AS_OF)
    with pytest.raises(ValueError, match="channel needs the raw records"):
        aggregates(generated, KpiQuery(by=("channel", "month")))


def test_refresh_refuses_a_map_with_two_ancestors_at_once(tmp_path: Path) -> None:
    ingest_batch([rec(1)], batch_id="t", store=tmp_path)
    with pytest.raises(ValueError, match="two ancestors"):
        refresh(tmp_path, unit_map=pa.table({"code": ["01", "01"], "ancestor_code": ["A", "B"]}))


# --- offered but unused -----------------------------------------------------------------------------------------


def test_offered_but_unused() -> None:
    use = pa.table({"unit_code": ["01", "01", "01", "79"], "procedure_code": ["P1", "P2", "P1", "P1"],
                    "period": ["2026-03", "2026-03", "2026-04", "2026-03"], "online": [3, 40, 4, 0]})
    offered = {"P1": "Đăng ký khai sinh", "P2": "Đăng ký kết hôn", "P3": "Cấp phiếu lý lịch tư pháp"}
    result = offered_but_unused(use, offered, threshold=5, units=["01", "79", "92"])
    by_unit = {r.unit_code: r for r in result}
    assert (by_unit["01"].unused, by_unit["01"].used_share) == (1, pytest.approx(2 / 3))  # P1: 3 + 4 = 7 online
    assert by_unit["79"].used_share == 0.0 and by_unit["92"].unused == 3
    assert [r.unit_code for r in result] == ["79", "92", "01"]
    march = {r.unit_code: r for r in offered_but_unused(use, offered, date_from="2026-03", date_to="2026-03")}
    assert march["01"].unused_procedures[0] == ("P1", "Đăng ký khai sinh", 3)
