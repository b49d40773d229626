"""The rule-based reader of conclusion notices: assignment structures over a gazetteer, one task per predicate.

The text is read line by line, each line cut into sentences (never inside quotation marks) and each
sentence into clauses at ";". A sentence assigns work when it opens with agencies followed by a directive
verb ("Bộ Công an chủ trì ...") or when a speaker's trigger ("giao", "yêu cầu", "đề nghị", "chỉ đạo") is
followed directly by agencies. Every later clause of the sentence is a task of the same agencies, unless
it only states the deadline of the previous one ("...; hoàn thành trong quý I"). Subjectless sentences
opening with "Đồng thời", "Cùng với đó" ... inherit the agencies of the sentence just before; a line
"Bộ X:" heads a list whose items inherit it; a header line "Về nhiệm vụ trọng tâm quý I năm 2025" gives its
deadline to the items under it. Exhortations, principles, umbrella sentences, captions, reports ("đã",
"đang"), and truncated clauses are kept apart under `non_tasks`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, TypedDict

from dxmonitor.core.text import fold_words, nfc
from dxmonitor.tasks.extraction.deadlines import NONE, Deadline, definite_phrases, find_deadline
from dxmonitor.tasks.extraction.gazetteer import (
    COMPANY_FULL_NAMES,
    VERBS,
    Gazetteer,
    GazetteerEntry,
    Mention,
    display_name,
    is_surname,
)

_W = r"[\wÀ-ỹ]"
_B = rf"(?<!{_W})"
_E = rf"(?!{_W})"


class Target(TypedDict):
    value: float
    unit: str
    what: str
    text: str


class TaskDict(TypedDict):
    lead: str
    lead_as_written: str
    coordinators: list[str]
    action: str
    deadline_text: str | None
    deadline: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    lead_unit_code: str | None
    lead_kind: str
    recurrence: str | None
    targets: list[Target]


class ExtractionResult(TypedDict):
    """The JSON object of the guidelines, plus review aids per task (offsets, unit code, recurrence, targets)."""

    date: str
    tasks: list[TaskDict]
    non_tasks: list[str]


# --- the document's date --------------------------------------------------------------------------------
_PLACE_DATE = re.compile(
    r"(?:^|\n)[ \t]*[A-ZĐÀ-Ỹ][^\n,]{1,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_FULL_DATE = re.compile(r"(?<![\wÀ-ỹ/])(?:ngày\s+)?(\d{1,2})\s*(?:tháng\s+|/)(\d{1,2})\s*(?:năm\s+|/)((?:19|20)\d\d)(?!\d)",
                        re.I)
_STAMP_BEFORE = re.compile(r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật)[\s,]*(?:\d{1,2}:\d{2}\s*)?(?:ngày\s+)?$", re.I)
_DATE_IN_CLAUSE = re.compile(r"(?:trước|đến|tới|chậm nhất|hết|từ|sau|trong|kể từ|vào|số|của|ban hành)\s*(?:ngày)?\s*$"
                             r"|\d+/\d{4}/[A-ZĐ-]+\s+(?:ngày\s*)?$|-(?:NQ|KL|CT|QĐ|TB)/[A-Z]+\s+(?:ngày\s*)?$", re.I)
_DAY_MONTH = re.compile(r"(?:sáng|chiều|tối|trưa|ngày)\s+(\d{1,2})/(\d{1,2})(?![/\d])", re.I)
_YEAR_HINT = re.compile(r"(?:^|\s)date\s+((?:19|20)\d\d)(?:-(\d\d))?")


def _safe_date(y: str | int, m: str | int, d: str | int) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def document_date(text: str, given: dt.date | None = None) -> dt.date:
    """The notice's date: a "Hà Nội, ngày ..." line, else a stated full date that is not a web page's stamp,
    else `given`, else a day/month ("Sáng 10/6") with a year found nearby, else today."""
    head = text[:3000]
    for m in _PLACE_DATE.finditer(head):
        if re.match(r"\s*(?:thứ|chủ nhật)", m.group(0), re.I):
            continue  # "Thứ bảy, ngày 3 tháng 6 năm 2023" is a web page's header, not the notice's place and date
        if day := _safe_date(m[3], m[2], m[1]):
            return day
    stamps: list[dt.date] = []
    for m in _FULL_DATE.finditer(head):
        day = _safe_date(m[3], m[2], m[1])
        if day is None:
            continue
        before = head[max(0, m.start() - 30):m.start()]
        after = head[m.end():m.end() + 6]
        if _STAMP_BEFORE.search(before) or re.match(r"\s*-?\s*\d{1,2}:\d{2}", after):
            stamps.append(day)  # "Thứ Hai 14:26 08/08/2022", "27/04/2022-13:00": when the page was posted
            continue
        if _DATE_IN_CLAUSE.search(before):
            continue  # "trước ngày 31/12/2024", "Nghị định ... ngày 22/12/2024": a deadline or another text's date
        return day
    if given is not None:
        return given
    hint = _YEAR_HINT.search(head)
    dm = _DAY_MONTH.search(head)
    if dm:
        year = int(hint[1]) if hint else (stamps[0].year if stamps else None)
        if year and (day := _safe_date(year, dm[2], dm[1])):
            return day
    if stamps:
        return stamps[0]
    if hint:
        return dt.date(int(hint[1]), int(hint[2] or 1), 1)
    return dt.date.today()  # noqa: DTZ011 - last resort; callers should pass the directive's date


# --- segmentation ---------------------------------------------------------------------------------------
_ENUM = re.compile(r"^\s*(?:(?P<roman>[IVX]{1,4}[.)])|(?P<digit>\d{1,2}(?:\.\d{1,2})*[.)])|(?P<letter>[a-zđ][.)])|"
                   r"(?P<bullet>[-–•+*▪●]))\s+")
_ENUM_LEVEL = {"roman": 0, "digit": 1, "letter": 2, "bullet": 3}
_CAPTION = re.compile(r"(?:^|[.\s(])(?:Ảnh|Nguồn ảnh|Ảnh minh họa)\s*:|\(Xem tin ảnh\)|^\s*(?:Ảnh|Clip)\b", re.I)
_ABBREV_BEFORE = re.compile(r"(?:^|\s)(?:TP|Tp|tp|TS|ThS|GS|PGS|TT|Q|P|St|v\.v|Mr|Ms)$")
_OPEN_Q = "“\"«"
_CLOSE_Q = "”\"»"


def _sentences(line: str, base: int) -> list[tuple[int, int]]:
    """Sentence spans of one line (absolute offsets), not cutting inside quotation marks."""
    spans = []
    start = 0
    depth = 0
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == '"':
            depth = 0 if depth else 1
        elif ch in "“«":
            depth += 1
        elif ch in "”»":
            depth = max(0, depth - 1)
        elif ch in ".!?…" and depth == 0:
            j = i + 1
            while j < n and line[j] in ".!?…\"”»)":
                j += 1
            k = j
            while k < n and line[k] == " ":
                k += 1
            nxt = line[k] if k < n else ""
            if k > j and (nxt.isupper() or nxt in _OPEN_Q or nxt.isdigit()) and not _ABBREV_BEFORE.search(line[start:i]):
                if line[start:i].strip() and not re.fullmatch(r"\s*[IVX\d]{1,4}", line[start:i]):
                    spans.append((base + start, base + j))
                    start = k
                i = k
                continue
        i += 1
    if line[start:].strip():
        spans.append((base + start, base + n))
    return spans


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans at top-level ";" (not inside quotes or parentheses)."""
    out = []
    depth = 0
    s = start
    for i in range(start, end):
        ch = text[i]
        if ch in "(“«":
            depth += 1
        elif ch in ")”»":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            out.append((s, i))
            s = i + 1
    out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


