"""Possible duplicate investment: projects of different units that build the same kind of thing, found by kind and
by the similarity of their names and descriptions, grouped into clusters, each pointed at the national platform
that already serves the purpose when one is similar enough.

Text similarity is TF-IDF cosine over diacritic-folded syllables and syllable pairs (Vietnamese words are mostly
two syllables: "điều hành" must count as one term), after dropping words every project shares ("dự án", "xây
dựng", "hệ thống", place names are kept on purpose only through the unit: they are stripped here).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dxmonitor.core.text import fold_words

#: Folded syllables that say nothing about what a project builds.
_STOPWORDS_TEXT = """
du an xay dung trien khai he thong nang cap dau tu phat trien giai doan nam va cua cho cac tren tai tinh thanh pho
tp ubnd so khoa hoc cong nghe thong tin truyen thong ung dung hien dai hoa phuc vu nham theo mot de voi trong
dia ban cap bo nganh dia phuong quan ly co so du lieu quoc gia nen tang
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_YEARS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class ProjectText:
    code: str
    unit_key: str
    kind: str
    name: str
    description: str = ""
    place_names: tuple[str, ...] = ()  # the owner's own name, removed so it cannot make two projects differ


@dataclass(frozen=True)
class PlatformText:
    code: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    similarity: float
    same_kind: bool


@dataclass(frozen=True)
class Cluster:
    kind: str  # the shared kind, or "mixed"
    codes: tuple[str, ...]
    units: int
    similarity: float  # the weakest link that joined the cluster
    platform_code: str | None
    platform_similarity: float | None


def terms(text: str, remove: Iterable[str] = ()) -> list[str]:
    words = fold_words(text).split()
    for place in remove:
        place_words = fold_words(place).split()
        n = len(place_words)
        if n:
            words = [w for i, w in enumerate(words)
                     if not any(words[j:j + n] == place_words for j in range(max(0, i - n + 1), i + 1))]
    words = [w for w in words if w not in STOPWORDS and not _YEARS.match(w) and len(w) > 1]
    return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]


def _vectors(docs: Sequence[list[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    n = len(docs)
    out = []
    for d in docs:
        tf = Counter(d)
        vec = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({t: v / norm for t, v in vec.items()})
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def find_pairs(projects: Sequence[ProjectText], *, same_kind_threshold: float = 0.30,
               any_kind_threshold: float = 0.55) -> list[Pair]:
    """Pairs of projects of different units whose texts are similar: a lower bar when they are of the same kind."""
    docs = [terms(f"{p.name} {p.name} {p.description}", p.place_names) for p in projects]  # the name counts twice
    vecs = _vectors(docs)
    pairs = []
    for i, p in enumerate(projects):
        for j in range(i + 1, len(projects)):
            q = projects[j]
            if p.unit_key == q.unit_key:
                continue
            same = p.kind == q.kind and p.kind != "other"
            sim = _cosine(vecs[i], vecs[j])
            if sim >= (same_kind_threshold if same else any_kind_threshold):
                pairs.append(Pair(p.code, q.code, round(sim, 4), same))
    return sorted(pairs, key=lambda x: (-x.similarity, x.a, x.b))


def find_clusters(projects: Sequence[ProjectText], platforms: Sequence[PlatformText] = (), *,
                  same_kind_threshold: float = 0.30, any_kind_threshold: float = 0.55,
                  platform_threshold: float = 0.20) -> list[Cluster]:
    """Connected groups of similar projects (two or more units), largest first, each with the most similar
    national platform when its similarity reaches `platform_threshold`."""
    pairs = find_pairs(projects, same_kind_threshold=same_kind_threshold, any_kind_threshold=any_kind_threshold)
    parent = {p.code: p.code for p in projects}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    weakest: dict[str, float] = {}
    for pair in pairs:
        ra, rb = root(pair.a), root(pair.b)
        if ra != rb:
            parent[rb] = ra
        r = root(pair.a)
        weakest[r] = min(weakest.get(ra, 1.0), weakest.get(rb, 1.0), pair.similarity)
    groups: dict[str, list[ProjectText]] = {}
    for p in projects:
        groups.setdefault(root(p.code), []).append(p)
    by_code = {p.code: p for p in projects}
    platform_vecs = _vectors([terms(f"{x.name} {x.description}") for x in platforms]) if platforms else []
    clusters = []
    for r, members in groups.items():
        if len(members) < 2:
            continue
        kinds = {m.kind for m in members}
        best_code, best_sim = None, None
        if platforms:
            text = " ".join(f"{by_code[m.code].name} {by_code[m.code].description}" for m in members)
            docs = [terms(text, [n for m in members for n in m.place_names])]
            # Weigh the cluster's terms by the platforms' collection so common words count for little.
            vec = _vectors([*docs, *[terms(f"{x.name} {x.description}") for x in platforms]])[0]
            sims = [(_cosine(vec, pv), x.code) for pv, x in zip(platform_vecs, platforms, strict=True)]
            top = max(sims)
            if top[0] >= platform_threshold:
                best_sim, best_code = round(top[0], 4), top[1]
        clusters.append(Cluster(kind=kinds.pop() if len(kinds) == 1 else "mixed",
                                codes=tuple(sorted(m.code for m in members)),
                                units=len({m.unit_key for m in members}), similarity=round(weakest.get(r, 0.0), 4),
                                platform_code=best_code, platform_similarity=best_sim))
    return sorted(clusters, key=lambda c: (-c.units, -c.similarity, c.codes))
