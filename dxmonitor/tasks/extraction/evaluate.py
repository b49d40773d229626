"""Scoring the extractor against gold files: P/R/F1 of (lead, action) pairs, coordinator F1, deadline accuracy.

Matching: a predicted task matches a gold task when the leads are equal after folding case and diacritics
and the actions share at least half of their words (Jaccard >= 0.5 on folded word sets, or one contains the
other); pairs are matched one to one, best overlap first.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxmonitor.core.text import fold_words
from dxmonitor.tasks.extraction.parser import extract

THRESHOLD = 0.5


def _words(text: str) -> set[str]:
    return set(fold_words(text).split())


def _overlap(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    if wa <= wb or wb <= wa:
        return max(len(wa & wb) / min(len(wa), len(wb)), len(wa & wb) / len(wa | wb))
    return len(wa & wb) / len(wa | wb)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    coord_tp: int = 0
    coord_fp: int = 0
    coord_fn: int = 0
    deadline_ok: int = 0
    matched: int = 0
    rows: list[tuple[str, int, int, int]] = field(default_factory=list)

    @staticmethod
    def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def summary(self) -> dict[str, float]:
        p, r, f = self._f1(self.tp, self.fp, self.fn)
        _, _, cf = self._f1(self.coord_tp, self.coord_fp, self.coord_fn)
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "coordinator_f1": round(cf, 3),
                "deadline_accuracy": round(self.deadline_ok / self.matched, 3) if self.matched else 1.0,
                "gold": self.tp + self.fn, "predicted": self.tp + self.fp}


def score_document(pred: list[dict[str, Any]], gold: list[dict[str, Any]], score: Score, name: str) -> None:
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if fold_words(g["lead"]) == fold_words(p["lead"]):
                o = _overlap(g["action"], p["action"])
                if o >= THRESHOLD:
                    pairs.append((o, i, j))
    used_g, used_p = set(), set()
    tp = 0
    for _o, i, j in sorted(pairs, reverse=True):
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        tp += 1
        gc = {fold_words(c) for c in gold[i].get("coordinators", [])}
        pc = {fold_words(c) for c in pred[j].get("coordinators", [])}
        score.coord_tp += len(gc & pc)
        score.coord_fp += len(pc - gc)
        score.coord_fn += len(gc - pc)
        score.matched += 1
        score.deadline_ok += int(gold[i].get("deadline") == pred[j].get("deadline"))
    score.tp += tp
    score.fp += len(pred) - tp
    score.fn += len(gold) - tp
    score.rows.append((name, tp, len(pred) - tp, len(gold) - tp))


def evaluate(folder: Path, texts: Path | None = None) -> Score:
    """Gold files `NN.json` with texts `NN.txt` beside them (or in `texts`, for texts kept elsewhere)."""
    score = Score()
    for gold_path in sorted(folder.glob("*.json")):
        text_path = (texts or folder) / (gold_path.stem + ".txt")
        if not text_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        date = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
        pred = extract(text_path.read_text(encoding="utf-8"), date=date)
        score_document(pred["tasks"], gold["tasks"], score, gold_path.stem)
    return score


def format_table(score: Score) -> str:
    lines = [f"{'document':<28} {'tp':>4} {'fp':>4} {'fn':>4}"]
    lines += [f"{name:<28} {tp:>4} {fp:>4} {fn:>4}" for name, tp, fp, fn in score.rows]
    s = score.summary()
    lines.append(f"P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  coordinators F1 {s['coordinator_f1']:.3f}"
                 f"  deadline accuracy {s['deadline_accuracy']:.3f}  (gold {s['gold']}, predicted {s['predicted']})")
    return "\n".join(lines)
