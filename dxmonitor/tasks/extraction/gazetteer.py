"""Agency names a conclusion notice may use, mapped to the canonical name in force on the text's date.

Matching runs over a token stream of the folded text (lower case, no diacritics, đ -> d), so "Bộ Y Tế",
"bo y te" and "Bộ Y tế" are one name; commas, dots and hyphens between tokens are ignored ("Bộ LĐ-TB&XH",
"TP. HCM" = "TP HCM"). Bare acronyms (NHNN, VPCP, BHXH) must match exactly, case and diacritics included,
because their folded forms are too easily an ordinary word. A title in front of a name ("Bộ trưởng",
"Chủ tịch", "Thống đốc", "người đứng đầu") makes the mention stand for the body the person heads.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

#: Kinds of entries. Only "pm" (the Prime Minister) is treated as a speaker when it opens a sentence;
#: only "company" is kept out of leads (companies are partners, guidelines §6).
KINDS = ("ministry", "province", "collective", "party", "assembly", "pm", "government", "company", "other")

_TOKEN = re.compile(r"[a-z0-9&]+")
#: Between two tokens of one name only spaces and these marks may stand.
_JOINABLE_GAP = re.compile(r"^[\s,.\-–]*$")

#: Titles of people; a title in front of a body's name stands for that body (guidelines §5).
TITLES = tuple(
    tuple(t.split())
    for t in (
        "bo truong", "chu tich", "thong doc", "tong giam doc", "tong thanh tra", "truong", "chanh",
        "chu nhiem", "thu truong", "lanh dao", "nguoi dung dau", "giam doc", "tong cuc truong", "cuc truong",
        "tong bi thu", "bi thu", "thuong truc", "uy vien", "thanh vien",
    )
)

#: Collective leads and their canonical phrase (guidelines §4).
COLLECTIVES: dict[str, tuple[str, ...]] = {
    "các bộ, ngành, địa phương": (
        "các bộ, ngành, địa phương", "các bộ, ngành và địa phương", "các bộ ngành, địa phương", "các bộ ngành địa phương",
        "các bộ, cơ quan, địa phương", "các bộ, ngành, cơ quan, địa phương", "các bộ, ngành Trung ương và địa phương",
        "các bộ, ngành, địa phương liên quan", "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, địa phương",
        "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, UBND các tỉnh, thành phố trực thuộc Trung ương",
        "các cơ quan, đơn vị, địa phương",
    ),
    "các bộ, ngành": (
        "các bộ, ngành", "các bộ ngành", "các bộ, ngành liên quan", "các bộ ngành liên quan", "các bộ, cơ quan",
        "các bộ, cơ quan ngang bộ", "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", "các bộ, cơ quan liên quan",
        "các bộ trưởng, trưởng ngành", "các bộ trưởng, thủ trưởng cơ quan ngang bộ", "các bộ, ngành Trung ương",
        "các bộ, ngành trung ương", "các bộ", "các bộ liên quan",
    ),
    "các địa phương": (
        "các địa phương", "các tỉnh, thành phố", "các tỉnh, thành phố trực thuộc Trung ương",
        "Ủy ban nhân dân các tỉnh, thành phố", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        "UBND các tỉnh, thành phố", "UBND các tỉnh, thành phố trực thuộc Trung ương", "các địa phương liên quan",
        "UBND các tỉnh, thành", "các tỉnh, thành",
    ),
    "các đơn vị": ("các đơn vị", "các đơn vị liên quan", "các cơ quan, đơn vị", "các cơ quan, đơn vị liên quan"),
    "các thành viên Ban Chỉ đạo": ("các thành viên Ban Chỉ đạo",),
    "các thành viên Ủy ban": ("các thành viên Ủy ban", "các thành viên Ủy ban Quốc gia"),
    "các thành viên Chính phủ": ("các thành viên Chính phủ",),
    "Ban Chỉ đạo chuyển đổi số các bộ, ngành, địa phương": ("Ban Chỉ đạo chuyển đổi số các bộ, ngành, địa phương",),
}

#: Party, National Assembly and other bodies that conclusions assign (guidelines §1, §5).
OTHER_BODIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Thủ tướng Chính phủ": ("pm", ("Thủ tướng Chính phủ", "Thủ tướng")),
    "Chính phủ": ("government", ("Chính phủ", "Đảng ủy Chính phủ")),
    "Ban Tổ chức Trung ương": ("party", ("Ban Tổ chức Trung ương", "Ban Tổ chức TW", "Ban Tổ chức TƯ")),
    "Văn phòng Trung ương Đảng": ("party", ("Văn phòng Trung ương Đảng", "Văn phòng TW Đảng", "Văn phòng TƯ Đảng")),
    "Ban Tuyên giáo và Dân vận Trung ương": ("party", ("Ban Tuyên giáo và Dân vận Trung ương", "Ban Tuyên giáo Trung ương")),
    "Ban Chính sách, chiến lược Trung ương": ("party", ("Ban Chính sách, chiến lược Trung ương", "Ban Kinh tế Trung ương")),
    "Ban Nội chính Trung ương": ("party", ("Ban Nội chính Trung ương",)),
    "Ủy ban Kiểm tra Trung ương": ("party", ("Ủy ban Kiểm tra Trung ương",)),
    "Ban Bí thư": ("party", ("Ban Bí thư",)),
    "Thường trực Ban Bí thư": ("party", ("Thường trực Ban Bí thư",)),
    "Bộ Chính trị": ("party", ("Bộ Chính trị",)),
    "Đảng ủy Quốc hội": ("party", ("Đảng ủy Quốc hội",)),
    "Quốc hội": ("assembly", ("Quốc hội",)),
    "Ủy ban Thường vụ Quốc hội": ("assembly", ("Ủy ban Thường vụ Quốc hội", "UBTVQH")),
    "Văn phòng Quốc hội": ("assembly", ("Văn phòng Quốc hội",)),
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam": ("party", (
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "UBTƯ MTTQ VN", "UBTƯ MTTQ Việt Nam", "UBTW MTTQ VN",
        "UBTW MTTQ Việt Nam", "Ủy ban Trung ương MTTQ Việt Nam", "Mặt trận Tổ quốc Việt Nam", "MTTQ Việt Nam",
    )),
    "Kiểm toán Nhà nước": ("other", ("Kiểm toán Nhà nước",)),
    "Tòa án nhân dân tối cao": ("other", ("Tòa án nhân dân tối cao", "TANDTC")),
    "Viện kiểm sát nhân dân tối cao": ("other", ("Viện kiểm sát nhân dân tối cao", "VKSNDTC")),
    "Tổ công tác của Thủ tướng": ("other", ("Tổ công tác của Thủ tướng", "Tổ công tác của Thủ tướng Chính phủ")),
    "Cục Chuyển đổi số quốc gia": ("other", ("Cục Chuyển đổi số quốc gia",)),
}

#: Technology companies named as partners (coordinators only).
COMPANIES: dict[str, tuple[str, ...]] = {
    "Viettel": ("Viettel", "Tập đoàn Viettel", "Tập đoàn Công nghiệp - Viễn thông Quân đội"),
    "VNPT": ("VNPT", "Tập đoàn VNPT", "Tập đoàn Bưu chính Viễn thông Việt Nam"),
    "FPT": ("FPT", "Tập đoàn FPT"),
    "CMC": ("CMC", "Tập đoàn CMC"),
    "MobiFone": ("MobiFone", "Tổng công ty MobiFone"),
}

#: English acronyms in the registry that a Vietnamese notice does not use for the body (MOST is a word).
_FOREIGN_ACRONYMS = {"MPI", "MOF", "MOIT", "MARD", "MOT", "MOC", "MONRE", "MIC", "MOLISA", "MOST", "MOET", "MOH",
                     "SBV", "VSS", "VNA", "CMSC", "MAE", "VAST", "VASS"}


def fold_keep_length(text: str) -> str:
    """Lower case without diacritics, one output character per input character (offsets stay valid)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0] if ord(ch) > 127 else ch
        out.append(base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)


