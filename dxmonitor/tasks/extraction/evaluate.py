"""Scoring the extractor against gold files: P/R/F1 of (lead, action) pairs, coordinator F1, deadline accuracy.

Matching rule (documented for the report):
- leads are equal when their `fold_words` forms are equal (case, diacritics and punctuation ignored), or when
  one is the other followed by the parent the text implies: a province or city ("Công an tỉnh" and "Công an
  tỉnh Phú Thọ", "Sở Nội vụ" and "Sở Nội vụ tỉnh Phú Thọ") or a ministry ("Văn phòng Bộ" and "Văn phòng Bộ Y
  tế"). The guidelines leave that convention open, and annotators differ on it; both name the same body.
  A company's short and full names are also one body ("Viettel", "Tập đoàn Công nghiệp - Viễn thông Quân đội");
- actions match when the Dice coefficient of their folded word sets, 2|A∩B| / (|A|+|B|), is at least
  `THRESHOLD` = 0.5 (an action that carries its deadline phrase still matches one that does not);
- pairs are matched one to one, the highest overlap first, so one prediction cannot satisfy two gold tasks.
Coordinator F1 counts coordinators (folded) over matched pairs; deadline accuracy is the share of matched
pairs whose `deadline` (ISO date or null) is equal.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxmonitor.core.text import fold_words, nfc

THRESHOLD = 0.5


def overlap(a: str, b: str) -> float:
    """Dice coefficient of the folded word sets of two actions."""
    wa, wb = set(fold_words(a).split()), set(fold_words(b).split())
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class DocScore:
    """Counts for one document (or the sum of several)."""

    name: str = ""
    tp: int = 0
    fp: int = 0
    fn: int = 0
    coord_tp: int = 0
    coord_fp: int = 0
    coord_fn: int = 0
    deadline_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: DocScore) -> None:
        for name in ("tp", "fp", "fn", "coord_tp", "coord_fp", "coord_fn", "deadline_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> dict[str, float | int]:
        p, r, f = _f1(self.tp, self.fp, self.fn)
        _, _, cf = _f1(self.coord_tp, self.coord_fp, self.coord_fn)
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "coordinator_f1": round(cf, 3),
                "deadline_accuracy": round(self.deadline_ok / self.tp, 3) if self.tp else 1.0,
                "gold": self.tp + self.fn, "predicted": self.tp + self.fp, "matched": self.tp}


@functools.cache
def _parents() -> frozenset[str]:
    """Folded names a text may leave implied after a local body: provinces and cities (with or without "tỉnh",
    "thành phố"), and ministries (with or without "Bộ")."""
    from dxmonitor.orgs.reference import iter_units

    out: set[str] = set()
    for kind in ("province", "city"):
        for unit in iter_units(kind=kind):
            for name in (unit.name, *unit.former_names):
                out.update(fold_words(f"{word} {name}") for word in ("", "tỉnh", "thành phố"))
    for unit in iter_units(kind="ministry"):
        for name in (unit.name, *unit.former_names):
            out.update({fold_words(name), fold_words(name.removeprefix("Bộ "))})
    return frozenset(out)


@functools.cache
def _company_names() -> dict[str, str]:
    """Folded short and full names of the partner companies, each to its short name."""
    from dxmonitor.tasks.extraction.gazetteer import COMPANIES, COMPANY_FULL_NAMES

    names = {fold_words(n): fold_words(short) for short, full in COMPANY_FULL_NAMES.items() for n in (short, full)}
    names.update({fold_words(n): fold_words(short) for short, forms in COMPANIES.items() for n in forms})
    return names


def same_lead(a: str, b: str) -> bool:
    """Whether two leads name the same body (module docstring)."""
    fa, fb = fold_words(a), fold_words(b)
    companies = _company_names()
    if fa == fb or (fa in companies and companies[fa] == companies.get(fb)):
        return True
    short, long = sorted((fa, fb), key=len)
    return bool(short) and long.startswith(short + " ") and long[len(short) + 1:] in _parents()


def score_document(pred: list[dict[str, Any]], gold: list[dict[str, Any]], name: str = "") -> DocScore:
    """Match predicted tasks to gold tasks one to one and count."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if not same_lead(g["lead"], p["lead"]):
                continue
            o = overlap(g["action"], p["action"])
            if o >= THRESHOLD:
                pairs.append((o, -i, -j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    score = DocScore(name)
    for _o, mi, mj in sorted(pairs, reverse=True):
        i, j = -mi, -mj
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        score.tp += 1
        gc = list(gold[i].get("coordinators") or [])
        pc = list(pred[j].get("coordinators") or [])
        hit = sum(1 for c in gc if any(same_lead(c, x) for x in pc))
        score.coord_tp += hit
        score.coord_fp += len(pc) - hit
        score.coord_fn += len(gc) - hit
        if gold[i].get("deadline") == pred[j].get("deadline"):
            score.deadline_ok += 1
        else:
            score.errors.append(f"deadline {pred[j].get('deadline')} != {gold[i].get('deadline')}: {gold[i]['action'][:60]}")
    score.fp = len(pred) - score.tp
    score.fn = len(gold) - score.tp
    score.errors += [f"FP {pred[j]['lead']} | {pred[j]['action'][:70]}" for j in range(len(pred)) if j not in used_p]
    score.errors += [f"FN {gold[i]['lead']} | {gold[i]['action'][:70]}" for i in range(len(gold)) if i not in used_g]
    return score


@dataclass
class Report:
    """Per-document scores and their total."""

    documents: list[DocScore]
    skipped: list[str]

    @property
    def total(self) -> DocScore:
        total = DocScore("overall")
        for doc in self.documents:
            total.add(doc)
        return total

    def summary(self) -> dict[str, float | int]:
        return self.total.summary()


def default_texts_dir(folder: Path) -> Path | None:
    """Where the seed texts live when the gold files are in the repository: `../shared/seeds` of the repo."""
    for parent in folder.resolve().parents:
        candidate = parent.parent / "shared" / "seeds"
        if (parent / "pyproject.toml").exists() and candidate.is_dir():
            return candidate
    return None


def evaluate(folder: Path | str, texts: Path | str | None = None,
             extractor: Callable[..., Any] | None = None) -> Report:
    """Score every `NN.json` in `folder` against the extraction of `NN.txt` (beside it, or in `texts`).

    Gold files whose text cannot be found are listed as skipped. The gold's `date` is passed as the date
    argument (the text's own stated date still wins, as in production).
    """
    from dxmonitor.tasks.extraction.parser import extract

    run: Callable[..., Any] = extractor or extract
    folder = Path(folder)
    text_dirs = [folder]
    if texts is not None:
        text_dirs.insert(0, Path(texts))
    elif (seeds := default_texts_dir(folder)) is not None:
        text_dirs.append(seeds)
    docs: list[DocScore] = []
    skipped: list[str] = []
    for gold_path in sorted(folder.glob("*.json")):
        text_path = next((d / f"{gold_path.stem}.txt" for d in text_dirs if (d / f"{gold_path.stem}.txt").exists()), None)
        if text_path is None:
            skipped.append(gold_path.stem)
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        date = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
        pred = run(nfc(text_path.read_text(encoding="utf-8")), date=date)
        docs.append(score_document(pred["tasks"], gold["tasks"], gold_path.stem))
    return Report(docs, skipped)


def format_table(report: Report, *, verbose: bool = False) -> str:
    """A printed table: one row per document, then the overall figures."""
    header = f"{'document':<26} {'gold':>4} {'pred':>4} {'tp':>3} {'P':>6} {'R':>6} {'F1':>6} {'coordF1':>7} {'deadline':>8}"
    lines = [header, "-" * len(header)]
    for doc in [*report.documents, report.total]:
        s = doc.summary()
        if doc.name == "overall":
            lines.append("-" * len(header))
        lines.append(f"{doc.name:<26} {s['gold']:>4} {s['predicted']:>4} {s['matched']:>3} {s['precision']:>6.3f} "
                     f"{s['recall']:>6.3f} {s['f1']:>6.3f} {s['coordinator_f1']:>7.3f} {s['deadline_accuracy']:>8.3f}")
        if verbose and doc.name != "overall":
            lines += [f"    {e}" for e in doc.errors]
    if report.skipped:
        lines.append(f"skipped (text not found): {', '.join(report.skipped)}")
    return "\n".join(lines)
