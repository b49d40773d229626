"""Dossier records: validation names record and field; the store is atomic and idempotent; generator; CLI."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dxmonitor.services.cli import register
from dxmonitor.services.events.generator import generate, generate_table, procedure_catalogue
from dxmonitor.services.events.ingest import ingest_batch, ingest_file
from dxmonitor.services.events.kpi import KpiQuery
from dxmonitor.services.events.runner import no_unit_map, rows_as_json, run_kpis
from dxmonitor.services.events.schema import CSV_HEADER, json_schema_text
from dxmonitor.services.events.store import EventStore
from dxmonitor.services.events.validate import BatchRejected, validate_records

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"
AS_OF = dt.datetime(2026, 4, 20, tzinfo=dt.UTC)


def rec(i: int = 1, **kw: Any) -> dict[str, Any]:
    base = {"record_id": f"r{i}", "dossier_id": f"d{i}", "unit_code": "01", "procedure_code": "P1", "channel": "online",
            "received_at": "2026-03-10T09:00:00+07:00", "due_at": "2026-03-15T17:00:00+07:00", "status": "finished",
            "status_at": "2026-03-12T10:00:00+07:00", "finished_at": "2026-03-12T10:00:00+07:00",
            "supplement_requests": 0, "fee_vnd": 0, "paid_online": False, "e_result": True, "digitised": True,
            "reused_data": False, "vneid_authenticated": True, "rating": 5}
    base.update(kw)
    return base


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dxmonitor services")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


# --- format -----------------------------------------------------------------------------------------------------


def test_published_schema_and_header_match_the_code() -> None:
    assert (SCHEMA_DIR / "dossier-record-v1.schema.json").read_text(encoding="utf-8") == json_schema_text()
    assert (SCHEMA_DIR / "dossier-record-v1.csv").read_text(encoding="utf-8").strip() == CSV_HEADER
    schema = json.loads(json_schema_text())
    assert schema["properties"]["channel"]["enum"] == ["online", "in_person", "postal"]
    assert "received_at" in schema["required"] and "due_at" not in schema["required"]


# --- validation -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("records", "kwargs", "message"),
    [
        ([rec(received_at="10/03/2026")], {}, "record 0, received_at: '10/03/2026' is not an ISO 8601 time"),
        ([rec(received_at="2026-02-30T09:00:00+07:00")], {}, ("record 0, received_at: '2026-02-30T09:00:00+07:00' is "
                                                             "not a valid date")),
        ([rec(received_at="2026-03-10T09:00:00")], {}, "record 0, received_at: has no UTC offset"),
        ([rec(due_at="2026-03-01T09:00:00+07:00")], {}, "record 0, due_at: is before received_at"),
        ([rec(channel="fax")], {}, "record 0, channel: 'fax' is not one of online, in_person, postal"),
        ([rec(status="lost")], {}, "record 0, status: 'lost' is not one of"),
        ([rec(1), rec(2, record_id="r1")], {}, "record 1, record_id: duplicate of record 0 in this batch"),
        ([rec(unit_code="79")], {"allowed_units": {"01"}}, "record 0, unit_code: '79' is outside this token's scope"),
        ([rec(procedure_code="X")], {"procedures": {"P1"}}, "record 0, procedure_code: unknown procedure 'X'"),
        ([rec(rating=9)], {}, "record 0, rating: must be between 1 and 5"),
        ([rec(rating="five")], {}, "record 0, rating: 'five' is not a whole number"),
        ([rec(paid_online="maybe")], {}, "record 0, paid_online: is not true or false"),
        ([{**rec(), "colour": "red"}], {}, "record 0, colour: unknown field"),
        ([rec(dossier_id="")], {}, "record 0, dossier_id: required"),
        ([rec(finished_at=None)], {}, "record 0, finished_at: required when status is finished"),
        (["not a record"], {}, "record 0, record: is not an object"),
        ([rec(i) for i in range(10_001)], {}, "more than the 10,000 allowed"),
    ],
)
def test_bad_batches_are_rejected_whole(records: list, kwargs: dict, message: str) -> None:
    with pytest.raises(BatchRejected) as exc:
        validate_records(records, **kwargs)
    assert any(message in e for e in exc.value.errors), exc.value.errors


def test_every_error_is_listed_in_record_order_and_capped() -> None:
    records = [rec(i, channel="fax", rating=0) for i in range(300)]
    with pytest.raises(BatchRejected) as exc:
        validate_records(records)
    assert exc.value.total == 600 and len(exc.value.errors) == 100
    assert exc.value.errors[:2] == ["record 0, channel: 'fax' is not one of online, in_person, postal",
                                    "record 0, rating: must be between 1 and 5"]
    assert "(+500 more)" in str(exc.value)


def test_values_are_normalised() -> None:
    table = validate_records([rec(1, unit_code="00070", procedure_name="Đăng ky\u0301 khai sinh",
                                  received_at="2026-03-10T02:00:00Z", paid_online="có", rating="4",
                                  supplement_requests=None)])
    row = table.to_pylist()[0]
    assert row["unit_code"] == "00070"  # leading zeros kept
    assert row["procedure_name"] == "Đăng ký khai sinh"  # NFC
    assert row["received_at"] == dt.datetime(2026, 3, 10, 2, tzinfo=dt.UTC)
    assert (row["paid_online"], row["rating"], row["supplement_requests"]) == (True, 4, None)


# --- store ------------------------------------------------------------------------------------------------------


def test_retried_batch_is_stored_once(tmp_path: Path) -> None:
    records = [rec(1), rec(2, received_at="2026-04-01T00:30:00+07:00", due_at="2026-04-05T00:00:00+07:00",
                          finished_at="2026-04-02T00:00:00+07:00", status_at="2026-04-02T00:00:00+07:00")]
    first = ingest_batch(records, batch_id="b1", store=tmp_path)
    again = ingest_batch(records, batch_id="b1", store=tmp_path)
    assert (first.records, first.files, first.months) == (2, 2, ("2026-03", "2026-04"))
    assert (again.duplicate, again.records) == (True, 0)
    store = EventStore(tmp_path)
    assert sorted(p.parent.name for p in store.files()) == ["month=2026-03", "month=2026-04"]
    assert not list(tmp_path.rglob(".tmp-*"))


def test_same_records_under_another_batch_id_count_once(tmp_path: Path) -> None:
    ingest_batch([rec(1), rec(2)], batch_id="first", store=tmp_path)
    ingest_batch([rec(1), rec(2)], batch_id="retry-with-new-id", store=tmp_path)
    rows = run_kpis(KpiQuery(by=("unit",)), EventStore(tmp_path).files(), unit_map=no_unit_map(), as_of=AS_OF)
    assert rows.to_pylist()[0]["received"] == 2


def test_rejected_batch_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(BatchRejected):
        ingest_batch([rec(1), rec(2, channel="fax")], batch_id="bad", store=tmp_path)
    assert not list(tmp_path.rglob("*.parquet")) and not EventStore(tmp_path).has_batch("bad")


@pytest.mark.parametrize("stage", ["after_temp_write", "after_rename"])
def test_crash_before_commit_leaves_nothing_visible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    stage: str) -> None:
    import dxmonitor.services.events.store as store_module

    store = EventStore(tmp_path)
    real_replace = os.replace

    class Crash(Exception):
        pass

    def crashing_replace(src: Any, dst: Any) -> None:
        if str(dst).endswith(".parquet"):
            if stage == "after_rename":
                real_replace(src, dst)
            raise Crash
        real_replace(src, dst)

    monkeypatch.setattr(store_module.os, "replace", crashing_replace)
    table = validate_records([rec(1)])
    with pytest.raises(Crash):
        store.append(table, batch_id="b")
    monkeypatch.setattr(store_module.os, "replace", real_replace)
    assert store.files() == [] and not store.has_batch("b")
    store.recover()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    # The client retries (it got no reply): the batch lands exactly once.
    assert store.append(table, batch_id="b").records == 1
    assert store.append(table, batch_id="b").duplicate_batch
    assert len(store.files()) == 1


def test_half_written_temp_file_is_never_read(tmp_path: Path) -> None:
    store = EventStore(tmp_path)
    (tmp_path / "month=2026-03").mkdir(parents=True)
    (tmp_path / "month=2026-03" / ".tmp-dead.part").write_bytes(b"half a parquet file")
    (tmp_path / "month=2026-03" / f"b-{'0' * 32}-2026-03.parquet").write_bytes(b"uncommitted")
    store.append(validate_records([rec(1)]), batch_id="b2")
    result = run_kpis(KpiQuery(by=("unit",)), store.files(), unit_map=no_unit_map(), as_of=AS_OF)
    assert result.to_pylist()[0]["received"] == 1
    assert store.recover() == 2


def test_compaction_keeps_the_latest_snapshot_and_the_kpis(tmp_path: Path, capsys: Any) -> None:
    store = EventStore(tmp_path)
    store.append(validate_records([rec(1, status="received", status_at="2026-03-10T09:00:00+07:00",
                                       finished_at=None, channel="in_person")]), batch_id="a")
    store.append(validate_records([rec(2, dossier_id="d1"), rec(3, dossier_id="d3")]), batch_id="b")
    query = KpiQuery(by=("unit", "month"))
    before = rows_as_json(run_kpis(query, store.files(), unit_map=no_unit_map(), as_of=AS_OF))
    assert run_cli(["compact", "--store", str(tmp_path)]) == 0
    assert "3 records into 2" in capsys.readouterr().out
    assert [f.name[:2] for f in store.files()] == ["c-"]
    assert rows_as_json(run_kpis(query, store.files(), unit_map=no_unit_map(), as_of=AS_OF)) == before
    assert store.append(validate_records([rec(1)]), batch_id="a").duplicate_batch  # still idempotent


def test_nightly_compaction_touches_closed_months_only(tmp_path: Path, capsys: Any) -> None:
    store = EventStore(tmp_path)
    april = {"received_at": "2026-04-28T09:00:00+07:00", "due_at": "2026-05-05T17:00:00+07:00",
             "status_at": "2026-04-29T10:00:00+07:00", "finished_at": "2026-04-29T10:00:00+07:00"}
    for batch in ("a", "b"):
        store.append(validate_records([rec(1, record_id=f"m{batch}"), rec(2, record_id=f"a{batch}", **april)]),
                     batch_id=batch)
    # 45 days before 20 May is 5 April: March has been closed that long, April has not.
    assert run_cli(["compact", "--store", str(tmp_path), "--closed-days", "45",
                    "--as-of", "2026-05-20T08:00:00+07:00"]) == 0
    assert "2 records into 1" in capsys.readouterr().out
    assert [f.name[:2] for f in store.files(tmp_path / "month=2026-03")] == ["c-"]
    assert [f.name[:2] for f in store.files(tmp_path / "month=2026-04")] == ["b-", "b-"]
    assert run_cli(["compact", "--store", str(tmp_path), "--closed-days", "-1"]) == 2
    assert "--closed-days" in capsys.readouterr().err


# --- bulk files -------------------------------------------------------------------------------------------------


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rec()))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_ingest_file_is_all_or_nothing_and_names_the_row(tmp_path: Path) -> None:
    bad = _write_csv(tmp_path / "bad.csv", [rec(1), rec(2, dossier_id="d2", due_at="2026-01-01T00:00:00+07:00")])
    with pytest.raises(BatchRejected) as exc:
        ingest_file(bad, store=tmp_path / "store")
    assert exc.value.errors == ["row 2, due_at: is before received_at"]
    assert not list((tmp_path / "store").rglob("*.parquet"))
    table = validate_records([rec(1), rec(2, unit_code="00070")])
    pq.write_table(table.drop_columns(["batch_id"]), tmp_path / "good.parquet")
    first = ingest_file(tmp_path / "good.parquet", store=tmp_path / "store")
    assert (first.records, ingest_file(tmp_path / "good.parquet", store=tmp_path / "store").duplicate) == (2, True)


def test_cli_ingest(tmp_path: Path, capsys: Any) -> None:
    good = _write_csv(tmp_path / "good.csv", [rec(1), rec(2, dossier_id="d2")])
    bad = _write_csv(tmp_path / "bad.csv", [rec(1), rec(2, dossier_id="d2", channel="fax")])
    store = tmp_path / "store"
    assert run_cli(["ingest", str(bad), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "row 2, channel: 'fax'" in err and "nothing was ingested" in err
    assert not list(store.rglob("*.parquet"))
    assert run_cli(["ingest", str(good), "--store", str(store)]) == 0
    assert run_cli(["ingest", str(good), "--store", str(store)]) == 0
    assert "already ingested" in capsys.readouterr().out
    assert len(EventStore(store).files()) == 1


# --- generator --------------------------------------------------------------------------------------------------


def test_generator_is_deterministic_and_realistic() -> None:
    a = generate_table(5_000, seed=3)
    b = generate_table(5_000, seed=3)
    assert a.equals(b)
    assert not a.equals(generate_table(5_000, seed=4))
    rows = a.to_pylist()
    dossiers = {r["dossier_id"] for r in rows}
    assert len(dossiers) < len(rows)  # several snapshots of some dossiers
    assert any(len(r["unit_code"]) == 5 for r in rows) and any(len(r["unit_code"]) == 2 for r in rows)
    channels = {r["channel"] for r in rows}
    assert channels == {"online", "in_person", "postal"}
    assert all(r["due_at"] >= r["received_at"] and r["status_at"] >= r["received_at"] for r in rows)
    cat = procedure_catalogue()
    assert len(cat) == 100 and len({p.code for p in cat}) == 100 and any(not p.online_eligible for p in cat)


def test_generate_writes_a_store_with_late_batches(tmp_path: Path) -> None:
    n = generate(20_000, tmp_path, seed=5, chunk=10_000)
    store = EventStore(tmp_path)
    total = sum(pq.ParquetFile(f).metadata.num_rows for f in store.files())
    assert total == n and store.has_batch("generated-5-late")
    assert (tmp_path / "_catalogue" / "procedures.csv").exists()
    again = tmp_path / "again"
    generate(20_000, again, seed=5, chunk=10_000)
    one = pa.concat_tables([pq.read_table(f) for f in store.files()])
    two = pa.concat_tables([pq.read_table(f) for f in EventStore(again).files()])
    assert one.equals(two)


# --- CLI kpi contract -------------------------------------------------------------------------------------------


def test_cli_kpi_contract(tmp_path: Path, capsys: Any) -> None:
    path = _write_csv(tmp_path / "records.csv", [rec(1), rec(2, dossier_id="d2", unit_code="79", channel="in_person"),
                                                 rec(3, dossier_id="d3", unit_code="00070")])
    assert run_cli(["kpi", "--events", str(path), "--by", "unit,month", "--as-of", "2026-04-20T00:00:00+07:00",
                    "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["unit_code"], r["received"]) for r in rows] == [("01", 2), ("79", 1)]  # commune 00070 is in Hà Nội
    assert all(list(r) == ["unit_code", "period", "received", "online_share", "on_time_share", "online_payment_share",
                           "e_result_share", "digitised_share", "satisfaction"] for r in rows)
    assert rows[0]["period"] == "2026-03" and rows[1]["online_share"] == 0.0 and rows[0]["online_payment_share"] is None


def test_cli_kpi_reads_a_store_folder_and_refuses_naive_as_of(tmp_path: Path, capsys: Any) -> None:
    ingest_batch([rec(1)], batch_id="x", store=tmp_path)
    assert run_cli(["kpi", "--events", str(tmp_path), "--by", "channel,year", "--all"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["channel"] == "online" and rows[0]["period"] == "2026" and "score_766" in rows[0]
    assert run_cli(["kpi", "--events", str(tmp_path), "--as-of", "2026-04-20T00:00:00"]) == 2
    assert "no UTC offset" in capsys.readouterr().err
