"""The dashboard's cache: aggregates keyed by a data version that every server process sees, plus a short TTL.

The version joins three signals: the audit log's high-water mark (every audited write, in any process), the
`DataStamp` counter (writes that are not audited, such as a KPI refresh; other apps call `bump()`), and the
foundation's in-process counter (so a write is visible at once in the process that made it). The database part is
read at most once a second per process, which keeps the overview fast under load; a change made in another
process is therefore visible within a second, and a cached figure never lives longer than `TTL_SECONDS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Max

from dxmonitor.core import cache as core_cache

T = TypeVar("T")
TTL_SECONDS = 300
STAMP = "data"
_DB_CHECK_SECONDS = 1.0
_memo: dict[str, object] = {"at": -1.0, "value": ""}


def _db_version() -> str:
    from dxmonitor.core.models import AuditEntry
    from dxmonitor.dashboard.models import DataStamp

    audit = AuditEntry.objects.aggregate(n=Max("id"))["n"] or 0
    stamp = DataStamp.objects.filter(name=STAMP).values_list("counter", flat=True).first() or 0
    return f"{audit}.{stamp}"


def version() -> str:
    """The current data version (a short string); changes whenever the data behind any figure change."""
    now = time.monotonic()
    if now - float(_memo["at"]) > _DB_CHECK_SECONDS:  # type: ignore[arg-type]
        _memo["value"], _memo["at"] = _db_version(), now
    return f"{_memo['value']}.{core_cache.version()}"


def forget() -> None:
    """Drop this process's memo of the database version (tests, and right after a local bump)."""
    _memo["at"] = -1.0


def _bump_now() -> None:
    from dxmonitor.dashboard.models import DataStamp

    if not DataStamp.objects.filter(name=STAMP).update(counter=F("counter") + 1):
        try:
            with transaction.atomic():
                DataStamp.objects.create(name=STAMP, counter=1)
        except IntegrityError:  # another process created it meanwhile
            DataStamp.objects.filter(name=STAMP).update(counter=F("counter") + 1)
    core_cache.bump()
    forget()


def bump() -> None:
    """Call after changing data the dashboard shows without an audited write (e.g. a KPI refresh, an index run).

    Inside a transaction the bump happens on commit, so readers never cache a state that was rolled back."""
    transaction.on_commit(_bump_now)


def cached(key: str, compute: Callable[[], T], ttl: int = TTL_SECONDS) -> T:
    """`compute()` once per data version (and at most `ttl` seconds); `None` results are cached too."""
    full = f"dxm:dash:{version()}:{key}"
    hit = cache.get(full, _MISSING)
    if hit is not _MISSING:
        return hit  # type: ignore[no-any-return]
    value = compute()
    cache.set(full, value, ttl)
    return value


_MISSING = object()