# --- structure ------------------------------------------------------------------------------------------
_OPENER = re.compile(
    r"(?:(?P<cont>Đồng thời|Cùng với đó|Bên cạnh đó|Ngoài ra|Mặt khác|Tiếp theo|Sau đó|(?:Định kỳ\s+)?[Hh][ằà]ng (?:tháng|quý|năm)|Định kỳ)"
    r"|Trong đó|Theo đó|Đáng chú ý|Lưu ý|Trên tinh thần đó|Trên cơ sở đó|Vì vậy|Do đó|Cụ thể(?: là)?|Trước mắt|Riêng|Đặc biệt|Nhất là"
    r"|(?:Về|Đối với|Trong|Để|Với|Sau khi|Tại|Tiếp thu|Trên cơ sở|Căn cứ|Qua)\s[^,:;]{1,160}?)\s*[,:]\s*"
    r"|(?:Riêng|Còn|Đặc biệt là)\s+(?=(?:Phó\s+)?(?:Chủ tịch|Bộ|UBND|Ủy ban|Ngân hàng|Văn phòng|Sở|Thủ tướng|Đảng ủy|Ban|"
    r"Cục|Tổng cục|Vụ|Trung tâm|Công an|Tập đoàn|Tổng công ty|Bảo hiểm|Kho bạc|Thanh tra|Viện)\s)",
    re.I,
)
_CONT_VERB = re.compile(rf"^(?:khẩn trương|tiếp tục|chủ động|đồng thời){_E}", re.I)
#: "bãi bỏ yêu cầu nộp ...", "theo chỉ đạo của ...", "các đề nghị": the word used as a noun, not a request.
_AS_NOUN = "(?<!bỏ )(?<!ứng )(?<!theo )(?<!các )(?<!những )(?<!mọi )(?<!Theo )"
TRIGGER = re.compile(rf"{_B}{_AS_NOUN}(?:giao|yêu cầu|đề nghị|chỉ đạo|đề xuất giao|thống nhất giao|phân công){_E}", re.I)
_AFTER_TRIGGER = re.compile(r"\s*(?:cho\s+|:\s*|,\s*)?")
#: "Phó Chủ tịch UBND tỉnh giao Sở X chủ trì ...": the subject hands the work on; the one named after leads it
#: ("chỉ đạo" is not here: "Đảng ủy X chỉ đạo ..." is the subject's own task).
_PERIODS = re.compile(r"(?:tháng\s+\d{1,2}|quý\s+[IV]{1,3})(?![\wÀ-ỹ])", re.I)
_BACK_REFERENCE = re.compile(r"(?P<head>Cục|Vụ|Sở|Trung tâm|Viện|Tổng cục|Văn phòng)\s+(?=[a-zđà-ỹ])")
_HANDS_ON = re.compile(rf"(?:giao|yêu cầu|đề nghị|phân công|thống nhất giao){_E}", re.I)
_PARTNERS = re.compile(r"\s*các\s+(?:doanh nghiệp|tập đoàn|nhà mạng)(?:\s+viễn thông)?\s*:?\s*")
_JOIN = re.compile(r"\s*(?:,\s*và|,|và|cùng|cùng với|với sự tham gia của)?\s*"
                   r"(?:các\s+(?:doanh nghiệp|tập đoàn|nhà mạng)(?:\s+viễn thông)?\s*:?\s*)?")
_LIST_HEAD = re.compile(
    r"(?:(?:Phó\s+)?Chủ tịch\s+|(?:Bộ trưởng|Thủ trưởng|Lãnh đạo|Giám đốc)\s+)?(?:(?:Ủy ban nhân dân|UBND)\s+)?(?:các|\d+)\s+"
    r"(?P<what>bộ|tỉnh, thành phố|tỉnh|thành phố|địa phương|xã, phường|xã|phường|huyện|quận|thị xã|cục|vụ|sở|phòng)"
    r"(?:,\s*ngành)?(?:\s+trực thuộc Trung ương)?(?:\s*,?\s*(?:gồm|là))?\s*:\s*", re.I)
_ITEM_SEP = re.compile(r"\s*(?:,\s*và|,|và)\s*")
_QUALIFIER = re.compile(r"\s*(?:(?:trực\s+)?thuộc|của)\s+")
_RELATED = re.compile(r"\s*(?:có\s+)?liên quan")
_ASIDE = re.compile(r"\s*\([^()]{1,120}\)|\s*,?\s*(?:theo|trong phạm vi|căn cứ)\s+(?:lĩnh vực|chức năng|nhiệm vụ|thẩm quyền)"
                    r"(?:,?\s*(?:nhiệm vụ|quyền hạn|lĩnh vực))?(?:\s+(?:được giao|được phân công|phụ trách|của mình))?\s*,?")
