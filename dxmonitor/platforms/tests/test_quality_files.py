"""Data quality on real files: bad files refused whole with clear messages, streaming, the CLI and its JSON."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from dxmonitor.platforms.quality import QualityInputError, check_file, check_stream, load_profile, parse_rules
from dxmonitor.platforms.quality.cli import register

PERSON = load_profile("person")
AS_OF = dt.date(2026, 11, 24)
HEADER = "person_id,full_name,birth_date,gender,unit_code,updated_at"
GOOD = "001085012345,Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01"


def run_cli(argv: list[str], capsys: Any) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="dxmonitor data")
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def person_rows(n: int, start: int = 0) -> list[str]:
    return [f"001085{i:06d},Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01" for i in range(start, start + n)]


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


# ---------------------------------------------------------------------------------------------- bad files

LATIN1 = (HEADER + "\n" + GOOD + "\n" + "001085012346,José Pérez,1985-03-02,Nam,01,2026-10-01\n").encode("latin-1",
                                                                                                            "replace")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file: empty (0 bytes)"),
        (b"\n\n", "file: empty (no header line)"),
        ((HEADER + "\n").encode(), "a header but no data rows"),
        (b"person_id,full_name\n1,a\n",
         "missing columns birth_date, gender, unit_code, updated_at (the header has: person_id, full_name)"),
        (b"person_id,full_name,birth_date,gender,unit_code\n1,a,b,c,d\n", "missing column updated_at "),
        ((HEADER + ",full_name\n").encode(), "column 'full_name' appears twice"),
        ((HEADER + "\n" + GOOD + "\n001085012346,Nguyễn,1985-03-02\n").encode(),
         "line 3 (data row 2) has 3 values but the header has 6 columns"),
        ((HEADER + "\n" + GOOD + "\n" + GOOD + ",extra\n").encode(), "line 3 (data row 2) has 7 values"),
        # a quoted value over two lines: the ragged record after it is still named by its line
        ((HEADER + '\n001085012345,"Nguyễn\nVăn An",1985-03-02,Nam,01,2026-10-01\n1,2\n').encode(),
         "line 4 (data row 2) has 2 values"),
        (LATIN1, "not UTF-8 text: byte 0xE9 at byte offset 131 (line 3, byte 17 of the line)"),
        ("\ufeff".encode("utf-16-le") + HEADER.encode("utf-16-le"), "UTF-16, not UTF-8"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    failures = tmp_path / "failures.csv"
    with pytest.raises(QualityInputError) as caught:
        check_file(write(tmp_path / "bad.csv", content), PERSON, as_of=AS_OF, failures_path=failures)
    assert message in str(caught.value)
    assert list(tmp_path.iterdir()) == [tmp_path / "bad.csv"]  # no failures file, not even a partial one


def test_encoding_error_deep_in_a_big_file_names_its_line(tmp_path: Path) -> None:
    body = "\n".join([HEADER, *person_rows(30_000)]).encode() + b"\n"
    bad_line = 30_002
    content = body + b"001085999999,L\xea V\xe3n,1985-03-02,Nam,01,2026-10-01\n"
    path = write(tmp_path / "bad.csv", content)
    with pytest.raises(QualityInputError, match=f"byte offset {len(body) + 14} \\(line {bad_line}, byte 15"):
        check_file(path, PERSON, as_of=AS_OF, max_bytes=None)


def test_a_multibyte_character_cut_by_the_scan_block_is_fine(tmp_path: Path) -> None:
    # "ễ" is three bytes; pad so that it straddles the 1 MiB boundary of the encoding scan.
    prefix = (HEADER + "\n").encode()
    filler_row = GOOD.encode() + b"\n"
    rows = (1024 * 1024 - len(prefix)) // len(filler_row) + 1
    ids = [f"001085{i:06d},Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01\n".encode() for i in range(rows)]
    path = write(tmp_path / "ok.csv", prefix + b"".join(ids))
    assert check_file(path, PERSON, as_of=AS_OF, max_bytes=None).rows == rows


def test_size_limit_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "big.csv", ("\n".join([HEADER, *person_rows(20)]) + "\n").encode())
    with pytest.raises(QualityInputError, match=r"over the size limit of 0\.0 MB.*--max-mb"):
        check_file(path, PERSON, as_of=AS_OF, max_bytes=100)
    assert check_file(path, PERSON, as_of=AS_OF, max_bytes=None).rows == 20


def test_the_default_limit_is_50_mb(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.write((HEADER + "\n").encode())
        fh.truncate(50 * 1024 * 1024 + 1)  # sparse: the size is refused before any byte is read
    with pytest.raises(QualityInputError, match=r"50\.0 MB is over the size limit of 50\.0 MB"):
        check_file(path, PERSON, as_of=AS_OF)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(QualityInputError, match="not found"):
        check_file(tmp_path / "none.csv", PERSON, as_of=AS_OF)


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    content = b"\xef\xbb\xbf" + (HEADER + "\r\n" + GOOD + "\r\n").encode()
    report = check_file(write(tmp_path / "bom.csv", content), PERSON, as_of=AS_OF)
    assert report.scores["overall"] == 1.0 and report.input["encoding"] == "utf-8-sig"


def test_nfd_file_is_checked_and_counted_unclean(tmp_path: Path) -> None:
    # A whole file typed on a Mac: header, names and "Nữ" decomposed.
    text = "\n".join([HEADER, "001185012345,Nguyễn Thị Hà,1985-03-02,Nữ,01,2026-10-01", GOOD]) + "\n"
    path = write(tmp_path / "nfd.csv", unicodedata.normalize("NFD", text).encode())
    report = check_file(path, PERSON, as_of=AS_OF)
    assert {(f.row, f.rule) for f in report.failures} == {(1, "full_name.nfc"), (1, "gender.nfc"),
                                                          (2, "full_name.nfc")}
    assert report.scores["correct"] == 1.0  # "Nữ" in NFD is still recognised as female for the ID check
    assert report.input["nfd_cells"] == 3


def test_rows_that_are_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "gaps.csv", ("\n".join([HEADER, GOOD, "", person_rows(1, 7)[0]]) + "\n").encode())
    assert check_file(path, PERSON, as_of=AS_OF).rows == 2


def test_extra_columns_are_allowed(tmp_path: Path) -> None:
    path = write(tmp_path / "extra.csv", ("note," + HEADER + "\nx," + GOOD + "\n").encode())
    assert check_file(path, PERSON, as_of=AS_OF).scores["overall"] == 1.0


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("rules: [", "not valid YAML"),
        ("- a\n- b\n", "must be a mapping"),
        ("columns: [a]\nrules:\n  - {field: a, check: nope, dimension: correct}", "unknown check 'nope'"),
        ("columns: [a]\nrules:\n  - {field: a, check: regex, pattern: x, dimension: fresh}", "dimension 'fresh'"),
        ("columns: [a]\nrules:\n  - {field: b, check: required, dimension: complete}", "field b is not a declared"),
        ("columns: [a]\nrules:\n  - {field: a, check: regex, dimension: correct}", "missing parameter pattern"),
        ("columns: [a]\nrules:\n  - {field: a, check: regex, pattern: '(', dimension: correct}", "not a valid RE2"),
        ("columns: [a]\nrules:\n  - {field: a, check: date, format: x, dimension: correct}", "unknown parameter format"),
        ("columns: [a]\nrules:\n  - {field: a, check: fresh, days: soon, dimension: live}", "whole number of days"),
        ("columns: [a]\nrules:\n  - {field: a, check: range, dimension: correct}", "needs 'min' or 'max'"),
        ("columns: [a]\nrules:\n  - {field: a, check: reference, list: planets, dimension: correct}",
         "list 'planets' is not one of"),
        ("columns: [a]\nrules:\n  - {field: a, check: compare, op: '~', other: a, dimension: correct}", "op '~'"),
        ("columns: [a]\nrules:\n  - {field: a, check: nfc, dimension: clean, weight: 0}", "weight must be above 0"),
        ("columns: [{name: a, type: blob}]", "type 'blob'"),
        ("columns: [a]", "no rules"),
        ("columns: [{name: a, required: true}]\nrules:\n  - {field: a, check: required, dimension: complete}",
         "rule id 'a.required' is used twice"),
    ],
)
def test_bad_rules_are_refused(yaml_text: str, message: str) -> None:
    with pytest.raises(QualityInputError, match=message.replace("(", r"\(")):
        parse_rules(yaml_text)


def test_unknown_profile() -> None:
    with pytest.raises(QualityInputError, match=r"no built-in profile 'persons' \(known: .*person"):
        load_profile("persons")


# ---------------------------------------------------------------------------------------------- streaming

def test_duplicates_are_found_across_chunk_boundaries(tmp_path: Path) -> None:
    rows = person_rows(3000)
    rows[2999] = rows[0]  # last row repeats the first: thousands of rows and many chunks apart
    rows[1500] = rows[1499]  # neighbours, likely split by a chunk boundary at some block size
    rows[2000] = rows[10]
    path = write(tmp_path / "dups.csv", ("\n".join([HEADER, *rows]) + "\n").encode())
    for block_size in (4096, 9000, 1 << 20):
        report = check_file(path, PERSON, as_of=AS_OF, block_size=block_size)
        dups = {(f.row, f.message) for f in report.failures if f.rule == "person_id.unique"}
        assert dups == {
            (1501, "'001085001499' already appears in row 1500"),
            (2001, "'001085000010' already appears in row 11"),
            (3000, "'001085000000' already appears in row 1"),
        }, block_size


def test_failures_are_capped_in_memory_and_complete_in_the_csv(tmp_path: Path) -> None:
    rows = [r.replace(",Nam,", ",Nữ,") for r in person_rows(500)]  # every ID disagrees with the gender
    path = write(tmp_path / "bad_ids.csv", ("\n".join([HEADER, *rows]) + "\n").encode())
    out = tmp_path / "failures.csv"
    report = check_file(path, PERSON, as_of=AS_OF, max_failures=7, failures_path=out, block_size=4096)
    assert len(report.failures) == 7 and report.failures_total == 500
    with out.open(encoding="utf-8", newline="") as fh:
        written = list(csv.DictReader(fh))
    assert len(written) == 500
    assert written[0] == {"row": "1", "field": "person_id", "rule": "person_id.matches_birth",
                          "dimension": "correct", "value": "001085000000",
                          "message": "position 4 is '0' but a female born in 1985 needs '1'"}
    assert [int(r["row"]) for r in written] == list(range(1, 501))


def test_check_stream_accepts_an_upload_like_stream() -> None:
    class Upload(io.RawIOBase):  # an upload that cannot seek is spooled to disk first
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    data = ("\n".join([HEADER, GOOD]) + "\n").encode()
    assert check_stream(io.BufferedReader(Upload(data)), PERSON, as_of=AS_OF).rows == 1
    assert check_stream(io.BytesIO(data), PERSON, as_of=AS_OF).rows == 1
    with pytest.raises(QualityInputError, match="over the size limit"):
        check_stream(io.BufferedReader(Upload(data)), PERSON, as_of=AS_OF, max_bytes=10)


@pytest.mark.slow
def test_200k_rows_stream_quickly_with_a_duplicate_at_the_end(tmp_path: Path) -> None:
    rows = person_rows(200_000)
    rows.append(rows[0])
    path = write(tmp_path / "people.csv", ("\n".join([HEADER, *rows]) + "\n").encode())
    started = time.perf_counter()
    report = check_file(path, PERSON, as_of=AS_OF, max_bytes=None)
    elapsed = time.perf_counter() - started
    assert report.rows == 200_001
    assert [(f.row, f.rule) for f in report.failures] == [(200_001, "person_id.unique")]
    assert elapsed < 15  # 1 million rows must take well under a minute; this is a fifth of that, shared CPU


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("DXMONITOR_BIG_TESTS"), reason="1 million rows: set DXMONITOR_BIG_TESTS=1")
def test_one_million_rows_within_the_time_bound(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        for i in range(1_000_000):
            fh.write(f"0{i % 96 + 1:02d}085{i:06d},Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01\n")
    started = time.perf_counter()
    report = check_file(path, PERSON, as_of=AS_OF, max_bytes=None)
    assert report.rows == 1_000_000
    assert time.perf_counter() - started < 60


# ---------------------------------------------------------------------------------------------- the CLI

def test_cli_json_shape(tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path / "p.csv", ("\n".join([HEADER, GOOD, GOOD, "079190012346,,1990-01-01,Nữ,79,2020-01-01"])
                                      + "\n").encode())
    code, out, err = run_cli(["check", str(path), "--profile", "person", "--as-of", "2026-11-24", "--format", "json",
                              "--max-failures", "2"], capsys)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert list(doc) == ["rows", "scores", "failures", "failures_total", "failures_left_out", "ratings", "rules",
                         "fields", "ruleset", "as_of", "input"]
    assert doc["rows"] == 3
    assert list(doc["scores"]) == ["correct", "complete", "clean", "live", "overall"]
    assert all(isinstance(v, float) and 0 <= v <= 1 for v in doc["scores"].values())
    assert doc["failures"] == [
        {"row": 2, "field": "person_id", "rule": "person_id.unique", "dimension": "clean"},
        {"row": 3, "field": "full_name", "rule": "full_name.required", "dimension": "complete"},
    ]
    assert doc["failures_total"] == 3 and doc["failures_left_out"] == 1  # + updated_at.fresh on row 3
    assert doc["scores"]["live"] == round(2 / 3, 4)
    assert doc["ratings"]["live"] == "red"
    assert {"rule": "updated_at.fresh", "field": "updated_at", "dimension": "live", "weight": 1.0, "judged": 3,
            "failed": 1, "score": round(2 / 3, 4)} in doc["rules"]
    assert doc["fields"]["updated_at"]["live"] == round(2 / 3, 4)
    assert (doc["ruleset"], doc["as_of"]) == ("person", "2026-11-24")


def test_cli_rules_file_table_and_failures_csv(tmp_path: Path, capsys: Any) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("columns: [{name: code, required: true}]\nrules:\n"
                     "  - {field: code, check: regex, pattern: '[A-Z]{2}', dimension: correct}\n", encoding="utf-8")
    path = write(tmp_path / "codes.csv", b"code\nAB\nabc\n\n")
    out = tmp_path / "fail.csv"
    code, text, _ = run_cli(["check", str(path), "--rules", str(rules), "--format", "table", "--failures", str(out)],
                            capsys)
    assert code == 0
    assert "correct    50.0%  red" in text and "'abc' does not match [A-Z]{2}" in text
    assert out.read_text(encoding="utf-8").splitlines() == [
        "row,field,rule,dimension,value,message", "2,code,code.regex,correct,abc,'abc' does not match [A-Z]{2}"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--profile", "person"], "not found"),
        (["--profile", "nobody"], "no built-in profile 'nobody'"),
        (["--rules", "missing.yaml"], "rules: file missing.yaml not found"),
        (["--profile", "person", "--as-of", "24/11/2026"], "--as-of '24/11/2026' is not a date"),
    ],
)
def test_cli_exit_code_2_on_bad_input(tmp_path: Path, capsys: Any, argv: list[str], message: str) -> None:
    code, out, err = run_cli(["check", str(tmp_path / "none.csv"), *argv], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err


def test_cli_size_flag(tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path / "p.csv", ("\n".join([HEADER, *person_rows(50)]) + "\n").encode())
    code, _, err = run_cli(["check", str(path), "--profile", "person", "--max-mb", "0.001"], capsys)
    assert code == 2 and "over the size limit of 0.0 MB" in err
    code, out, _ = run_cli(["check", str(path), "--profile", "person", "--max-mb", "0", "--as-of", "2026-11-24"],
                           capsys)
    assert code == 0 and json.loads(out)["rows"] == 50


def test_duplicate_tracker_matches_a_dictionary_on_random_chunks() -> None:
    import random

    import numpy as np

    from dxmonitor.platforms.quality.checks import DuplicateTracker

    rng = random.Random(8)
    keys = [str(rng.randint(0, 20_000)) for _ in range(40_000)]
    first: dict[str, int] = {}
    expected = []
    for row, key in enumerate(keys, start=1):
        expected.append(first.get(key, 0))
        first.setdefault(key, row)
    tracker, got, start = DuplicateTracker(), [], 0
    while start < len(keys):
        chunk = keys[start:start + rng.randint(1, 2500)]
        got.extend(tracker.add(chunk, np.arange(start + 1, start + 1 + len(chunk))).tolist())
        start += len(chunk)
    assert got == expected
    assert len(tracker) == len(first) and len(tracker.runs) < 12


def test_the_dxmonitor_command_runs_data_check(tmp_path: Path, capsys: Any) -> None:
    from dxmonitor.cli import main

    path = write(tmp_path / "p.csv", ("\n".join([HEADER, GOOD]) + "\n").encode())
    assert main(["data", "check", str(path), "--profile", "person", "--as-of", "2026-11-24", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["scores"]["overall"] == 1.0
    assert main(["data", "check", str(tmp_path / "none.csv"), "--profile", "person"]) == 2
