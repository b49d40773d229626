"""`dxmonitor index` from the shell: contract shape, published data, bad CSVs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dxmonitor.cli import main
from dxmonitor.indices.tests.test_engine import MAINS, published_2022


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_methodologies_listed(capsys: Any) -> None:
    assert main(["index", "methodologies", "--format", "json"]) == 0
    codes = {m["code"] for m in json.loads(capsys.readouterr().out)}
    assert {"dti-province-922", "dti-province-405"} <= codes


def test_compute_from_published_values(tmp_path: Path, capsys: Any) -> None:
    lines = ["unit_code,indicator_code,value"]
    for r in published_2022():
        lines += [f"{r['unit_code']},{c},{r[c]}" for c in MAINS]
    path = _csv(tmp_path, "\n".join(lines))
    assert main(["index", "compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path),
                 "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) >= {"unit_code", "unit_name", "score", "rank", "pillars"}
    assert (rows[0]["unit_code"], rows[0]["unit_name"], round(rows[0]["score"], 4), rows[0]["rank"]) == \
        ("48", "Đà Nẵng", 0.8002, 1)
    assert set(rows[0]["pillars"]) == {"cqs", "kts", "xhs"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("unit_code,indicator_code\n48,awareness", "missing columns value"),
        ("unit_code,indicator_code,value\n48,awarenes,0.5", "line 2, column indicator_code: unknown indicator 'awarenes'"),
        ("unit_code,indicator_code,value\n48,awareness,abc", "line 2, column value: 'abc' is not a number"),
        ("unit_code,indicator_code,value\n99,awareness,0.5", "line 2, column unit_code: unknown province code '99' in 2022"),
        ("unit_code,indicator_code,value\n48,awareness,0.5\n48,awareness,0.6", "line 3: duplicate value"),
    ],
)
def test_bad_csv_names_line_and_column(tmp_path: Path, capsys: Any, text: str, message: str) -> None:
    path = _csv(tmp_path, text)
    assert main(["index", "compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_not_utf8(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "v.csv"
    path.write_bytes("unit_code,indicator_code,value\n48,awareness,Đà".encode("cp1258", errors="replace") + b"\xff")
    assert main(["index", "compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
