"""Dossier records: validation names record and field; the store is atomic and idempotent; KPI formulas."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from dxmonitor.cli import main
from dxmonitor.services.events.kpi import KpiQuery
from dxmonitor.services.events.runner import rows_as_json, run_kpis
from dxmonitor.services.events.store import EventStore
from dxmonitor.services.events.validate import BatchRejected, validate_records

SNAPSHOTS = Path(__file__).parent / "snapshots"


def rec(i: int = 1, **kw: Any) -> dict[str, Any]:
    base = {"record_id": f"r{i}", "dossier_id": f"d{i}", "unit_code": "01", "procedure_code": "P1", "channel": "online",
            "received_at": "2026-03-10T09:00:00+07:00", "due_at": "2026-03-15T17:00:00+07:00", "status": "finished",
            "status_at": "2026-03-12T10:00:00+07:00", "finished_at": "2026-03-12T10:00:00+07:00",
            "supplement_requests": 0, "fee_vnd": 0, "paid_online": False, "e_result": True, "digitised": True,
            "reused_data": False, "vneid_authenticated": True, "rating": 5}
    base.update(kw)
    return base


@pytest.mark.parametrize(
    ("records", "kwargs", "message"),
    [
        ([rec(received_at="10/03/2026")], {}, "record 0, received_at: '10/03/2026' is not valid"),
        ([rec(received_at="2026-03-10T09:00:00")], {}, "record 0, received_at: has no UTC offset"),
        ([rec(due_at="2026-03-01T09:00:00+07:00")], {}, "record 0, due_at: before received_at"),
        ([rec(channel="fax")], {}, "record 0, channel: 'fax' is not one of"),
        ([rec(1), rec(2, record_id="r1")], {}, "record 1, record_id: duplicate of record 0"),
        ([rec(unit_code="79")], {"allowed_units": {"01"}}, "record 0, unit_code: '79' is outside this token's scope"),
        ([rec(procedure_code="X")], {"procedures": {"P1"}}, "record 0, procedure_code: unknown procedure 'X'"),
        ([rec(rating=9)], {}, "record 0, rating: must be between 1 and 5"),
        ([{**rec(), "colour": "red"}], {}, "record 0, colour: unknown field"),
        ([rec(dossier_id="")], {}, "record 0, dossier_id: required"),
        ([rec(i) for i in range(10_001)], {}, "more than the 10000 allowed"),
    ],
)
def test_bad_batches_are_rejected_whole(records: list, kwargs: dict, message: str) -> None:
    with pytest.raises(BatchRejected) as exc:
        validate_records(records, **kwargs)
    assert any(message in e for e in exc.value.errors), exc.value.errors


def test_codes_keep_leading_zeros() -> None:
    table = validate_records([rec(unit_code="00070")])
    assert table["unit_code"].to_pylist() == ["00070"]


def test_store_is_idempotent_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = EventStore(tmp_path)
    table = validate_records([rec(1), rec(2, received_at="2026-04-01T00:30:00+07:00", due_at="2026-04-05T00:00:00+07:00",
                                      finished_at="2026-04-02T00:00:00+07:00", status_at="2026-04-02T00:00:00+07:00")])
    first = store.append(table, batch_id="b1")
    again = store.append(table, batch_id="b1")
    assert (first.records, first.files, again.duplicate_batch, again.records) == (2, 2, True, 0)
    assert sorted(p.parent.name for p in store.files()) == ["month=2026-03", "month=2026-04"]
    assert not list(tmp_path.rglob(".tmp-*"))


def test_crash_before_rename_leaves_nothing_counted(tmp_path: Path) -> None:
    store = EventStore(tmp_path)
    (tmp_path / "month=2026-03").mkdir(parents=True)
    (tmp_path / "month=2026-03" / ".tmp-dead.part").write_bytes(b"half a parquet file")
    store.append(validate_records([rec(1)]), batch_id="b2")
    result = run_kpis(KpiQuery(by=("unit",)), store.files(), unit_map=_no_map())
    assert result.to_pylist()[0]["received"] == 1
    assert store.cleanup_temp() == 1


def _no_map() -> Any:
    import pyarrow as pa

    return pa.table({"code": pa.array([], pa.string()), "rollup_code": pa.array([], pa.string())})


AS_OF = dt.datetime(2026, 4, 20, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # finished on the due day: on time; finished after: late
        ([rec(1), rec(2, dossier_id="d2", finished_at="2026-03-16T08:00:00+07:00", status_at="2026-03-16T08:00:00+07:00")],
         {"received": 2, "on_time_share": 0.5}),
        # two supplement requests: late whatever the dates
        ([rec(1, supplement_requests=2)], {"on_time_share": 0.0}),
        # unfinished: judged at min(period end, as-of) against due_at
        ([rec(1, status="processing", finished_at=None, due_at="2026-04-05T08:00:00+07:00")], {"on_time_share": 1.0}),
        ([rec(1, status="processing", finished_at=None, due_at="2026-03-31T23:00:00+07:00")], {"on_time_share": 0.0}),
        ([rec(1, status="processing", finished_at=None, due_at="2026-03-20T23:00:00+07:00")], {"on_time_share": 0.0}),
        # the latest snapshot of a dossier wins
        ([rec(1, status="received", status_at="2026-03-10T09:00:00+07:00", finished_at=None, channel="in_person"),
          rec(2, dossier_id="d1", status_at="2026-03-12T10:00:00+07:00")], {"received": 1, "online_share": 1.0}),
        # payment share over dossiers with a fee only; null when none has a fee
        ([rec(1, fee_vnd=50000, paid_online=True), rec(2, dossier_id="d2", fee_vnd=50000), rec(3, dossier_id="d3")],
         {"online_payment_share": 0.5}),
        ([rec(1)], {"online_payment_share": None, "satisfaction": 5.0}),
        # e-result share over finished dossiers
        ([rec(1), rec(2, dossier_id="d2", status="processing", finished_at=None, e_result=False)], {"e_result_share": 1.0}),
    ],
)
def test_kpi_formulas(records: list, expected: dict) -> None:
    table = validate_records(records)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        store = EventStore(tmp)
        store.append(table, batch_id="t")
        rows = rows_as_json(run_kpis(KpiQuery(by=("unit", "month"), as_of=AS_OF), store.files(), unit_map=_no_map()))
    assert len(rows) == 1
    for key, value in expected.items():
        assert rows[0][key] == (pytest.approx(value) if value is not None else None), key


def test_period_is_the_vietnamese_month() -> None:
    import tempfile

    table = validate_records([rec(1, received_at="2026-03-31T17:30:00+00:00", due_at=None, finished_at=None,
                                  status="processing", status_at="2026-03-31T17:30:00+00:00")])
    with tempfile.TemporaryDirectory() as tmp:
        store = EventStore(tmp)
        store.append(table, batch_id="t")
        rows = rows_as_json(run_kpis(KpiQuery(by=("month",), as_of=AS_OF), store.files(), unit_map=_no_map()))
    assert rows[0]["period"] == "2026-04"  # 00:30 on 1 April in Hà Nội


def test_communes_roll_up_to_their_province() -> None:
    import tempfile

    table = validate_records([rec(1, unit_code="00070")])  # Phường Hoàn Kiếm, Hà Nội
    with tempfile.TemporaryDirectory() as tmp:
        store = EventStore(tmp)
        store.append(table, batch_id="t")
        rows = rows_as_json(run_kpis(KpiQuery(by=("unit",), as_of=AS_OF), store.files()))
    assert rows[0]["unit_code"] == "01"


@pytest.mark.parametrize("by", [("unit", "month"), ("unit", "procedure", "quarter"), ("channel", "year")])
def test_sql_snapshots(by: tuple[str, ...]) -> None:
    sql = KpiQuery(by=by, as_of=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).to_sql()
    path = SNAPSHOTS / f"kpi-{'-'.join(by)}.sql"
    if os.environ.get("DXM_UPDATE_SNAPSHOTS"):  # regenerate deliberately, review the diff, commit
        path.write_text(sql + "\n", encoding="utf-8")
    assert sql + "\n" == path.read_text(encoding="utf-8")


def test_query_objects_refuse_bad_groupings() -> None:
    with pytest.raises(ValueError, match="unknown grouping"):
        KpiQuery(by=("unit", "week"))
    with pytest.raises(ValueError, match="at most one"):
        KpiQuery(by=("month", "year"))


def test_cli_kpi_contract(tmp_path: Path, capsys: Any) -> None:
    import csv

    path = tmp_path / "records.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rec()))
        writer.writeheader()
        writer.writerow(rec(1))
        writer.writerow(rec(2, dossier_id="d2", unit_code="79", channel="in_person"))
    assert main(["services", "kpi", "--events", str(path), "--by", "unit,month", "--as-of", "2026-04-20T00:00:00+07:00",
                 "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["unit_code"] for r in rows] == ["01", "79"]
    assert set(rows[0]) == {"unit_code", "period", "received", "online_share", "on_time_share", "online_payment_share",
                            "e_result_share", "digitised_share", "satisfaction"}
    assert rows[0]["period"] == "2026-03" and rows[1]["online_share"] == 0.0 and rows[0]["online_payment_share"] is None


def test_cli_ingest_is_atomic_and_idempotent(tmp_path: Path, capsys: Any) -> None:
    import csv

    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    for path, rows in ((good, [rec(1), rec(2, dossier_id="d2")]), (bad, [rec(1), rec(2, dossier_id="d2", channel="fax")])):
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rec()))
            writer.writeheader()
            writer.writerows(rows)
    store = tmp_path / "store"
    assert main(["services", "ingest", str(bad), "--store", str(store)]) == 2
    assert "row 1, channel" in capsys.readouterr().err and not list(store.rglob("*.parquet"))
    assert main(["services", "ingest", str(good), "--store", str(store)]) == 0
    assert main(["services", "ingest", str(good), "--store", str(store)]) == 0
    assert "already ingested" in capsys.readouterr().out
    assert len(list(store.rglob("*.parquet"))) == 1


def test_compaction_keeps_the_latest_snapshot_and_the_kpis(tmp_path: Path, capsys: Any) -> None:
    store = EventStore(tmp_path)
    store.append(validate_records([rec(1, status="received", status_at="2026-03-10T09:00:00+07:00",
                                       finished_at=None, channel="in_person")]), batch_id="a")
    store.append(validate_records([rec(2, dossier_id="d1"), rec(3, dossier_id="d3")]), batch_id="b")
    query = KpiQuery(by=("unit", "month"), as_of=AS_OF)
    before = rows_as_json(run_kpis(query, store.files(), unit_map=_no_map()))
    assert main(["services", "compact", "--store", str(tmp_path)]) == 0
    assert "3 records into 2" in capsys.readouterr().out
    assert len(store.files()) == 1
    assert rows_as_json(run_kpis(query, store.files(), unit_map=_no_map())) == before
