"""The 12-digit personal ID (số định danh cá nhân / CCCD): structure and agreement with birth date and gender.

Positions 1-3: the code of the province where the birth was registered, from the pre-2025 list of 63 provinces,
zero-padded (001-096). IDs of births registered abroad carry a country code there; those are out of scope and
fail the province part. Position 4: century of birth and gender (1900-1999: male 0, female 1; 2000-2099: 2/3;
2100-2199: 4/5; 2200-2299: 6/7; 2300-2399: 8/9). Positions 5-6: the last two digits of the year of birth.
Positions 7-12: a random sequence (not a birth day or month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dxmonitor.core.text import nfc

#: The day the 63-province list was last valid; ID prefixes never follow the 34-province list.
OLD_PROVINCES_ON = dt.date(2025, 6, 30)
FIRST_CENTURY_YEAR, LAST_CENTURY_YEAR = 1900, 2399
#: Accepted gender values, compared case-insensitively after NFC normalisation.
MALE_VALUES = ("nam", "m", "male")
FEMALE_VALUES = ("nữ", "f", "female")


@cache
def id_province_codes() -> frozenset[str]:
    """Positions 1-3 of a valid ID: the 63 pre-2025 province codes as three digits."""
    from dxmonitor.orgs.reference import PROVINCE_KINDS, iter_units

    return frozenset(
        f"{int(u.code):03d}" for u in iter_units(valid_on=OLD_PROVINCES_ON) if u.kind in PROVINCE_KINDS
    )


def century_gender_digit(year: int, female: bool) -> int | None:
    """The expected position-4 digit, or None for a year outside 1900-2399."""
    if not FIRST_CENTURY_YEAR <= year <= LAST_CENTURY_YEAR:
        return None
    return (year // 100 - 19) * 2 + (1 if female else 0)


def gender_sex(value: str, male: tuple[str, ...] = MALE_VALUES, female: tuple[str, ...] = FEMALE_VALUES) -> int:
    """0 male, 1 female, -1 not recognised."""
    folded = nfc(value).strip().lower()
    if folded in male:
        return 0
    if folded in female:
        return 1
    return -1


def personal_id_problem(pid: str, birth: dt.date | None = None, sex: int = -1, part: str = "all") -> str | None:
    """Why `pid` is not a valid ID for this birth date and sex (0 male, 1 female), or None when it is.

    `part` is "structure" (12 digits, province prefix), "agreement" (position 4 and 5-6 against the birth date
    and sex) or "all". The agreement is judged only when the birth date and sex are known.
    """
    if part in ("all", "structure"):
        if len(pid) != 12 or not pid.isascii() or not pid.isdigit():
            return f"'{pid}' is not 12 digits"
        if pid[:3] not in id_province_codes():
            return f"positions 1-3 '{pid[:3]}' are not a province code of the 63-province list (001-096)"
    if part in ("all", "agreement") and birth is not None and sex in (0, 1):
        if len(pid) != 12 or not pid.isdigit():
            return None  # the structure rule reports it
        expected = century_gender_digit(birth.year, female=sex == 1)
        if expected is None:
            return f"birth year {birth.year} is outside 1900-2399, which position 4 cannot encode"
        if int(pid[3]) != expected:
            who = "female" if sex == 1 else "male"
            return f"position 4 is '{pid[3]}' but a {who} born in {birth.year} needs '{expected}'"
        if pid[4:6] != f"{birth.year % 100:02d}":
            return f"positions 5-6 are '{pid[4:6]}' but the birth year is {birth.year}"
    return None


@dataclass(frozen=True)
class IdOutcome:
    applicable: np.ndarray
    ok: np.ndarray


def evaluate_ids(
    ids: pa.Array,
    present: np.ndarray,
    birth_ok: np.ndarray,
    birth_year: np.ndarray,
    sex: np.ndarray,
    part: str = "all",
) -> IdOutcome:
    """The vectorised `personal_id_problem`: which rows are judged, and which pass."""
    digits = pc.fill_null(pc.match_substring_regex(ids, pattern=r"^[0-9]{12}$"), False)
    digits_np = digits.to_numpy(zero_copy_only=False)
    prefix_ok = pc.is_in(pc.utf8_slice_codeunits(ids, 0, 3), value_set=pa.array(sorted(id_province_codes())))
    structure_ok = digits_np & pc.fill_null(prefix_ok, False).to_numpy(zero_copy_only=False)

    safe = pc.if_else(digits, ids, "000000000000")
    d4 = pc.cast(pc.utf8_slice_codeunits(safe, 3, 4), pa.int64()).to_numpy(zero_copy_only=False)
    yy = pc.cast(pc.utf8_slice_codeunits(safe, 4, 6), pa.int64()).to_numpy(zero_copy_only=False)
    known = birth_ok & (sex >= 0)
    in_range = (birth_year >= FIRST_CENTURY_YEAR) & (birth_year <= LAST_CENTURY_YEAR)
    expected = (birth_year // 100 - 19) * 2 + np.maximum(sex, 0)
    agree = in_range & (d4 == expected) & (yy == birth_year % 100)

    if part == "structure":
        return IdOutcome(applicable=present, ok=structure_ok)
    if part == "agreement":
        return IdOutcome(applicable=present & digits_np & known, ok=agree)
    return IdOutcome(applicable=present, ok=structure_ok & (~known | agree))