_NON_DIRECTIVE = re.compile(
    rf"^\s*(?:đã|đang|là|được|bị|có|của|vừa|thì|sẽ|hiện|nay|vẫn|chưa|không|luôn|cho biết|nhấn mạnh|phát biểu|thông báo|"
    rf"ghi nhận|trình bày|giải trình|(?:nghiêm khắc\s+)?phê bình|tham dự|dự|đứng|nhận|tại|trong|theo(?!\s+dõi)|về|từ|với|cùng|đề nghị|kiến nghị|mong muốn|cho rằng|"
    rf"khẳng định|nêu|chia sẻ rằng|đánh giá cao|biểu dương|hoan nghênh|và|hay|hoặc|mà|nhưng|gồm|do|để|như|khi|nếu|"
    rf"yêu cầu|lưu ý|nhắn nhủ|kết luận|họp|chủ trì (?:phiên|cuộc|hội nghị|buổi)|(?:cũng|vẫn|đều)\s+(?:đã|đang|là|được|có|lưu ý|yêu cầu|"
    rf"nhấn mạnh|cho rằng|đề nghị)|đồng ý|nhất trí|thống nhất\s+(?:chủ trương|ban hành|thông qua|với|cao|kiện toàn|thành lập)){_E}",
    re.I,
)  # the last ones record a decision taken at the meeting ("Ban Thường vụ thống nhất ban hành ..."), not a task
_CHAIR = re.compile(r"\s*,?\s*(?:(?:cùng\s+)?chủ trì\s*,?\s*)?(?:và\s+)?phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.I)
_CHAIR_ONLY = re.compile(r"\s*,?\s*chủ trì\s*,\s*", re.I)
_COORD_ANYWHERE = re.compile(rf"{_B}phối hợp(?:\s+chặt chẽ)?\s+với\s+", re.I)
_VERB_RE = re.compile(rf"{_B}(?:{'|'.join(re.escape(v) for v in sorted(VERBS, key=len, reverse=True))}){_E}", re.I)
_INLINE_ITEM = re.compile(rf"[ \t]*:[ \t]*(?=(?:{_VERB_RE.pattern}))", re.I)
_LEADING_ADVERBS = re.compile(r"^(?:(?:tiếp tục|khẩn trương|sớm|chủ động|kịp thời|cũng|ngay|quyết liệt|tích cực|"
                              r"nghiêm túc|khẩn cấp|nhanh chóng)\s*,?\s*)+", re.I)
_MODAL = re.compile(rf"^(?:\S+\s+){{0,6}}?(?:cần phải|cần|phải|hãy|nên){_E}", re.I)
_EXHORT = re.compile(
    rf"^(?:(?:tiếp tục|cần|phải|hơn nữa|cần phải|cũng|luôn|không ngừng)\s+)*(?:nỗ lực|quyết liệt|hành động quyết liệt|nêu cao|"
    rf"tăng cường kỷ luật|siết chặt kỷ luật|giữ vững kỷ luật|phát huy|đoàn kết|quán triệt|rút kinh nghiệm|nâng cao (?:hơn nữa )?tinh thần|"
    rf"đổi mới tư duy|liên tục đổi mới|vào cuộc|quan tâm(?!,?\s+(?:bố trí|đầu tư|chỉ đạo|phân bổ|hỗ trợ|giải quyết))|sâu sát|thống nhất nhận thức|chung tay|quyết tâm|"
    rf"nâng cao trách nhiệm|đề cao trách nhiệm|gương mẫu|tránh|chống|không để|tuyệt đối không|bám sát|lấy người dân|"
    rf"hơn nữa|(?:làm\s+)?việc nào (?:dứt điểm|xong) việc đó|nói đi đôi với làm|nêu gương|đi đầu|"
    rf"chịu trách nhiệm(?:\s+toàn diện)?\s+trước|khắc phục (?:tư tưởng|tâm lý)|nếu có khó khăn|"
    rf"trong quá trình (?:thực hiện|triển khai)\s*,\s*nếu|nâng cao nhận thức|coi\s[^,;]{{1,100}}?\slà\s(?:nhiệm vụ|giải pháp|khâu)){_E}",  # accountability ("chịu trách nhiệm trước X về ..."), not an action
    re.I,
)
_UMBRELLA = re.compile(rf"^(?P<accountable>chịu trách nhiệm\s+)?(?:tổ chức\s+)?(?:thực hiện|triển khai)\s+(?:tốt\s+|nghiêm\s+|hiệu quả\s+)?(?:các|những|một số)\s+"
                       rf"(?:nhiệm vụ|nội dung)(?:\s+(?:của mình|được giao|được phân công|liên quan|nêu trên|đã đề ra|"
                       rf"cụ thể|trọng tâm|sau|tại (?:Thông báo|Kết luận|văn bản) (?:này|nêu trên)))*{_E}", re.I)
_ANNOUNCES_LIST = re.compile(rf"(?:{_B}sau|như sau)\s*:?\s*$", re.I)
_COMPLIANCE = re.compile(r"^(?:căn cứ chức năng,?\s*nhiệm vụ(?:\s+được giao)?,?\s*)?(?:tổ chức\s+)?thực hiện\s+"
                         r"(?:nghiêm|tốt|nghiêm túc|có hiệu quả)?\s*(?:các\s+)?(?:nội dung|kết luận|nhiệm vụ)\s+"
                         r"(?:tại|của|nêu tại|theo)\s+(?:Thông báo|Kết luận|văn bản)", re.I)
_DEADLINE_ONLY = re.compile(rf"^\s*(?:và\s+)?(?:hoàn thành|xong|thời hạn hoàn thành|thời hạn|chậm nhất|"
                            rf"thí điểm từ|bảo đảm hoàn thành|phấn đấu hoàn thành){_E}", re.I)
_SPEECH = re.compile(rf"{_B}{_AS_NOUN}(?:lưu ý|nhấn mạnh|yêu cầu|đề nghị|cho rằng|khẳng định|nhắn nhủ|phát biểu|biểu dương|"
                     rf"cho biết|đánh giá cao){_E}", re.I)
_WORD_AT = re.compile(r"[ \t]+(\w+)")


def _after_person(text: str, pos: int, end: int) -> int:
    """After a title and its body, skip the holder's name (a family name and one to three capitalised words
    before a lower-case word); `pos` unchanged when there is none."""
    words: list[re.Match[str]] = []
    p = pos
    while len(words) < 5:
        m = _WORD_AT.match(text, p, end)
        if m is None:
            return pos
        words.append(m)
        p = m.end()
        if m.group(1)[0].islower():
            break
    caps = words[:-1]
    if not (2 <= len(caps) <= 4) or not words[-1].group(1)[0].islower() or not is_surname(caps[0].group(1)) \
            or not all(w.group(1)[0].isupper() for w in caps):
        return pos
    return caps[-1].end()
_RECIPIENTS = re.compile(r"\s*(?:Nơi nhận|NƠI NHẬN)\s*:")
_MEETING_ACCOUNT = re.compile(r"Tại\s+(?:cuộc họp|buổi họp|phiên họp|hội nghị|buổi làm việc|cuộc làm việc)(?:\s+này)?\s*,", re.I)
_CLOSING = re.compile(rf"thông báo\s+để\s+.*biết|{_B}biết,\s*thực hiện", re.I)
#: Nouns that open a further object of the previous clause's verb rather than a task of its own.
_OBJECT_HEAD = re.compile(
    rf"\s*(?:các\s+|những\s+)?(?:phương án|chính sách|cơ chế|đề án|chương trình|quy chế|danh mục|tiêu chí|"
    rf"giải pháp|dự thảo|nghị định|thông tư|mô hình|bộ chỉ số|bộ tiêu chí|khung|lộ trình|định mức|tiêu chuẩn|"
    rf"quy chuẩn|quy định|quy trình|văn bản|đề cương|kế hoạch){_E}", re.I)
_LOWER_LEVELS = {"xã": "xã", "phường": "phường", "huyện": "huyện", "quận": "quận", "thị xã": "thị xã",
                 "thành phố": "thành phố", "xã, phường": "xã"}
#: A place's proper name: capitalised words ("Bát Tràng", "Thủ Dầu Một"), or a ward's number ("Phường 7").
_PLACE_NAME = re.compile(r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|\d{1,2})(?:[ \t]+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|\d{1,2})){0,3}(?=\s*(?:,|và|;|\.|$|\s+[a-zđà-ỹ]))")
_PASSIVE = re.compile(r"\s*(?:cũng\s+|tiếp tục\s+)?được\s+giao\s+(?:nhiệm vụ\s+|làm đầu mối\s*,?\s*)?", re.I)
_ATTENDANCE = re.compile(r"\s*(?:Tham dự|Dự họp|Cùng dự|Có sự tham dự|Tham gia (?:cuộc họp|hội nghị|buổi làm việc))",
                         re.I)
