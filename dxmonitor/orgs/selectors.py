"""Reads of the units registry: units valid on a date, lineage, name look-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from dxmonitor.core.text import fold_words
from dxmonitor.core.time import today_vn
from dxmonitor.orgs.contracts import UnitNotFound, UnitRef
from dxmonitor.orgs.models import KIND_GROUPS, Unit, UnitLineage


def valid_on_q(day: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def kinds_for(kind: str | None) -> tuple[str, ...] | None:
    if kind is None:
        return None
    try:
        return KIND_GROUPS[kind]
    except KeyError:
        raise ValueError(f"kind: unknown unit kind '{kind}' (one of {', '.join(sorted(KIND_GROUPS))})") from None


def units_valid_on(day: dt.date, kind: str | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.filter(valid_on_q(day)).select_related("parent")
    kinds = kinds_for(kind)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("kind", "code")


def to_ref(unit: Unit) -> UnitRef:
    return UnitRef(
        key=unit.key,
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        parent_code=unit.parent.code if unit.parent_id and unit.parent else None,
        name_en=unit.name_en,
        ranking_group=unit.ranking_group,
        population=unit.population,
    )


_PREFIXES = (
    "uy ban nhan dan tinh ", "uy ban nhan dan thanh pho ", "uy ban nhan dan ", "ubnd tinh ", "ubnd thanh pho ",
    "ubnd tp ", "ubnd ", "thanh pho ", "tinh ", "tp ",
)


def search_key_for(unit: Unit) -> str:
    names = [unit.name, unit.name_en, unit.code, *unit.abbreviations, *unit.former_names]
    return " | ".join(fold_words(n) for n in names if n)


def _strip_prefix(query: str) -> str:
    for prefix in _PREFIXES:
        if query.startswith(prefix) and len(query) > len(prefix):
            return query[len(prefix):]
    return query


def search_units(
    query: str, *, on: dt.date | None = None, kind: str | None = None, limit: int | None = 50
) -> list[Unit]:
    """Units whose name, code, abbreviation or former name matches, ignoring case and diacritics.

    Exact matches of a whole name or abbreviation come first, then prefix matches, then the rest.
    """
    folded = fold_words(query)
    qs = Unit.objects.select_related("parent")
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    kinds = kinds_for(kind)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    if not folded:
        return list(qs.order_by("kind", "code")[:limit] if limit else qs.order_by("kind", "code"))
    core = _strip_prefix(folded)
    candidates = list(qs.filter(Q(search_key__contains=folded) | Q(search_key__contains=core)))

    def rank(unit: Unit) -> tuple[int, int, str, str]:
        parts = unit.search_key.split(" | ")
        if folded in parts or core in parts:
            score = 0
        elif any(p.startswith(core) for p in parts):
            score = 1
        else:
            score = 2
        # Provinces and ministries before communes of the same name; current units before former ones.
        big = 0 if unit.kind not in KIND_GROUPS["commune"] else 1
        return (score, big, "1" if unit.valid_to else "0", unit.name)

    candidates.sort(key=rank)
    return candidates[:limit] if limit else candidates


def unit_by_key(key: str) -> Unit:
    try:
        return Unit.objects.select_related("parent").get(key=key)
    except Unit.DoesNotExist:
        raise UnitNotFound(f"no unit with key '{key}'") from None


def unit_by_code(code: str, *, on: dt.date | None = None, kind: str | None = None) -> Unit:
    """The unit holding `code` on the date (today in Việt Nam by default)."""
    day = on or today_vn()
    qs = Unit.objects.select_related("parent").filter(code=code.strip()).filter(valid_on_q(day))
    kinds = kinds_for(kind)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    units = list(qs)
    if not units:
        raise UnitNotFound(f"no unit with code '{code}' on {day.isoformat()}")
    if len(units) > 1:
        # Province 01 and commune 00001 never collide (different lengths); a collision is a data error.
        units.sort(key=lambda u: (u.kind not in KIND_GROUPS["province"], u.kind))
    return units[0]


def resolve_unit(name_or_code: str, *, on: dt.date | None = None, kind: str | None = None) -> Unit:
    """A unit from a key, a code, or a name/abbreviation (best match); raises UnitNotFound."""
    text = name_or_code.strip()
    if Unit.objects.filter(key=text).exists():
        return unit_by_key(text)
    if Unit.objects.filter(code=text).exists():
        if on is not None:
            return unit_by_code(text, on=on, kind=kind)
        # Without a date: the most recent unit that held the code.
        unit = Unit.objects.filter(code=text).order_by("-valid_from").select_related("parent").first()
        assert unit is not None
        return unit
    found = search_units(text, on=on, kind=kind, limit=5)
    if not found:
        raise UnitNotFound(f"no unit matches '{name_or_code}'")
    return found[0]


def successors_of(unit: Unit) -> list[Unit]:
    return [link.successor for link in UnitLineage.objects.filter(predecessor=unit).select_related("successor__parent")]


def predecessors_of(unit: Unit) -> list[Unit]:
    return [
        link.predecessor for link in UnitLineage.objects.filter(successor=unit).select_related("predecessor__parent")
    ]


def lineage_links(unit: Unit) -> tuple[list[UnitLineage], list[UnitLineage]]:
    """(links to predecessors, links to successors) of a unit, for its page."""
    before = list(UnitLineage.objects.filter(successor=unit).select_related("predecessor"))
    after = list(UnitLineage.objects.filter(predecessor=unit).select_related("successor"))
    return before, after


def current_of(unit: Unit, *, on: dt.date | None = None) -> list[Unit]:
    """What the unit is on the date (today by default): itself, or its successors followed through lineage."""
    day = on or today_vn()
    frontier, seen, result = [unit], {unit.pk}, []
    while frontier:
        nxt = []
        for u in frontier:
            if u.valid_on(day):
                result.append(u)
                continue
            for s in successors_of(u):
                if s.pk not in seen:
                    seen.add(s.pk)
                    nxt.append(s)
        frontier = nxt
    return result


def descendant_ids(unit_ids: Iterable[int]) -> set[int]:
    """The given units and every unit below them in the hierarchy."""
    result = set(unit_ids)
    frontier = set(result)
    while frontier:
        children = set(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - result
        result |= children
        frontier = children
    return result


def counts_by_kind(day: dt.date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in Unit.objects.filter(valid_on_q(day)).values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def unit_key_of(unit_id: int) -> str:
    return str(Unit.objects.values_list("key", flat=True).get(pk=unit_id))


def unit_by_id(unit_id: int) -> Unit:
    try:
        return Unit.objects.select_related("parent").get(pk=unit_id)
    except Unit.DoesNotExist:
        raise UnitNotFound(f"no unit with id {unit_id}") from None


def codes_of(unit_ids: Iterable[int]) -> set[str]:
    return set(Unit.objects.filter(pk__in=list(unit_ids)).values_list("code", flat=True))
