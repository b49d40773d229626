"""Shared fixtures: every test database gets the reference units once; users of each role on demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    from dxmonitor.orgs.services import units_load_reference

    with django_db_blocker.unblock():
        units_load_reference(actor=None, via="test")


@pytest.fixture
def unit(db: None) -> Callable[..., Any]:
    """`unit("BKHCN")`, `unit("01", on=date(2024,1,1))`: a unit by key, code or name."""
    from dxmonitor.orgs.selectors import resolve_unit

    def get(ref: str, on: dt.date | None = None) -> Any:
        return resolve_unit(ref, on=on)

    return get


@pytest.fixture
def make_user(db: None, unit: Callable[..., Any]) -> Callable[..., Any]:
    """`make_user("unit_officer", "BKHCN")`: a user of that role in that unit (password "pw-dxmonitor-1")."""
    from dxmonitor.orgs.services import user_create

    counter = {"n": 0}

    def make(role: str, unit_ref: str | None = "VPCP", username: str | None = None, **extra: Any) -> Any:
        counter["n"] += 1
        return user_create(
            actor=None, username=username or f"{role}-{counter['n']}", password="pw-dxmonitor-1", role=role,
            unit=unit(unit_ref) if unit_ref else None, check_password=False, via="test", **extra,
        )

    return make


@pytest.fixture
def client_as(client: Any, make_user: Callable[..., Any]) -> Callable[..., Any]:
    """`client_as("secretariat")` or `client_as(user)`: the test client logged in as that user."""

    def login(role_or_user: Any, unit_ref: str | None = "VPCP") -> Any:
        user = make_user(role_or_user, unit_ref) if isinstance(role_or_user, str) else role_or_user
        client.force_login(user)
        client.user = user
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Cached aggregates must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