_RECIPIENT_BEFORE = re.compile(rf"{_B}(?:trình|báo cáo|gửi|xin ý kiến|đề xuất|tham mưu(?: cho)?|giúp)\s*$", re.I)
_PARTY_HEADER = re.compile(r"ĐẢNG CỘNG SẢN VIỆT NAM|-(?:TB|KL|NQ|CT)/(?:TW|ĐU|ĐUCP|BCĐ)|Bộ Chính trị|Ban Bí thư|"
                           r"Đảng ủy Chính phủ|Ban Chỉ đạo Trung ương", re.I)
_TARGET = re.compile(r"(?P<pre>(?:tối thiểu|ít nhất|trên|đạt|lên|tới|đến)\s+)?(?P<v>\d{1,3}(?:[.,]\d+)?)\s*%\s*"
                     r"(?P<what>[^,;.()]{0,80})")


@dataclass
class _Lead:
    entry: GazetteerEntry
    surface: str
    title: str | None = None

    @property
    def name(self) -> str:
        """A company assigned a task is named in full ("Tập đoàn Bưu chính Viễn thông Việt Nam"); as a partner
        it keeps its short name (guidelines §5, §6)."""
        if self.entry.kind == "company" and not self.entry.as_written:
            return COMPANY_FULL_NAMES.get(self.entry.canonical, self.entry.canonical)
        return display_name(self.entry, self.surface, self.title)


@dataclass
class _Structure:
    leads: list[_Lead]
    coordinators: list[str]
    action_start: int


_PAREN_ASIDE = re.compile(r"[ \t]*\([^()\n]{1,80}\)")


def _after_aside(text: str, pos: int, end: int) -> int:
    """After a name, skip a bracketed aside ("Tập đoàn ... (Viettel)", "Bộ Tư lệnh ... (Bộ Quốc phòng)")."""
    m = _PAREN_ASIDE.match(text, pos, end)
    return m.end() if m else pos


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t,":
        pos += 1
    return pos


def _targets(action: str) -> list[Target]:
    out: list[Target] = []
    for m in _TARGET.finditer(action):
        what = re.split(rf"{_B}(?:trong|trước|trên cơ sở|để|nhằm){_E}", m["what"], maxsplit=1)[0].strip()
        text = m.group(0)[:m.start("what") - m.start()] + what
        out.append(Target(value=float(m["v"].replace(",", ".")), unit="%", what=what, text=text.strip()))
    return out


