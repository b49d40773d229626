"""Writes of the indices domain: importing main-indicator values for a period (atomic, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from dxmonitor.core.audit import audit_record
from dxmonitor.indices.engine import load_methodology
from dxmonitor.indices.models import IndexValue
from dxmonitor.orgs.selectors import units_valid_on


class ImportRejected(ValueError):
    pass


@transaction.atomic
def values_import(*, actor: Any, methodology_code: str, period: int, values: Mapping[str, Mapping[str, float | None]],
                  source: str = "import", via: str = "web") -> int:
    """Replace the values of the given units for the period; refused whole if a unit or code is unknown."""
    m = load_methodology(methodology_code)
    kinds = "province" if m.unit_kind == "province" else "ministry"
    by_code: dict[str, Any] = {}
    for day in (dt.date(period, 1, 1), dt.date(period, 12, 31)):
        for unit in units_valid_on(day, kinds):
            by_code.setdefault(unit.code, unit)
    errors = [f"unit '{u}': not a {kinds} code valid in {period}" for u in values if u not in by_code]
    errors += [f"unit '{u}': unknown indicator '{c}'" for u, row in values.items() for c in row if c not in m.codes]
    if errors:
        raise ImportRejected("; ".join(errors[:50]))
    units = [by_code[u] for u in values]
    IndexValue.objects.filter(methodology=m.code, period=period, unit__in=units).delete()
    objs = [IndexValue(methodology=m.code, period=period, unit=by_code[u], indicator=c, value=v, source=source,
                       entered_by=actor if getattr(actor, "pk", None) else None)
            for u, row in values.items() for c, v in row.items()]
    IndexValue.objects.bulk_create(objs, batch_size=1000)
    audit_record(actor=actor, action="index.values_import", object_type="indices.indexvalue",
                 object_id=f"{m.code}/{period}", object_repr=f"{m.code} {period}",
                 after={"units": len(values), "values": len(objs), "source": source}, via=via)
    return len(objs)
