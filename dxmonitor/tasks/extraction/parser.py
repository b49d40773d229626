"""The rule-based reader of conclusion notices: assignment structures over a gazetteer, one task per predicate."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from dxmonitor.core.text import nfc
from dxmonitor.tasks.extraction.deadlines import find_deadline
from dxmonitor.tasks.extraction.gazetteer import Gazetteer

DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s*(?:tháng\s+|/)(\d{1,2})\s*(?:năm\s+|/)(\d{4})", re.I)
TRIGGER = re.compile(r"\b(?:giao|yêu cầu|đề nghị)\s+(?:cho\s+)?", re.I)
CONTINUATION = re.compile(r"^\s*(?:[-–•+]\s*|đồng thời,?\s*|cùng với đó,?\s*|khẩn trương\s|tiếp tục\s|chủ động\s)", re.I)
NOT_TASK = re.compile(r"^(?:ảnh:|ảnh\s)|giao\s+(?:các\s+)?nhiệm vụ\s+(?:cụ thể\s+)?cho\s+(?:từng\s+)?(?:các\s+)?bộ", re.I)
COORD = re.compile(r"(?:chủ trì,?\s*)?phối hợp(?:\s+chặt chẽ)?\s+với\s+", re.I)
LEAD_JOIN = re.compile(r"^\s*(?:,|và|cùng)\s*$", re.I)
ACTION_START = re.compile(r"^[\s,:]*(?:chủ trì,?\s*)?", re.I)
EXHORTATION = re.compile(r"^(?:cần|phải|hãy)?\s*(?:tiếp tục\s+)?(?:nỗ lực|quyết liệt|hành động quyết liệt|quan tâm|phát huy|"
                         r"nâng cao (?:hơn nữa )?tinh thần|đoàn kết|vào cuộc)", re.I)
SENTENCE = re.compile(r"[^.;\n]+(?:[.;]|$)", re.M)


@dataclass
class Task:
    lead: str
    lead_as_written: str
    coordinators: list[str]
    action: str
    deadline_text: str | None
    deadline: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    lead_unit_code: str | None = None
    recurrence: str | None = None
    targets: list[dict[str, Any]] = field(default_factory=list)


def _doc_date(text: str, given: dt.date | None) -> dt.date:
    if given:
        return given
    m = DATE_RE.search(text[:600])
    if m:
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            pass
    m = re.search(r"date\s+(\d{4})-(\d{2})(?:-(\d{2}))?", text[:200])
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3] or 1))
    return dt.date.today()  # noqa: DTZ011 - last resort; the CLI's --date should be given


def dl_probe(text: str, doc_date: dt.date) -> str | None:
    return find_deadline(text, doc_date).text


def _targets(action: str) -> list[dict[str, Any]]:
    out = []
    for m in re.finditer(r"(\d{1,3}(?:[.,]\d+)?)\s*%\s*([^,;.]{0,60})", action):
        out.append({"value": float(m[1].replace(",", ".")), "unit": "%", "what": m[2].strip()})
    return out


def _lead_run(matches: list[tuple[int, int, str, Any]], text: str, start: int) -> list[tuple[int, int, str, Any]]:
    """Agencies listed one after another from `start` (A, B và C), excluding companies."""
    run: list[tuple[int, int, str, Any]] = []
    pos = start
    for m in matches:
        if m[0] < pos:
            continue
        gap = text[pos:m[0]]
        if run and not LEAD_JOIN.match(gap) and gap.strip() not in ("", ","):
            break
        if not run and gap.strip() not in ("", ":"):
            break
        if m[3].kind != "company":
            run.append(m)
        pos = m[1]
    return run


def extract(text: str, *, date: dt.date | None = None, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    text = nfc(text)
    doc_date = _doc_date(text, date)
    gaz = gazetteer or Gazetteer.from_reference(doc_date)
    tasks: list[Task] = []
    non_tasks: list[str] = []
    seen: set[tuple[str, str]] = set()
    current_lead: list[Any] = []
    for para_match in re.finditer(r"[^\n]+", text):
        para, base = para_match.group(0), para_match.start()
        para_deadline = find_deadline(para[:120], doc_date) if re.match(r"^\s*(?:Về|Trong|Đối với)\b", para) else None
        for sent in SENTENCE.finditer(para):
            clause = sent.group(0)
            cstart = base + sent.start()
            if NOT_TASK.search(clause):
                non_tasks.append(clause.strip())
                continue
            matches = gaz.finditer(clause)
            leads: list[Any] = []
            rest_from = 0
            trig = TRIGGER.search(clause)
            if trig:
                leads = _lead_run(matches, clause, trig.end())
                if leads:
                    rest_from = leads[-1][1]
            if not leads and matches and clause[:matches[0][0]].strip(" -–•+:\"“") == "":
                leads = _lead_run(matches, clause, matches[0][0])
                if leads:
                    rest_from = leads[-1][1]
                    after_raw = clause[rest_from:rest_from + 40]
                    after = after_raw.lower()
                    # A sentence opening with an agency is an assignment unless it reports or describes:
                    # "X đã ...", "X là ...", "X được ...", "X đang ...", "X có ...".
                    if re.match(r"^[\s,]*(đã|là|được|đang|có|của|với|cũng|nay|vừa|thì|sẽ|hiện)\b", after) or \
                            not re.match(r"^[\s,]*[a-zà-ỹđ]", after_raw):  # a name or a colon: a speaker
                        leads = []
            inherited = False
            if not leads and current_lead and CONTINUATION.match(clause):
                leads, inherited, rest_from = current_lead, True, 0
            if not leads:
                continue
            current_lead = leads
            rest = clause[rest_from:]
            coords: list[str] = []
            cm = COORD.search(rest)
            if cm and cm.start() < 40:
                coord_matches = gaz.finditer(rest[cm.end():])
                pos = 0
                for m in coord_matches:
                    gap = rest[cm.end() + pos:cm.end() + m[0]]
                    if pos and gap.strip() not in ("", ",", "và"):
                        break
                    coords.append(m[3].canonical)
                    pos = m[1]
                rest = rest[cm.end() + pos:]
            action = ACTION_START.sub("", rest).strip(" ,.;:")
            if inherited:
                action = CONTINUATION.sub("", action).strip(" ,.;:")
            action = re.sub(r"^(?:và|các bộ, ngành liên quan|các cơ quan liên quan),?\s*", "", action)
            if len(action.split()) < 3:
                continue
            vague_duty = re.match(r"^(?:cần|phải)\s", action, re.I) and dl_probe(action, doc_date) is None
            if EXHORTATION.match(action) or " thì " in f" {action} " or vague_duty:  # exhortations and principles
                non_tasks.append(clause.strip())
                continue
            dl = find_deadline(clause, doc_date)
            if dl.text is None and para_deadline and para_deadline.text:
                dl = para_deadline
            evidence = clause.strip()
            for lead in leads:
                agency = lead[3]
                key = (agency.canonical, action[:80].lower())
                if key in seen:
                    continue
                seen.add(key)
                tasks.append(Task(
                    lead=agency.canonical,
                    lead_as_written=f"(chủ ngữ kế thừa: {lead[2]})" if inherited else lead[2],
                    coordinators=coords, action=action, deadline_text=dl.text,
                    deadline=dl.date.isoformat() if dl.date else None, evidence=evidence,
                    evidence_start=cstart + sent.group(0).find(evidence), evidence_end=cstart + sent.group(0).find(evidence) + len(evidence),
                    lead_unit_code=agency.unit_code, recurrence=dl.recurrence, targets=_targets(action),
                ))
    return {"date": doc_date.isoformat(), "tasks": [asdict(t) for t in tasks], "non_tasks": non_tasks}
