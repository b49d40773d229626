"""Data quality "đúng, đủ, sạch, sống": the personal ID structure, each dimension, bad files, the CLI shape."""

from __future__ import annotations

import datetime as dt
import json
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from dxmonitor.cli import main
from dxmonitor.platforms.quality.checker import (
    QualityInputError,
    _check_personal_id,
    check_file,
    load_profile,
)

PERSON = load_profile("person")
AS_OF = dt.date(2026, 11, 24)
HEADER = "person_id,full_name,birth_date,gender,unit_code,updated_at\n"


@pytest.mark.parametrize(
    ("pid", "birth", "gender", "problem"),
    [
        ("001085012345", "1985-03-02", "Nam", None),  # Hà Nội, 20th century, male
        ("079190012345", "1990-01-01", "Nữ", None),  # HCM, 20th century, female
        ("001205012345", "2005-06-01", "Nam", None),  # 21st century, male
        ("001305012345", "2005-06-01", "Nữ", None),  # 21st century, female
        ("001185012345", "1985-03-02", "Nam", "position 4"),  # female digit for a man
        ("001086012345", "1985-03-02", "Nam", "positions 5-6"),  # wrong year
        ("099085012345", "1985-03-02", "Nam", "positions 1-3"),  # no province 099
        ("01085012345", "1985-03-02", "Nam", "12 digits"),
        ("00108501234X", "1985-03-02", "Nam", "12 digits"),
    ],
)
def test_personal_id_structure(pid: str, birth: str, gender: str, problem: str | None) -> None:
    result = _check_personal_id(pid, {"birth_date": birth, "gender": gender})
    assert (result is None) if problem is None else (problem in (result or ""))


def _csv(tmp_path: Path, rows: list[str], name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes((HEADER + "\n".join(rows) + "\n").encode(encoding))
    return path


GOOD = "001085012345,Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01"


def test_dimensions(tmp_path: Path) -> None:
    path = _csv(tmp_path, [
        GOOD,
        "001085012345,Trần Thị Bình,1985-03-02,Nữ,01,2026-10-01",  # duplicate id (clean) + wrong gender digit
        "079190012346,,1990-01-01,Nữ,79,2026-10-01",  # missing name (complete)
        "079190012347,Lê Văn Cường,1990-01-01,Nam,79,2020-01-01",  # stale (live) + gender digit + HCM 79 ok in 2020
        "001085012348,Phạm Văn Dũng,1985-03-02,Nam,02,2026-10-01",  # Hà Giang code 02 not valid after the merger
    ])
    result = check_file(path, PERSON, as_of=AS_OF)
    scores = result.scores(PERSON)
    assert result.rows == 5
    assert scores["complete"] < 1 and scores["clean"] < 1 and scores["live"] < 1 and scores["correct"] < 1
    failed = {(f["row"], f["rule"]) for f in result.failures}
    assert (2, "person_id.unique") in failed
    assert (3, "full_name.required") in failed
    assert (4, "updated_at.fresh") in failed
    assert (5, "unit_code.province_on_updated_at") in failed
    assert (1, "person_id.structure") not in failed


def test_nfd_text_is_checked_but_not_clean(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hà")
    result = check_file(_csv(tmp_path, [f"001185012345,{nfd},1985-03-02,Nữ,01,2026-10-01"]), PERSON, as_of=AS_OF)
    rules = {f["rule"] for f in result.failures}
    assert rules == {"full_name.nfc"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"person_id,full_name\n1,a\n", "missing columns birth_date"),
        ((HEADER + "001085012345,Nguyễn,1985-03-02\n").encode(), "line 2: 3 values for 6 columns"),
        ((HEADER + GOOD.replace("Nguyễn Văn An", "José Phạm").replace("Phạm", "Pham") + "\n").encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(QualityInputError, match=message):
        check_file(path, PERSON, as_of=AS_OF)


def test_size_limit(tmp_path: Path) -> None:
    path = _csv(tmp_path, [GOOD])
    with pytest.raises(QualityInputError, match="over the 0 MB limit"):
        check_file(path, PERSON, as_of=AS_OF, max_bytes=10)


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD + "\n").encode())
    assert check_file(path, PERSON, as_of=AS_OF).scores(PERSON)["overall"] == 1.0


def test_cli_shape(tmp_path: Path, capsys: Any) -> None:
    path = _csv(tmp_path, [GOOD, "001085012345,Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01"])
    assert main(["data", "check", str(path), "--profile", "person", "--as-of", "2026-11-24", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows"] == 2
    assert set(out["scores"]) == {"correct", "complete", "clean", "live", "overall"}
    assert out["failures"] == [{"row": 2, "field": "person_id", "rule": "person_id.unique", "dimension": "clean"}]
    assert main(["data", "check", str(tmp_path / "none.csv"), "--profile", "person"]) == 2


def test_duplicates_and_speed_on_200k_rows(tmp_path: Path) -> None:
    rows = [f"001085{i:06d},Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01" for i in range(200_000)]
    rows.append(rows[0])
    path = _csv(tmp_path, rows)
    t0 = time.perf_counter()
    result = check_file(path, PERSON, as_of=AS_OF)
    elapsed = time.perf_counter() - t0
    assert result.rows == 200_001
    assert [f["row"] for f in result.failures if f["rule"] == "person_id.unique"] == [200_001]
    assert elapsed < 20
