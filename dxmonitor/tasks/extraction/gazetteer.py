"""Agency names a conclusion notice may use, mapped to the canonical name in force on its date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

#: Collective titles become the collective body they head (guidelines §5).
COLLECTIVE_TITLES = {"các bộ trưởng, trưởng ngành": "các bộ, ngành", "các bộ trưởng, thủ trưởng cơ quan ngang bộ": "các bộ, ngành",
                     "chủ tịch ủy ban nhân dân các tỉnh, thành phố": "các địa phương",
                     "chủ tịch ubnd các tỉnh, thành phố": "các địa phương"}
COLLECTIVES = [
    "Ban Chỉ đạo chuyển đổi số các bộ, ngành, địa phương",
    "các bộ, ngành, địa phương", "các bộ, cơ quan, địa phương", "các bộ, ngành và địa phương", "các bộ, ngành",
    "các bộ, cơ quan ngang bộ", "các địa phương", "các tỉnh, thành phố", "các đơn vị",
    "các thành viên Ủy ban", "các thành viên Ban Chỉ đạo", "các cơ quan",
]
OTHER_BODIES = {
    "Thủ tướng Chính phủ": ["Thủ tướng Chính phủ", "Thủ tướng"],
    "Văn phòng Trung ương Đảng": ["Văn phòng Trung ương Đảng"],
    "Ban Tổ chức Trung ương": ["Ban Tổ chức Trung ương"],
    "Quốc hội": ["Quốc hội"],
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam": ["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "UBTƯ MTTQ VN",
                                                     "Mặt trận Tổ quốc Việt Nam"],
    "Tổ công tác của Thủ tướng": ["Tổ công tác của Thủ tướng"],
}
COMPANIES = ["Viettel", "VNPT", "FPT", "CMC", "MobiFone"]
TITLES = r"(?:Bộ trưởng|Chủ tịch|Thủ trưởng|Thống đốc|Tổng Giám đốc|Tổng Thanh tra|Bộ trưởng, Chủ nhiệm|Lãnh đạo)"


@dataclass(frozen=True)
class Agency:
    canonical: str
    unit_code: str | None
    kind: str


class Gazetteer:
    def __init__(self, forms: dict[str, Agency]) -> None:
        self.forms = forms
        alternatives = sorted(forms, key=len, reverse=True)
        body = "|".join(re.escape(f) for f in alternatives)
        self.pattern = re.compile(rf"(?:{TITLES}\s+(?:Bộ\s+)?)?(?P<name>{body})(?![\wÀ-ỹ])", re.IGNORECASE)
        self._lower = {k.lower(): v for k, v in forms.items()}

    def lookup(self, surface: str) -> Agency | None:
        return self._lower.get(surface.lower())

    def finditer(self, text: str) -> list[tuple[int, int, str, Agency]]:
        out = []
        for m in self.pattern.finditer(text):
            agency = self.lookup(m["name"])
            if agency is not None:
                out.append((m.start(), m.end(), m.group(0), agency))
        return out

    @classmethod
    def from_reference(cls, on: dt.date) -> Gazetteer:
        return _cached(on)


def _province_canonical(name: str, kind: str) -> str:
    return f"Ủy ban nhân dân {'thành phố' if kind == 'city' else 'tỉnh'} {name}"


@cache
def _cached(on: dt.date) -> Gazetteer:
    from dxmonitor.orgs.reference import iter_units

    forms: dict[str, Agency] = {}
    for unit in iter_units():
        if unit.kind in ("commune", "ward", "special_zone", "nation"):
            continue
        current = unit.valid_on(on)
        if unit.kind in ("province", "city"):
            if not current:
                continue
            canonical = _province_canonical(unit.name, unit.kind)
            agency = Agency(canonical, unit.code, "province")
            kind_word = "thành phố" if unit.kind == "city" else "tỉnh"
            names = [unit.name, *unit.former_names]
            for n in names:
                for prefix in (f"Ủy ban nhân dân {kind_word} ", f"UBND {kind_word} ", f"{kind_word} ", "UBND ",
                               "Ủy ban nhân dân ", "TP. ", "TP "):
                    forms.setdefault(prefix + n, agency)
            for abbr in unit.abbreviations:
                if len(abbr) > 3:
                    forms.setdefault(abbr, agency)
            continue
        if not current and not (unit.valid_to and unit.valid_to < on):
            continue  # a body created after the document's date
        agency = Agency(unit.name, unit.code, "ministry")
        if current:
            forms[unit.name] = agency
            for abbr in unit.abbreviations:
                if abbr.startswith("Bộ ") or len(abbr) >= 4 or abbr in ("NHNN", "VPCP", "TTCP", "BHXH"):
                    forms.setdefault(abbr, agency)
    for canonical, names in OTHER_BODIES.items():
        for n in names:
            forms.setdefault(n, Agency(canonical, None, "other"))
    for c in COLLECTIVES:
        forms.setdefault(c, Agency(c, None, "collective"))
    for title, body in COLLECTIVE_TITLES.items():
        forms.setdefault(title, Agency(body, None, "collective"))
    for company in COMPANIES:
        forms.setdefault(company, Agency(company, None, "company"))
    return Gazetteer(forms)
