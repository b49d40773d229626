"""Cached aggregates for pages: every audited write bumps one version key (on commit), so caches never go stale."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
VERSION_KEY = "dxm:cache:version"
TTL_SECONDS = 300


def version() -> int:
    return int(cache.get_or_set(VERSION_KEY, 1, None) or 1)


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached(key: str, compute: Callable[[], T]) -> T:
    full = f"dxm:cache:{version()}:{key}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, TTL_SECONDS)
    return value
