"""The access matrix: role x action x own unit / other unit, deny by default."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from dxmonitor.orgs import access
from dxmonitor.orgs.services import token_create

pytestmark = pytest.mark.django_db

OWN, OTHER, COMMUNE_OF_OWN = "own", "other", "commune"

# role -> (view own, view other, edit own, edit other, edit commune below own, manage)
MATRIX = {
    "admin":        (True, True, True, True, True, True),
    "secretariat":  (True, True, True, True, True, True),
    "leader":       (True, True, False, False, False, False),
    "unit_officer": (True, False, True, False, True, False),
    "reviewer":     (True, False, False, False, False, False),
    "public":       (False, False, False, False, False, False),
    "system":       (True, False, True, False, True, False),
}


@pytest.fixture
def principals(make_user: Any, unit: Any) -> dict[str, Any]:
    own = unit("P48@2025-07-01")  # Đà Nẵng (new)
    users: dict[str, Any] = {role: make_user(role, own.key) for role in MATRIX if role not in ("public", "system")}
    users["public"] = AnonymousUser()
    users["system"], _ = token_create(actor=None, name="hệ thống thử", unit=own, via="test")
    return users


@pytest.mark.parametrize("role", list(MATRIX))
def test_access_matrix(role: str, principals: dict[str, Any], unit: Any) -> None:
    who = principals[role]
    own = unit("P48@2025-07-01")
    other = unit("P01@2008-08-01")
    commune = own.children.first()
    got = (
        access.unit_can_view(who, own),
        access.unit_can_view(who, other),
        access.unit_can_edit(who, own),
        access.unit_can_edit(who, other),
        access.unit_can_edit(who, commune),
        access.is_secretariat(who),
    )
    assert got == MATRIX[role]


def test_inactive_user_is_public(make_user: Any) -> None:
    user = make_user("secretariat")
    user.is_active = False
    assert access.role_of(user) == "public"
    assert not access.is_secretariat(user)
