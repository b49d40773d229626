"""Data quality "đúng, đủ, sạch, sống": the personal ID table, each dimension, scores, and the person profile."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pyarrow as pa
import pytest

from dxmonitor.platforms.quality import (
    QualityReport,
    check_file,
    load_profile,
    parse_rules,
    rating,
)
from dxmonitor.platforms.quality.dates import parse_dates, parse_one
from dxmonitor.platforms.quality.personal_id import century_gender_digit, gender_sex, personal_id_problem
from dxmonitor.platforms.quality.report import weighted_mean

PERSON = load_profile("person")
AS_OF = dt.date(2026, 11, 24)
HEADER = "person_id,full_name,birth_date,gender,unit_code,updated_at"
GOOD = "001085012345,Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01"
DATA = Path(__file__).parent / "data"


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode())
    return path


def failed(report: QualityReport) -> set[tuple[int, str]]:
    return {(f.row, f.rule) for f in report.failures}


# ------------------------------------------------------------------------------------------ the personal ID

@pytest.mark.parametrize(
    ("year", "female", "digit"),
    [
        (1900, False, 0), (1999, True, 1), (2000, False, 2), (2099, True, 3), (2100, False, 4), (2150, True, 5),
        (2200, False, 6), (2299, True, 7), (2300, False, 8), (2399, True, 9), (1899, False, None),
        (2400, True, None),
    ],
)
def test_century_gender_digit(year: int, female: bool, digit: int | None) -> None:
    assert century_gender_digit(year, female) == digit


ID_CASES: list[tuple[str, str, str, str | None]] = [
    ("001085012345", "1985-03-02", "Nam", None),  # Hà Nội, 20th century, male
    ("079190012345", "1990-01-01", "Nữ", None),  # Hồ Chí Minh City, 20th century, female
    ("001205012345", "2005-06-01", "M", None),  # 21st century, male
    ("001305012345", "2005-06-01", "female", None),  # 21st century, female
    ("096400012345", "2100-01-01", "male", None),  # Cà Mau, 22nd century, male
    ("096599012345", "2199-12-31", "F", None),
    ("001600012345", "2200-01-01", "nam", None),
    ("001799012345", "2299-05-05", "NỮ", None),
    ("001800012345", "2300-01-01", "Male", None),
    ("001999012345", "2399-01-01", "Nữ", None),
    ("001185012345", "1985-03-02", "Nam", "position 4 is '1' but a male born in 1985 needs '0'"),
    ("001085012345", "1985-03-02", "Nữ", "position 4 is '0' but a female born in 1985 needs '1'"),
    ("001285012345", "1985-03-02", "Nam", "position 4 is '2'"),  # 21st-century digit, 20th-century birth
    ("001005012345", "2005-06-01", "Nam", "position 4 is '0' but a male born in 2005 needs '2'"),
    ("001086012345", "1985-03-02", "Nam", "positions 5-6 are '86' but the birth year is 1985"),
    ("001099012345", "1899-01-01", "Nam", "outside 1900-2399"),
    ("003085012345", "1985-03-02", "Nam", "positions 1-3 '003'"),  # no province 03 on the 63 list
    ("099085012345", "1985-03-02", "Nam", "positions 1-3 '099'"),
    ("000085012345", "1985-03-02", "Nam", "positions 1-3 '000'"),
    ("01085012345", "1985-03-02", "Nam", "not 12 digits"),
    ("0010850123456", "1985-03-02", "Nam", "not 12 digits"),
    ("00108501234X", "1985-03-02", "Nam", "not 12 digits"),
    ("００１085012345", "1985-03-02", "Nam", "not 12 digits"),  # full-width digits are not ASCII digits
    ("001085012345", "", "Nam", None),  # no birth date: only the structure is judged
    ("001085012345", "1985-03-02", "X", None),  # unknown gender: only the structure is judged
]


@pytest.mark.parametrize(("pid", "birth", "gender", "problem"), ID_CASES)
def test_personal_id_table(pid: str, birth: str, gender: str, problem: str | None) -> None:
    result = personal_id_problem(pid, parse_one(birth) if birth else None, gender_sex(gender))
    if problem is None:
        assert result is None
    else:
        assert result is not None and problem in result


def test_vectorised_id_check_agrees_with_the_table(tmp_path: Path) -> None:
    rows = [f"{pid},Tên,{birth},{gender},01,2026-10-01" for pid, birth, gender, _ in ID_CASES]
    report = check_file(write_csv(tmp_path, rows), PERSON, as_of=AS_OF)
    id_failures = {f.row for f in report.failures if f.rule.startswith("person_id.") and f.rule != "person_id.unique"}
    expected = {n for n, (*_, problem) in enumerate(ID_CASES, start=1) if problem is not None}
    assert id_failures == expected


def test_the_new_34_province_codes_are_not_id_prefixes() -> None:
    # 046 (Huế) is on both lists; 003 was never a province code; no mapping onto the 34 is attempted.
    assert personal_id_problem("046085012345") is None
    assert personal_id_problem("003085012345") is not None


@pytest.mark.parametrize(
    ("text", "day", "iso"),
    [
        ("1985-03-02", dt.date(1985, 3, 2), True),
        ("2024-02-29", dt.date(2024, 2, 29), True),
        ("2026-10-01T08:30:00+07:00", dt.date(2026, 10, 1), True),
        ("2026-10-01 08:30", dt.date(2026, 10, 1), True),
        ("02/03/1985", dt.date(1985, 3, 2), False),
        ("2/3/1985", dt.date(1985, 3, 2), False),
        ("2025-02-29", None, False),  # not a leap year (Arrow's strptime would roll it to 1 March)
        ("2025-02-30", None, False),
        ("1985-3-2", None, False),
        ("1900-02-29", None, False),
        ("2000-02-29", dt.date(2000, 2, 29), True),
        ("31/04/2020", None, False),
        ("2025-13-01", None, False),
        ("hôm qua", None, False),
    ],
)
def test_dates_are_parsed_strictly(text: str, day: dt.date | None, iso: bool) -> None:
    assert parse_one(text) == day
    assert bool(parse_dates(pa.array([text])).iso[0]) is iso


# ------------------------------------------------------------------------------------------ the dimensions

def test_a_clean_file_scores_one(tmp_path: Path) -> None:
    report = check_file(write_csv(tmp_path, [GOOD, "079190012346,Trần Thị Bình,1990-01-01,Nữ,79,2026-01-01"]),
                        PERSON, as_of=AS_OF)
    assert report.rows == 2
    assert report.scores == {"correct": 1.0, "complete": 1.0, "clean": 1.0, "live": 1.0, "overall": 1.0}
    assert report.failures == () and report.failures_total == 0


def test_complete_counts_each_gap_once(tmp_path: Path) -> None:
    report = check_file(write_csv(tmp_path, [GOOD, "079190012346,,,Nữ,79,2026-01-01"]), PERSON, as_of=AS_OF)
    assert failed(report) == {(2, "full_name.required"), (2, "birth_date.required")}
    # 12 required judgements, 2 failing; the empty values are judged by no other rule.
    assert report.scores["complete"] == round(10 / 12, 4)
    assert report.scores["correct"] == 1.0 and report.scores["clean"] == 1.0


def test_correct(tmp_path: Path) -> None:
    rows = [
        GOOD,
        "001085012346,Lê Văn Bảo,1985-03-02,Nam,02,2026-10-01",  # Hà Giang (02) ended on 2025-06-30
        "001085012347,Lê Văn Cường,1985-03-02,Nam,02,2025-06-30",  # ... so it is valid on that day
        "001085012348,Lê Văn Dũng,1985-03-02,Nam,99,2025-06-30",  # never a province code
        "001085012349,Lê Văn Em,1985-02-30,Nam,01,2026-10-01",  # not a date: the ID agreement is not judged
        "001085012350,Lê Văn Phú,1985-03-02,khác,01,2026-10-01",  # gender not accepted
        "001085012351,Lê Văn Giang,2027-03-02,Nam,01,2026-10-01",  # born after the update, and the ID disagrees
    ]
    report = check_file(write_csv(tmp_path, rows), PERSON, as_of=dt.date(2026, 6, 1))
    assert failed(report) == {
        (2, "unit_code.province_on_updated_at"),
        (4, "unit_code.province_on_updated_at"),
        (5, "birth_date.date"),
        (6, "gender.value"),
        (7, "birth_date.not_after_update"),
        (7, "person_id.matches_birth"),
    }
    messages = {f.row: f.message for f in report.failures if f.rule == "unit_code.province_on_updated_at"}
    assert messages[2] == "'02' is not a province code valid on 2026-10-01"
    by_rule = {r.rule: r for r in report.rule_scores}
    assert by_rule["person_id.matches_birth"].judged == 5  # rows 5 (bad date) and 6 (bad gender) not judged


def test_unit_codes_of_the_34_list_are_valid_only_from_the_merger(tmp_path: Path) -> None:
    # Tuyên Quang (08) absorbed Hà Giang (02) on 2025-07-01: 08 is valid on both sides, 02 only before.
    rows = [
        "001085012345,An,1985-03-02,Nam,08,2025-06-30",
        "001085012346,Bình,1985-03-02,Nam,08,2025-07-01",
        "001085012347,Cường,1985-03-02,Nam,02,2025-07-01",
        "001085012348,Dũng,1985-03-02,Nam,02,2007-01-01",  # before 2008: judged on the 63-province list
    ]
    report = check_file(write_csv(tmp_path, rows), PERSON, as_of=dt.date(2025, 12, 31))
    assert {r for r, rule in failed(report) if rule.startswith("unit_code")} == {3}


def test_clean(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hà")
    rows = [
        GOOD,
        "001085012345,Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01",  # duplicate key
        f"001185012346,{nfd},1985-03-02,Nữ,01,2026-10-01",  # NFD: unclean, still checked (and correct)
        "001085012347, Lê  Văn Bảo ,1985-03-02,Nam,01,2026-10-01",  # spaces
        "001085012348,Lê Văn Cường,02/03/1985,Nam,01,01/10/2026",  # valid dates, not ISO
    ]
    report = check_file(write_csv(tmp_path, rows), PERSON, as_of=AS_OF)
    assert failed(report) == {
        (2, "person_id.unique"),
        (3, "full_name.nfc"),
        (4, "full_name.trimmed"),
        (5, "birth_date.iso_date"),
        (5, "updated_at.iso_date"),
    }
    assert report.scores["correct"] == 1.0
    assert report.input["nfd_cells"] == 1 and report.input["nfd_cells_by_column"] == {"full_name": 1}
    dup = next(f for f in report.failures if f.rule == "person_id.unique")
    assert dup.message == "'001085012345' already appears in row 1"


def test_live(tmp_path: Path) -> None:
    rows = [
        "001085012345,An,1985-03-02,Nam,01,2025-11-24",  # exactly 365 days before the as-of date
        "001085012346,Bình,1985-03-02,Nam,01,2025-11-23",  # 366 days
        "001085012347,Cường,1985-03-02,Nam,01,2027-01-01",  # in the future: not stale
        "001085012348,Dũng,1985-03-02,Nam,01,",  # missing: counted as incomplete only
    ]
    report = check_file(write_csv(tmp_path, rows), PERSON, as_of=AS_OF)
    assert {(r, rule) for r, rule in failed(report) if rule.endswith(".fresh")} == {(2, "updated_at.fresh")}
    assert report.scores["live"] == round(2 / 3, 4)


def test_scores_follow_the_documented_formulas(tmp_path: Path) -> None:
    rules = parse_rules(
        """
        columns: [{name: code, required: true}, {name: size, type: number}]
        dimension_weights: {correct: 3}
        rules:
          - {field: code, check: regex, pattern: "[A-Z]{2}", dimension: correct, weight: 1}
          - {field: size, check: range, min: 0, max: 10, dimension: correct, weight: 3}
          - {field: code, check: unique, dimension: clean}
        """
    )
    path = write_csv(tmp_path, ["AB,1", "ab,20", "AB,", ",5"], header="code,size")
    report = check_file(path, rules, as_of=AS_OF)
    rule = {r.rule: r for r in report.rule_scores}
    assert (rule["code.required"].judged, rule["code.required"].passed) == (4, 3)
    assert (rule["code.regex"].judged, rule["code.regex"].passed) == (3, 2)
    assert (rule["size.range"].judged, rule["size.range"].passed) == (3, 2)
    assert (rule["code.unique"].judged, rule["code.unique"].passed) == (3, 2)
    correct = (2 / 3 * 1 + 2 / 3 * 3) / 4
    assert report.scores == {
        "correct": round(correct, 4), "complete": 0.75, "clean": round(2 / 3, 4), "live": None,
        "overall": round((correct * 3 + 0.75 + 2 / 3) / 5, 4),
    }
    assert report.field_scores["code"] == {"score": round((0.75 + 2 / 3 + 2 / 3) / 3, 4), "correct": round(2 / 3, 4),
                                           "complete": 0.75, "clean": round(2 / 3, 4)}


@pytest.mark.parametrize(
    ("score", "colour"),
    [(1.0, "green"), (0.9, "green"), (0.8999, "amber"), (0.75, "amber"), (0.7499, "red"), (0.0, "red"),
     (None, "none")],
)
def test_rating_thresholds(score: float | None, colour: str) -> None:
    assert rating(score) == colour


@pytest.mark.parametrize(
    ("items", "mean"),
    [([(1.0, 1), (0.5, 1)], 0.75), ([(1.0, 3), (0.0, 1)], 0.75), ([(None, 5), (0.4, 1)], 0.4), ([(None, 1)], None),
     ([], None)],
)
def test_weighted_mean(items: list[tuple[float | None, float]], mean: float | None) -> None:
    assert weighted_mean(items) == mean


def test_sample_rules_file_with_cross_field_rules() -> None:
    rules = parse_rules((DATA / "enterprise_rules.yaml").read_text(encoding="utf-8"))
    report = check_file(DATA / "enterprises.csv", rules, as_of=AS_OF)
    assert report.rows == 6
    assert failed(report) == {
        (2, "tax_code.format"),
        (3, "registered_on.before_updated"),
        (4, "sector.value"),
        (4, "commune_code.valid"),
        (5, "employees.range"),
        (6, "tax_code.unique"),
        (6, "name.length"),
    }