class _Reader:
    """The state of reading one document: its date, gazetteer, the tasks so far and the context carried over."""

    def __init__(self, text: str, doc_date: dt.date, gaz: Gazetteer) -> None:
        self.text = text
        self.date = doc_date
        self.gaz = gaz
        self.mentions = gaz.find(text)
        self.tasks: list[TaskDict] = []
        self.non_tasks: list[str] = []
        self.context: list[_Lead] = []  # agencies of the last sentence that assigned work
        self.header_leads: list[_Lead] = []  # "Bộ X:" heading a list
        self.header_deadline: Deadline = NONE
        self.header_level: float = -1
        self.header_leads_level: float = -1
        self.opener_leads: list[_Lead] = []  # "Đối với X, ..." opening the sentence being read
        #: A Party body's conclusion, where the Prime Minister is one of those assigned (guidelines §5).
        self.party_document = bool(_PARTY_HEADER.search(text[:800]))

    # mentions -------------------------------------------------------------------------------------------
    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def _mention_at(self, pos: int, end: int) -> Mention | None:
        for m in self.mentions:
            if m.start >= pos:
                if m.start < end and self.text[pos:m.start].strip(" \t\"“”'") == "":
                    return m
                return None
        return None

    def _list_at(self, pos: int, end: int) -> tuple[list[_Lead], int] | None:
        """ "các bộ: Y tế, Tư pháp và Thanh tra Chính phủ" / "Chủ tịch UBND 3 địa phương, gồm: A, B, C"."""
        m = _LIST_HEAD.match(self.text, pos, end)
        if m is None:
            return None
        what = m["what"].lower()
        prefixes = ["Bộ "] if what == "bộ" else ["tỉnh ", "thành phố ", "Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố "]
        items: list[_Lead] = []
        p = m.end()
        while p < end:
            best: tuple[int, GazetteerEntry] | None = None
            words = list(re.finditer(r"[^\s,;:.]+", self.text[p:end]))
            if what in ("cục", "vụ", "sở", "phòng"):
                # "Các Cục: Viễn thông, Tần số vô tuyến điện, An toàn thông tin": each name as its body's name runs
                head = what.capitalize() + " "
                found = self.gaz.find(head + self.text[p:end])
                if found and found[0].start == 0 and found[0].end > len(head):
                    best = (p + found[0].end - len(head), found[0].entry)
                words = []
            elif what in _LOWER_LEVELS and what != "thành phố" and (name := _PLACE_NAME.match(self.text, p, end)):
                words = []  # "UBND các phường: Sài Gòn, Bến Thành": wards, not the city once called Sài Gòn
                best = (name.end(), GazetteerEntry(f"Ủy ban nhân dân {_LOWER_LEVELS[what]} {name.group(0)}", "other"))
            for k in range(min(8, len(words)), 0, -1):
                stop = p + words[k - 1].end()
                item = self.text[p:stop]
                if re.search(r"[,;:]|\s(?:và)\s*$", item):
                    continue
                for prefix in ["", *prefixes]:
                    entry = self.gaz.lookup(prefix + item)
                    if entry is not None and entry.kind != "company" and (what == "bộ" or entry.kind == "province" or prefix == ""):
                        best = (stop, entry)
                        break
                if best:
                    break
            if best is None and what in _LOWER_LEVELS:
                # "UBND các xã: Bát Tràng, Kim Lan": committees below the province are not in the registry.
                name = _PLACE_NAME.match(self.text, p, end)
                if name:
                    best = (name.end(), GazetteerEntry(f"Ủy ban nhân dân {_LOWER_LEVELS[what]} {name.group(0)}", "other"))
            if best is None:
                break
            items.append(_Lead(best[1], self.text[p:best[0]]))
            sep = _ITEM_SEP.match(self.text, best[0], end)
            if sep is None or sep.end() == best[0]:
                p = best[0]
                break
            p = sep.end()
        if not items:
            return None
        last_end = p
        # p stands after the last separator when the list stopped on a word that is not a name: step back.
        tail = re.search(r"(?:\s*(?:,\s*và|,|và)\s*)$", self.text[m.end():p])
        if tail:
            last_end = m.end() + tail.start()
        return items, last_end

    def _run(self, pos: int, end: int, *, subject: bool) -> tuple[list[_Lead], int] | None:
        """Agencies listed one after another from `pos` ("A, B và C"); None when none starts there."""
        listed = self._list_at(pos, end)
        if listed:
            return listed
        first = self._mention_at(pos, end)
        if first is None and (partners := _PARTNERS.match(self.text, pos, end)):
            # "các tập đoàn Viettel, VNPT, MobiFone ...": the companies named after their kind
            plural = re.match(r"\s*các\s+", self.text[pos:end])
            first = self._mention_at(pos + plural.end(), end) if plural else None
            first = first or self._mention_at(partners.end(), end)
            if first is not None and first.entry.kind != "company":
                first = None
        if first is None:
            return None
        run: list[Mention] = [first]
        p = _after_aside(self.text, first.end, end)
        for m in self.mentions:
            if m.start < p:
                continue
            if m.start >= end:
                break
            gap = _JOIN.fullmatch(self.text, p, m.start)
            if gap is None:
                break
            if m.title and m.title.lower() in ("lãnh đạo", "chỉ đạo") and not gap.group(0).strip():
                break  # "Đảng ủy Công an Trung ương lãnh đạo Bộ Công an ...": "lãnh đạo" is what it does
            run.append(m)
            p = _after_aside(self.text, m.end, end)
        leads = []
        for m in run:
            kind = m.entry.kind
            if subject and kind == "pm" and self.party_document and m is run[0] and self._pm_acts(m.end, end):
                leads.append(_Lead(m.entry, m.surface, m.title))  # a Party conclusion assigns the PM
                continue
            if subject and (kind in ("pm", "government") or (m is run[0] and not m.entry.subject_ok)):
                return None
            leads.append(_Lead(m.entry, m.surface, m.title))
        return (leads, p) if leads else None

    def _pm_acts(self, pos: int, end: int) -> bool:
        """After "Thủ tướng Chính phủ" in a Party conclusion: the PM's own action ("chỉ đạo ban hành ..."), not
        the PM speaking ("yêu cầu Bộ X ...", "nhấn mạnh ...")."""
        p = _skip_space(self.text, pos)
        trig = TRIGGER.match(self.text, p, end)
        # "chỉ đạo các bộ, ngành rà soát ..." is the PM's own task too: in a Party text the PM never speaks.
        return not _SPEECH.match(self.text, p, end) and (trig is None or trig.group(0).lower() == "chỉ đạo")

    def _coordinator_run(self, pos: int, end: int) -> tuple[list[str], int]:
        coords: list[str] = []
        p = pos
        for m in self.mentions:
            if m.start < p:
                continue
            if m.start >= end:
                break
            if coords and _JOIN.fullmatch(self.text, p, m.start) is None:
                break
            if not coords and self.text[p:m.start].strip() and not _PARTNERS.fullmatch(self.text, p, m.start):
                break  # "phối hợp với các doanh nghiệp VNPT, Viettel": the companies are the partners
            name = display_name(m.entry, m.surface, m.title)
            if name not in coords:
                coords.append(name)
            p = _after_aside(self.text, m.end, end)
        # "..., Bộ Tài chính và các sàn thương mại điện tử kết nối ...": the non-agency partners end at a verb.
        tail = re.match(r"\s*(?:,\s*)?(?:và\s+|cùng\s+)?(?:các|những)\s+", self.text[p:end])
        if coords and tail:
            verb = _VERB_RE.search(self.text, p + tail.end(), min(end, p + tail.end() + 80))
            if verb:
                p = verb.start()
        rel = _RELATED.match(self.text, p, end)
        if rel:
            p = rel.end()
        return coords, p

    # structure of one clause ---------------------------------------------------------------------------
    def _structure(self, body: int, end: int) -> _Structure | None:
        """Leads, coordinators and where the action starts, for a clause body starting at `body`."""
        found = self._run(body, end, subject=True)
        leads: list[_Lead] | None = None
        p = body
        if found:
            leads, p = found
            if any(lead.title for lead in leads):
                p = _after_person(self.text, p, end)  # "Chủ tịch UBND huyện X Trương Quốc Bảo trực tiếp ..."
            aside = _ASIDE.match(self.text, p, end)
            if aside:
                p = aside.end()  # "Ban X (Cơ quan thường trực Ban Chỉ đạo) chủ trì", "X theo lĩnh vực được phân công"
            q = _QUALIFIER.match(self.text, p, end)
            if q:
                nxt = self._mention_at(q.end(), end)
                if nxt:
                    p = nxt.end
            rel = _RELATED.match(self.text, p, end)
            if rel:
                p = rel.end()
            passive = _PASSIVE.match(self.text, p, end)
            if passive:
                p = passive.end()  # "Cục X (cũng) được giao rà soát ...": X is assigned
            inline = _INLINE_ITEM.match(self.text, p, end)
            if inline:
                p = inline.end()  # "3. Cục Công nghệ thông tin: Bảo đảm hạ tầng ...": a heading and its one item
            after = self.text[p:end]
            word = re.match(r"\s*,?\s*(\S)", after)
            if (word is None or not (word.group(1).islower() or inline) or _NON_DIRECTIVE.match(after.lstrip(" ,"))
                    or after.lstrip().startswith(":") or _HANDS_ON.match(after.lstrip(" ,"))):
                leads = None
        if leads is None:
            leads_p = self._triggered(body, end)
            if leads_p is None:
                return None
            leads, p = leads_p
        coords: list[str] = []
        chair = _CHAIR.match(self.text, p, end)
        if chair:
            coords, p = self._coordinator_run(chair.end(), end)
        else:
            only = _CHAIR_ONLY.match(self.text, p, end)
            if only:
                p = only.end()
            later = _COORD_ANYWHERE.search(self.text, p, end)
            if later:
                coords, _ = self._coordinator_run(later.end(), end)
        lead_names = {lead.name for lead in leads}
        coords = [c for c in coords if c not in lead_names]
        start = re.match(r"[\s,:]*(?:và\s+)?", self.text[p:end])
        return _Structure(leads, coords, p + (start.end() if start else 0))

    def _back_reference(self, body: int, end: int) -> _Structure | None:
        """ "Cục X chủ trì ... Cục tổng hợp ...": a bare head word opening the next sentence names the body of
        that kind the last sentence assigned."""
        m = _BACK_REFERENCE.match(self.text, body, end)
        if m is None:
            return None
        head = m["head"]
        for lead in reversed(self.context):
            if lead.entry.canonical.startswith(f"{head} ") and lead.title is None:
                return _Structure([_Lead(lead.entry, head)], [], m.end())
        return None

    def _triggered(self, body: int, end: int) -> tuple[list[_Lead], int] | None:
        for trig in TRIGGER.finditer(self.text, body, end):
            prefix = self.text[body:trig.start()].rsplit(":", 1)[-1]  # "Về kiến nghị ..., ...: giao X ..."
            if not prefix.strip() and self.header_leads and trig.group(0).lower() == "chỉ đạo":
                continue  # "- Chỉ đạo Tổng cục Thuế ..." under "Bộ Tài chính:": the heading agency directs
            if len(prefix.split()) > 14 or re.search(rf"{_B}(?:đã|đang|từng){_E}", prefix, re.I):
                continue
            if any(m.title is None and m.entry.kind not in ("pm", "collective")
                   for m in self._mentions_in(body, trig.start())):
                continue  # "Bộ X ... đề nghị" reports what an agency asked for
            after = _AFTER_TRIGGER.match(self.text, trig.end(), end)
            found = self._run(after.end() if after else trig.end(), end, subject=False)
            if found:
                return found
            if self.opener_leads and trig.group(0).lower() in ("đề nghị", "yêu cầu", "giao"):
                return list(self.opener_leads), after.end() if after else trig.end()
        return None

    # one sentence --------------------------------------------------------------------------------------
    def sentence(self, s: int, e: int) -> bool:
        """Read one sentence; True when it assigned work."""
        text = self.text
        body = s
        opener_end = s
        cont = False
        self.opener_leads = []
        for _ in range(3):
            m = _OPENER.match(text, body, e)
            if not m:
                break
            cont = cont or bool(m["cont"])
            if re.match(r"(?:Đối với|Với)\s", m.group(0), re.I):
                # "Đối với Ngân hàng Nhà nước, Thủ tướng đề nghị nghiên cứu ...": the agency the request is for
                self.opener_leads = [_Lead(x.entry, x.surface, x.title) for x in self._mentions_in(m.start(), m.end())
                                     if x.entry.kind not in ("pm", "government")][:3]
                nxt = self._mention_at(m.end(), e)
                while self.opener_leads and nxt is not None and nxt.entry.kind not in ("pm", "government"):
                    sep = re.match(r"\s*(?:,|và)\s*", text[nxt.end:e])
                    if sep is None:
                        break  # "Đối với Viettel, VNPT, ...": the list goes on
                    self.opener_leads.append(_Lead(nxt.entry, nxt.surface, nxt.title))
                    body = opener_end = nxt.end + sep.end()
                    nxt = self._mention_at(body, e)
                if opener_end > m.end():
                    continue
            body = opener_end = m.end()
        opener_deadline = find_deadline(text[s:opener_end], self.date) if opener_end > s else NONE
        if _MEETING_ACCOUNT.match(text, s, opener_end) and not TRIGGER.search(text, opener_end, e):
            self.non_tasks.append(text[s:e].strip())
            return False  # "Tại cuộc họp, Sở X đề xuất ...": what was said at the meeting, not work assigned
        sentence_text = text[s:e].strip()
        if sentence_text[:1] in _OPEN_Q:
            close = max(sentence_text.find("”", 1), sentence_text.find('"', 1))
            if close == -1 or close > len(sentence_text) * 0.5:
                self.non_tasks.append(sentence_text)
                return False
        if _CLOSING.search(sentence_text) or _ATTENDANCE.match(text, body, e):
            return False  # "Tham dự có ...": who attended, not what they must do
        clauses = _clauses(text, body, e)
        first_s, first_e = clauses[0]
        struct = self._structure(first_s, first_e) or self._back_reference(first_s, first_e)
        inherited = False
        if struct is None:
            inherit_from = self.header_leads or (self.context if (cont or _CONT_VERB.match(text[body:e])) else [])
            head_end = body + len(" ".join(text[body:e].split()[:8]))
            speaker = any((m.entry.kind in ("pm", "government") or m.title)
                          and not _RECIPIENT_BEFORE.search(text[max(s, m.start - 25):m.start])
                          for m in self._mentions_in(s, head_end))
            said = _SPEECH.search(text, body, head_end)
            if not inherit_from or speaker or (said and said.start() > body):
                if TRIGGER.search(sentence_text) or self._mentions_in(s, min(e, s + 40)) or find_deadline(sentence_text, self.date).date:
                    self.non_tasks.append(sentence_text)
                self.context = []
                return False
            coords: list[str] = []
            a_start = body
            chair = _CHAIR.match(text, body, first_e)
            if chair:  # "- Chủ trì, phối hợp với Bộ Y tế hoàn thành ..." under a "Bộ Công an:" heading
                coords, a_start = self._coordinator_run(chair.end(), first_e)
            struct = _Structure(inherit_from, coords, a_start)
            inherited = True
        sentence_deadline = find_deadline(text[body:e], self.date)
        first_action = _LEADING_ADVERBS.sub("", text[struct.action_start:first_e].strip(" ,"))
        if _MODAL.match(first_action) and sentence_deadline.date is None:
            self.non_tasks.append(sentence_text)
            self.context = []
            return False
        created: list[TaskDict] = []
        leads, coords = struct.leads, struct.coordinators
        prev: list[TaskDict] = []
        for idx, (cs, ce) in enumerate(clauses):
            clause_inherited = inherited
            if idx == 0:
                a_start, ev_start = struct.action_start, s
            else:
                lead_in = re.match(r"\s*(?:(?P<cont>đồng thời|cùng với đó|bên cạnh đó|ngoài ra)\s*,?\s*|và\s+)?", text[cs:ce], re.I)
                a_start = cs + (lead_in.end() if lead_in else 0)
                ev_start = cs + (len(text[cs:ce]) - len(text[cs:ce].lstrip()))
                own = self._structure(a_start, ce)
                if own is not None:
                    leads, coords, a_start = own.leads, own.coordinators, own.action_start
                    clause_inherited = False
                elif lead_in and lead_in["cont"]:
                    clause_inherited = True
                if own is None and (chair := _CHAIR.match(text, a_start, ce)) and not text[a_start:chair.start()].strip():
                    coords, a_start = self._coordinator_run(chair.end(), ce)  # "...; phối hợp với Bộ Công an xử lý ..."
                if prev and _DEADLINE_ONLY.match(text[a_start:ce]) and self._only_deadline(a_start, ce):
                    self._merge_deadline(prev, cs, ce)
                    continue
                if prev and own is None and (_OBJECT_HEAD.match(text, a_start, ce) or text[a_start:a_start + 1].isupper()):
                    self._merge_clause(prev, cs, ce)  # "đề xuất chính sách ...; phương án ...": one verb, two objects
                    continue
                if prev and re.match(r"\s*trong đó\b", text[cs:ce], re.I):
                    self._merge_clause(prev, cs, ce)  # an elaboration stays with its parent task
                    continue
            action = text[a_start:ce].strip(" ,.…:;\t\n").rstrip(".…").strip()
            if not self._is_action(action, ce):
                if action:
                    self.non_tasks.append(text[ev_start:ce].strip())
                continue
            deadline = find_deadline(text[a_start:ce], self.date)
            if deadline.text is None or (deadline.date is None and deadline.recurrence is None
                                         and (opener_deadline.date or self.header_deadline.date)):
                # None of its own, or only a vague one ("6 tháng đầu năm" as the period reported on): the
                # paragraph's deadline holds.
                deadline = opener_deadline if opener_deadline.text else self.header_deadline
            prev = []
            for lead in leads:
                task = self._task(lead, coords, action, deadline, ev_start, ce, inherited=clause_inherited)
                if task is not None:
                    created.append(task)
                    prev.append(task)
        if created:
            self.context = leads
        else:
            self.context = []
        return bool(created)

    def _only_deadline(self, start: int, end: int) -> bool:
        dl = find_deadline(self.text[start:end], self.date)
        if dl.text is None:
            return False
        rest = (self.text[start:end].replace(dl.text, " ")).split()
        return len(rest) <= 6

    def _merge_deadline(self, prev: list[TaskDict], cs: int, ce: int) -> None:
        for task in prev:
            start = task["evidence_start"]
            merged = self.text[start:ce].strip()
            dl = find_deadline(self.text[cs:ce], self.date)
            task["action"] = f"{task['action']}; {self.text[cs:ce].strip(' ,.;')}"
            task["evidence"] = merged
            task["evidence_end"] = task["evidence_start"] + len(merged)
            task["deadline_text"] = dl.text
            task["deadline"] = dl.date.isoformat() if dl.date else None
            task["recurrence"] = dl.recurrence

    def _merge_clause(self, prev: list[TaskDict], cs: int, ce: int) -> None:
        for task in prev:
            merged = self.text[task["evidence_start"]:ce].strip()
            task["action"] = f"{task['action']}; {self.text[cs:ce].strip(' ,.;')}"
            task["evidence"] = merged
            task["evidence_end"] = task["evidence_start"] + len(merged)
            task["targets"] = _targets(task["action"])
            own = find_deadline(self.text[cs:ce], self.date)
            if own.text is not None and (task["deadline_text"] is None or task["deadline_text"] not in task["evidence"]):
                task["deadline_text"] = own.text  # the deadline of the whole task, stated after its last object
                task["deadline"] = own.date.isoformat() if own.date else None
                task["recurrence"] = own.recurrence

    def _is_action(self, action: str, clause_end: int) -> bool:
        bare = _LEADING_ADVERBS.sub("", action)
        if len(bare.split()) < 3:
            return False  # "Bộ Công an tiếp tục đôn đốc," has no surviving action
        if self.text[clause_end - 1:clause_end] == "," or action.endswith(","):
            return False
        umbrella = _UMBRELLA.match(bare)
        if _EXHORT.match(action) or _EXHORT.match(bare) or (umbrella and len(bare.split()) - len(
                (umbrella["accountable"] or "").split()) < 16):
            return False
        if _COMPLIANCE.match(bare) or (_ANNOUNCES_LIST.search(bare) and len(bare.split()) < 16):
            return False  # "thực hiện nghiêm các nội dung tại Thông báo này"; "... các nhiệm vụ cụ thể sau:"
        if bare[:1] in _OPEN_Q:
            return False  # a slogan in quotation marks ("đã nói là làm ...") is not a deliverable
        if re.search(rf"{_B}nhưng{_E}", action) and not find_deadline(action, self.date).date:
            return False  # "X quản lý dữ liệu ... nhưng trên hết ..." describes, it does not assign
        return not _MODAL.match(bare) or bool(find_deadline(action, self.date).date)

    def _task(self, lead: _Lead, coords: list[str], action: str, deadline: Deadline, ev_start: int, ev_end: int,
              *, inherited: bool) -> TaskDict | None:
        words = set(fold_words(action).split())
        for t in self.tasks:
            if t["lead"] != lead.name:
                continue
            other = set(fold_words(t["action"]).split())
            shared = len(words & other)
            if words and other and (2 * shared / (len(words) + len(other)) >= 0.85
                                    or (min(len(words), len(other)) >= 10
                                        and shared / min(len(words), len(other)) >= 0.85)):
                # The same task stated twice (a lead paragraph repeated in the body): one task, with what the
                # fuller statement adds.
                if coords and not t["coordinators"]:
                    t["coordinators"] = list(coords)
                if deadline.text and not t["deadline_text"]:
                    t["deadline_text"], t["recurrence"] = deadline.text, deadline.recurrence
                    t["deadline"] = deadline.date.isoformat() if deadline.date else None
                return None
        evidence = self.text[ev_start:ev_end].strip()
        ev_start = self.text.find(evidence, ev_start)
        task = TaskDict(
            lead=lead.name,
            lead_as_written=f"(chủ ngữ kế thừa: {lead.surface})" if inherited else lead.surface,
            coordinators=list(coords),
            action=action,
            deadline_text=deadline.text,
            deadline=deadline.date.isoformat() if deadline.date else None,
            evidence=evidence,
            evidence_start=ev_start,
            evidence_end=ev_start + len(evidence),
            lead_unit_code=lead.entry.unit_code,
            lead_kind=lead.entry.kind,
            recurrence=deadline.recurrence,
            targets=_targets(action),
        )
        self.tasks.append(task)
        return task

    # one line ------------------------------------------------------------------------------------------
    def line(self, start: int, end: int) -> None:
        raw = self.text[start:end]
        if not raw.strip():
            return
        if _CAPTION.search(raw):
            self.non_tasks.append(raw.strip())
            self.context = []
            return
        if raw.count(" > ") >= 1 and len(raw) < 200:
            return  # "Báo Điện tử Chính phủ > Thời sự > ...": a page's breadcrumb
        enum = _ENUM.match(raw)
        level: float = _ENUM_LEVEL[enum.lastgroup] if enum and enum.lastgroup else 9
        if enum and enum.lastgroup == "digit":
            level += 0.25 * enum["digit"].rstrip(".)").count(".")  # "4.1." sits under "4."
        body = start + (enum.end() if enum else 0)
        # An unnumbered heading ("Về nhiệm vụ 6 tháng cuối năm 2025:") governs its bullets and lettered items
        # until a numbered item or another heading.
        if enum and level <= (self.header_level if self.header_level < 9 else 1.75):
            self.header_deadline, self.header_level = NONE, -1
        if enum and level <= self.header_leads_level:
            self.header_leads, self.header_leads_level = [], -1
        if self._header(body, end, level):
            return
        for s, e in _sentences(self.text[body:end], body):
            self.sentence(s, e)

    def _header(self, body: int, end: int, level: float) -> bool:
        """A line heading a block: "Bộ Công an:" (its items inherit the lead) or "Về nhiệm vụ ... quý I năm 2025"."""
        line = self.text[body:end].strip()
        handed = re.match(r"\s*(?:giao|đề nghị|yêu cầu|phân công)(?:\s+cho)?\s+", self.text[body:end], re.I)
        run = self._run(body + (handed.end() if handed else 0), end, subject=False)  # "Giao Sở X:" heads a list too
        if run and re.fullmatch(r"\s*(?:\([^()]{0,120}\)\s*)?(?:(?:cần\s+|có trách nhiệm\s+)?(?:lãnh đạo,?\s*chỉ đạo|"
                                r"lãnh đạo|chỉ đạo|thực hiện|tập trung|có trách nhiệm|khẩn trương)"
                                r"(?:\s+(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Công an|Sở)[^:,;.]{0,40})?"
                                r"(?:\s+(?:các|những|một số)\s+nhiệm vụ(?:\s+sau)?)?\s*)?:\s*", self.text[run[1]:end]):
            # "Sở Thông tin và Truyền thông (cơ quan thường trực Ban Chỉ đạo):" heads a list too
            self.header_leads, self.header_leads_level = run[0], min(level, 8)
            return True
        if run and level < 9 and not self.text[run[1]:end].strip(" \t.") and len(line) < 160:
            # "3.1. Sở Khoa học và Công nghệ" alone on a numbered line heads its lettered items
            self.header_leads, self.header_leads_level = run[0], level
            return True
        if (re.match(r"(?:Về|Đối với|Nhiệm vụ|Các nhiệm vụ|Một số nhiệm vụ)\s", line, re.I)
                and (line.endswith(":") or (not line.endswith((".", ";")) and len(line) < 200))
                and run is None and (not TRIGGER.search(line) or re.search(r"(?:giao|như sau)\s*:\s*$", line))):
            dl = find_deadline(line, self.date)
            if len({day for _s, _e, day in definite_phrases(line, self.date)}) > 1 or len(_PERIODS.findall(line)) > 1:
                dl = NONE  # "Các nhiệm vụ trọng tâm tháng 6 và quý III": two periods give no one deadline
            self.header_deadline = dl if dl.date else NONE
            self.header_level = level if dl.date else -1
            self.header_leads, self.header_leads_level = [], -1
            return True
        return False