def tokens_of(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold_keep_length(text)))


@dataclass(frozen=True)
class GazetteerEntry:
    """One body: its canonical name, kind, the unit code valid on the text's date, and its surface forms."""

    canonical: str
    kind: str
    unit_code: str | None = None
    forms: tuple[str, ...] = ()
    #: Forms that must match exactly (bare acronyms).
    exact_forms: tuple[str, ...] = ()
    #: False for forms too loose to open a directive sentence ("tỉnh X" is often a place, not its committee).
    subject_ok: bool = True


@dataclass(frozen=True)
class Mention:
    """A name found in a text: [start, end) offsets into that text, the surface form and its entry."""

    start: int
    end: int
    surface: str
    entry: GazetteerEntry
    title: str | None = None


@dataclass
class Gazetteer:
    """Surface forms (as token tuples) -> entries, with a longest-match scanner."""

    entries: list[GazetteerEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._forms: dict[tuple[str, ...], tuple[GazetteerEntry, str | None]] = {}
        self._max_len = 1
        for entry in self.entries:
            self._register(entry)

    def _register(self, entry: GazetteerEntry) -> None:
        for form in entry.forms:
            self._add(form, entry, None)
        for form in entry.exact_forms:
            self._add(form, entry, form)

    def _add(self, form: str, entry: GazetteerEntry, exact: str | None) -> None:
        key = tokens_of(form)
        if not key:
            return
        # The first entry registered for a form wins: callers register the unit valid on the date first.
        if key not in self._forms:
            self._forms[key] = (entry, exact)
            self._max_len = max(self._max_len, len(key))

    @classmethod
    def from_entries(cls, entries: Iterable[GazetteerEntry]) -> Gazetteer:
        """Build from any source of entries (the Django side builds them from the units table)."""
        return cls(list(entries))

    @classmethod
    def from_reference(cls, on: dt.date | None = None) -> Gazetteer:
        """Built from the shipped units registry: names valid on `on` carry their unit code."""
        return _reference_gazetteer(on or dt.date.today())  # noqa: DTZ011 - a calendar day, no time zone

    def lookup(self, name: str) -> GazetteerEntry | None:
        found = self._forms.get(tokens_of(name))
        return found[0] if found else None

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions, longest first at each position, left to right."""
        folded = fold_keep_length(text)
        toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(folded)]
        out: list[Mention] = []
        i = 0
        n = len(toks)
        while i < n:
            hit = self._match_at(text, toks, i)
            if hit is None:
                i += 1
                continue
            j, entry = hit
            start = toks[i][0]
            title = None
            t_start = self._title_before(text, toks, i, out[-1].end if out else 0)
            if t_start is not None:
                title = text[toks[t_start][0]:start].strip()
                start = toks[t_start][0]
            end = toks[j - 1][1]
            out.append(Mention(start, end, text[start:end], entry, title))
            i = j
        return out

    def _match_at(self, text: str, toks: list[tuple[int, int, str]], i: int) -> tuple[int, GazetteerEntry] | None:
        key: list[str] = []
        best: tuple[int, GazetteerEntry] | None = None
        for j in range(i, min(len(toks), i + self._max_len)):
            if j > i and not _JOINABLE_GAP.match(text[toks[j - 1][1]:toks[j][0]]):
                break
            key.append(toks[j][2])
            found = self._forms.get(tuple(key))
            if found is None:
                continue
            entry, exact = found
            if exact is not None and _squash(text[toks[i][0]:toks[j][1]]) != _squash(exact):
                continue
            best = (j + 1, entry)
        return best

    @staticmethod
    def _title_before(text: str, toks: list[tuple[int, int, str]], i: int, floor: int) -> int | None:
        """Index of the first token of a title ("Phó Chủ tịch", "Bộ trưởng, Chủ nhiệm") right before token i,
        not reaching back into the previous mention (which ends at `floor`)."""
        first: int | None = None
        k = i
        while True:
            found = None
            for title in TITLES:
                s = k - len(title)
                if s < 0 or toks[s][0] < floor or tuple(t[2] for t in toks[s:k]) != title:
                    continue
                if not _JOINABLE_GAP.match(text[toks[k - 1][1]:toks[k][0]]) or "." in text[toks[k - 1][1]:toks[k][0]]:
                    continue
                found = s
                break
            if found is None:
                break
            if found > 0 and toks[found - 1][2] == "pho" and toks[found - 1][0] >= floor and \
                    text[toks[found - 1][1]:toks[found][0]].strip() == "":
                found -= 1
            first = k = found
        return first


def _squash(text: str) -> str:
    return re.sub(r"[\s.]+", "", text)


def _province_entries(on: dt.date) -> list[GazetteerEntry]:
    from dxmonitor.orgs.reference import iter_units

    units = [u for kind in ("province", "city") for u in iter_units(kind=kind)]
    # Units valid on the date come first, so a name shared by an old and a new unit links to the valid one.
    units.sort(key=lambda u: not u.valid_on(on))
    out = []
    for unit in units:
        word = "thành phố" if unit.kind == "city" else "tỉnh"
        canonical = f"Ủy ban nhân dân {word} {unit.name}"
        names = [unit.name, *unit.former_names]
        forms, loose = [], []
        words = (word, "TP", "thành phố") if unit.kind == "city" else (word,)
        for name in names:
            for w in words:
                forms += [f"Ủy ban nhân dân {w} {name}", f"UBND {w} {name}"]
                loose.append(f"{w} {name}")
            forms += [f"UBND {name}", f"Ủy ban nhân dân {name}"]
        for abbr in unit.abbreviations:
            if " " in abbr or "." in abbr or len(abbr) > 4:
                loose.append(abbr)
                forms.append(f"UBND {abbr}")
        code = unit.code if unit.valid_on(on) else None
        out.append(GazetteerEntry(canonical, "province", code, tuple(forms)))
        out.append(GazetteerEntry(canonical, "province", code, tuple(loose), subject_ok=False))
    return out


def _ministry_entries(on: dt.date) -> list[GazetteerEntry]:
    from dxmonitor.orgs.reference import iter_units

    units = [u for kind in ("ministry", "ministry_agency", "government_agency") for u in iter_units(kind=kind)]
    units.sort(key=lambda u: not u.valid_on(on))
    out = []
    for unit in units:
        forms = [unit.name, *unit.former_names]
        exact = []
        bare = unit.name[len("Bộ "):] if unit.name.startswith("Bộ ") else None
        if bare:
            forms.append(f"Bộ trưởng {bare}")
        for abbr in unit.abbreviations:
            if abbr in _FOREIGN_ACRONYMS:
                continue
            if " " in abbr or "-" in abbr or "&" in abbr:
                forms.append(abbr)
            else:
                exact.append(abbr)
        if unit.code == "NHNN":
            exact += ["NHNN Việt Nam"]
        if unit.code == "BHXH":
            forms += ["Bảo hiểm xã hội VN"]
        out.append(GazetteerEntry(unit.name, "ministry", unit.code if unit.valid_on(on) else None,
                                  tuple(forms), tuple(exact)))
    return out


def static_entries() -> list[GazetteerEntry]:
    """Collectives, Party and Assembly bodies, the PM and partner companies (not in the units registry)."""
    out = [GazetteerEntry(canonical, "collective", None, forms) for canonical, forms in COLLECTIVES.items()]
    for canonical, (kind, forms) in OTHER_BODIES.items():
        exact = tuple(f for f in forms if f.isupper() and " " not in f)
        out.append(GazetteerEntry(canonical, kind, None, tuple(f for f in forms if f not in exact), exact))
    for canonical, forms in COMPANIES.items():
        out.append(GazetteerEntry(canonical, "company", None, tuple(f for f in forms if " " in f),
                                  tuple(f for f in forms if " " not in f)))
    return out


@lru_cache(maxsize=64)
def _reference_gazetteer(on: dt.date) -> Gazetteer:
    # Registry bodies first: they win a form shared with a static entry ("Chính phủ" is not "Văn phòng Chính phủ").
    return Gazetteer.from_entries([*_ministry_entries(on), *_province_entries(on), *static_entries()])
