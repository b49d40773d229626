"""Services offered online but (almost) never used online: per unit, from per-procedure aggregates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pyarrow as pa


@dataclass(frozen=True)
class UnusedServices:
    """One unit: how many offered online procedures it has, how many saw fewer than `threshold` online
    dossiers in the period, the share actually used, and the unused ones (code, name, online dossiers)."""

    unit_code: str
    offered: int
    unused: int
    used_share: float | None
    unused_procedures: tuple[tuple[str, str, int], ...]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["unused_procedures"] = [{"code": c, "name": n, "online": k} for c, n, k in self.unused_procedures]
        return out


def offered_but_unused(procedure_use: pa.Table, offered: Mapping[str, str], *, date_from: str | None = None,
                       date_to: str | None = None, threshold: int = 5,
                       units: list[str] | None = None) -> list[UnusedServices]:
    """`procedure_use` has unit_code, procedure_code, period (YYYY-MM) and either `online` or
    (`received`, `online_share`) per row; `offered` maps the codes of procedures offered online to names.

    Every unit present in the data (or listed in `units`) gets a row, worst used share first. A procedure
    with no dossiers at all in a unit counts as unused there: the catalogue says it is offered everywhere.
    """
    rows = procedure_use.to_pylist()
    online: dict[str, dict[str, int]] = {u: {} for u in units or []}
    for r in rows:
        period = r.get("period") or ""
        if (date_from and period < date_from) or (date_to and period > date_to):
            continue
        n = r.get("online")
        if n is None:
            n = round((r.get("online_share") or 0.0) * (r.get("received") or 0))
        per_unit = online.setdefault(r["unit_code"], {})
        per_unit[r["procedure_code"]] = per_unit.get(r["procedure_code"], 0) + int(n)
    out = []
    for unit, counts in online.items():
        unused = sorted((code, offered[code], counts.get(code, 0)) for code in offered
                        if counts.get(code, 0) < threshold)
        out.append(UnusedServices(unit, len(offered), len(unused),
                                  (len(offered) - len(unused)) / len(offered) if offered else None, tuple(unused)))
    return sorted(out, key=lambda r: (r.used_share if r.used_share is not None else 2.0, r.unit_code))
