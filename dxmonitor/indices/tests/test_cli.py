"""`dxmonitor index` from the shell: contract shape, published data, bad CSVs, explain, the database branch."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from dxmonitor.indices import cli as index_cli
from dxmonitor.indices.tests.test_engine import MAINS, published_2022


def run(argv: list[str]) -> int:
    """The `index` group as the console script builds it (register() on an argparse subparsers object)."""
    parser = argparse.ArgumentParser(prog="dxmonitor index")
    index_cli.register(parser.add_subparsers(required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def _csv(tmp_path: Path, text: str, name: str = "values.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _published_csv(tmp_path: Path) -> Path:
    lines = ["unit_code,indicator_code,value"]
    for r in published_2022():
        lines += [f"{r['unit_code']},{c},{r[c]}" for c in MAINS]
    return _csv(tmp_path, "\n".join(lines))


def test_methodologies_listed(capsys: Any) -> None:
    assert run(["methodologies", "--format", "json"]) == 0
    rows = {m["code"]: m for m in json.loads(capsys.readouterr().out)}
    assert {"dti-province-922", "dti-province-405", "dti-ministry-405"} <= set(rows)
    assert rows["dti-province-922"]["version"].startswith("922") and rows["dti-province-922"]["title"]
    assert run(["methodologies"]) == 0
    assert "dti-province-405" in capsys.readouterr().out


def test_compute_from_published_values(tmp_path: Path, capsys: Any) -> None:
    path = _published_csv(tmp_path)
    assert run(["compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path),
                "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) >= {"unit_code", "unit_name", "score", "rank", "pillars"}
    assert (rows[0]["unit_code"], rows[0]["unit_name"], round(rows[0]["score"], 4), rows[0]["rank"]) == \
        ("48", "Đà Nẵng", 0.8002, 1)
    assert set(rows[0]["pillars"]) == {"cqs", "kts", "xhs"}
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    published = {r["unit_code"]: float(r["dti"]) for r in published_2022()}
    assert all(abs(round(r["score"], 4) - published[r["unit_code"]]) <= 0.0001 + 1e-12 for r in rows)


def test_compute_table_and_intervals(tmp_path: Path, capsys: Any) -> None:
    path = _published_csv(tmp_path)
    assert run(["compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path),
                "--intervals", "--draws", "300"]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert "CQS" in lines[0] and "5-95" in lines[0]
    assert lines[1].split()[:3] == ["1", "48", "Đà"] and "0.8002" in lines[1]
    assert "300 draws" in out.err  # progress goes to stderr


def test_csv_conveniences(tmp_path: Path, capsys: Any) -> None:
    """';' separator and decimal commas (Excel in a Vietnamese locale), BOM, blank lines, empty values."""
    text = "\ufeffunit_code;indicator_code;value\n48;awareness;0,9\n\n48;institutions;\n"
    path = _csv(tmp_path, text)
    assert run(["compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path),
                "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["main_indicators"]["awareness"] == pytest.approx(0.9)
    assert row["main_indicators"]["institutions"] is None
    assert row["score"] == pytest.approx(0.09)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("unit_code,indicator_code\n48,awareness", "line 1: missing columns value"),
        ("unit_code,indicator_code,value\n48,awarenes,0.5", "line 2, column indicator_code: unknown indicator 'awarenes'"),
        ("unit_code,indicator_code,value\n48,awareness,abc", "line 2, column value: 'abc' is not a number"),
        ("unit_code,indicator_code,value\n48,awareness,inf", "line 2, column value: 'inf' is not a number"),
        ("unit_code,indicator_code,value\n48,awareness,0.5\n99,awareness,0.5",
         "line 3, column unit_code: unknown province code '99' in 2022"),
        ("unit_code,indicator_code,value\n,awareness,0.5", "line 2, column unit_code: empty"),
        ("unit_code,indicator_code,value\n48,awareness,0.5\n48,awareness,0.6", "line 3: duplicate value"),
        ("", "empty file"),
    ],
)
def test_bad_csv_names_line_and_column(tmp_path: Path, capsys: Any, text: str, message: str) -> None:
    path = _csv(tmp_path, text)
    assert run(["compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(path) in err


def test_all_errors_at_once(tmp_path: Path, capsys: Any) -> None:
    path = _csv(tmp_path, "unit_code,indicator_code,value\n48,x,1\n48,awareness,?\n")
    assert run(["compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path)]) == 2
    err = capsys.readouterr().err
    assert "line 2, column indicator_code" in err and "line 3, column value" in err


def test_not_utf8_missing_file_and_unknown_methodology(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "v.csv"
    path.write_bytes(b"unit_code,indicator_code,value\n48,awareness,\xff")
    assert run(["compute", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert run(["compute", "--methodology", "dti-province-922", "--period", "2022", "--values",
                str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv" in capsys.readouterr().err
    assert run(["compute", "--methodology", "dti-9999", "--period", "2022", "--values", str(path)]) == 2
    assert "methodology 'dti-9999' not found" in capsys.readouterr().err


def test_unit_names_follow_the_period(tmp_path: Path, capsys: Any) -> None:
    path = _csv(tmp_path, "unit_code,indicator_code,value\n15,awareness,0.5\n")
    assert run(["compute", "--methodology", "dti-province-405", "--period", "2023", "--values", str(path),
                "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["unit_name"] == "Yên Bái"  # code 15 before the merger
    assert run(["compute", "--methodology", "dti-province-405", "--period", "2025", "--values", str(path),
                "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["unit_name"] == "Lào Cai"  # code 15 after it
    assert run(["compute", "--methodology", "dti-province-405", "--period", "2024", "--values", str(path),
                "--units-on", "2025-07-01", "--format", "json"]) == 0  # DTI 2024 ranked the 34 merged units
    assert json.loads(capsys.readouterr().out)[0]["unit_name"] == "Lào Cai"


def test_ministries_are_ranked_in_their_groups(tmp_path: Path, capsys: Any) -> None:
    lines = ["unit_code,indicator_code,value"]
    for unit, v in (("BTC", 0.8), ("BKHDT", 0.9), ("VPCP", 0.4)):
        lines += [f"{unit},main_{i},{v}" for i in range(1, 7)]
    path = _csv(tmp_path, "\n".join(lines))
    assert run(["compute", "--methodology", "dti-ministry-405", "--period", "2024", "--values", str(path),
                "--format", "json"]) == 0
    rows = {r["unit_code"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["BKHDT"]["rank"], rows["BTC"]["rank"], rows["VPCP"]["rank"]) == (1, 2, 1)
    assert rows["VPCP"]["group"] == "ministry_no_dvc"


def test_explain(tmp_path: Path, capsys: Any) -> None:
    path = _published_csv(tmp_path)
    base = ["explain", "--methodology", "dti-province-922", "--period", "2022", "--values", str(path), "--unit"]
    assert run([*base, "79", "--format", "json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert tree["unit_name"] == "Hồ Chí Minh" and tree["rank"] == 2
    activities = tree["tree"]["children"][1]
    assert activities["children"][0] == activities["children"][0] | {
        "code": "digital_government", "raw": 0.8406, "normalised": 0.8406, "given": True}
    assert run([*base, "48"]) == 0
    out = capsys.readouterr().out
    assert "digital_government" in out and "0.8575" in out
    assert run([*base, "01"]) == 2
    assert "unit '01' has no values" in capsys.readouterr().err


def test_without_values_the_database_selector_is_called(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    import sys
    import types

    calls: list[tuple[str, int]] = []

    def load_period_values(methodology_code: str, period: int) -> tuple[dict, dict, dict]:
        calls.append((methodology_code, period))
        return {"48": dict.fromkeys(MAINS, 0.5)}, {"48": "Đà Nẵng"}, {"48": "province"}

    fake = types.ModuleType("dxmonitor.indices.selectors")
    fake.load_period_values = load_period_values  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dxmonitor.indices.selectors", fake)
    monkeypatch.setattr("dxmonitor.cli.setup_django", lambda: None)
    assert run(["compute", "--methodology", "dti-province-922", "--period", "2023", "--format", "json"]) == 0
    assert calls == [("dti-province-922", 2023)]
    assert json.loads(capsys.readouterr().out)[0]["score"] == pytest.approx(0.5)