def extract(text: str, *, date: dt.date | None = None, gazetteer: Gazetteer | None = None) -> ExtractionResult:
    """Propose the tasks of a conclusion notice (the JSON object of the annotation guidelines)."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    doc_date = document_date(text, date)
    gaz = gazetteer or Gazetteer.from_reference(doc_date)
    reader = _Reader(text, doc_date, gaz)
    for m in re.finditer(r"[^\n]+", text):
        if _RECIPIENTS.match(m.group(0)):
            break  # "Nơi nhận:" opens the distribution list at the foot of a notice: nothing after it is assigned
        reader.line(m.start(), m.end())
    _apply_aliases(reader.tasks, _bracket_aliases(text, gaz))
    return ExtractionResult(date=doc_date.isoformat(), tasks=reader.tasks, non_tasks=reader.non_tasks)


_BRACKET = re.compile(r"[ \t]*\(([^()\n]{2,30})\)")


def _bracket_aliases(text: str, gazetteer: Gazetteer) -> dict[str, GazetteerEntry]:
    """Short forms a text defines for itself: "Vụ Kế hoạch - Tài chính (Vụ KH-TC)" makes a later "Vụ KH-TC" that
    body. Only a bracket right after a recognised body, holding a short form with an acronym, counts."""
    ends = {m.end: m for m in gazetteer.find(text)}
    out: dict[str, GazetteerEntry] = {}
    for b in _BRACKET.finditer(text):
        mention = ends.get(b.start())
        short = b.group(1).strip()
        words = short.split()
        if mention is None or short == mention.entry.canonical or len(words) > 4 \
                or not any(sum(c.isupper() for c in w) >= 2 for w in words):
            continue
        out.setdefault(short, mention.entry)
    return out


def _apply_aliases(tasks: list[TaskDict], aliases: dict[str, GazetteerEntry]) -> None:
    for t in tasks:
        entry = aliases.get(t["lead"])
        if entry is not None:
            t["lead"], t["lead_unit_code"], t["lead_kind"] = entry.canonical, entry.unit_code, entry.kind
        t["coordinators"] = [aliases[c].canonical if c in aliases else c for c in t["coordinators"]]


def as_json(result: ExtractionResult) -> dict[str, Any]:
    """A plain dict for json.dump."""
    return dict(result)
