"""Who may see and change what: the few helpers every view, API route and service asks. Deny by default."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from dxmonitor.orgs.models import ApiToken, Role, Unit
from dxmonitor.orgs.selectors import descendant_ids

PUBLIC = "public"
SYSTEM = "system"


def role_of(user: Any) -> str:
    if isinstance(user, ApiToken):
        return SYSTEM
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return PUBLIC
    return str(user.role)


def is_admin(user: Any) -> bool:
    return role_of(user) == Role.ADMIN


def is_secretariat(user: Any) -> bool:
    """Administrators and the secretariat manage directives, tasks, campaigns and methodologies."""
    return role_of(user) in (Role.ADMIN, Role.SECRETARIAT)


def can_read_all(user: Any) -> bool:
    """Administrators, the secretariat and leaders read every unit's non-public data."""
    return role_of(user) in (Role.ADMIN, Role.SECRETARIAT, Role.LEADER)


def is_signed_in(user: Any) -> bool:
    return role_of(user) not in (PUBLIC, SYSTEM)


def scope_unit_ids(user: Any) -> set[int]:
    """The units a unit-bound principal acts for: its own unit and the units below it."""
    unit_id = user.unit_id if isinstance(user, ApiToken) else getattr(user, "unit_id", None)
    if unit_id is None:
        return set()
    cache = getattr(user, "_dxm_scope", None)
    if cache is None:
        cache = descendant_ids([unit_id])
        user._dxm_scope = cache
    return set(cache)


def unit_can_view(user: Any, unit: Unit) -> bool:
    """Non-public data of a unit: readers of everything, or principals acting for the unit."""
    if can_read_all(user):
        return True
    if role_of(user) in (Role.UNIT_OFFICER, Role.REVIEWER, SYSTEM):
        return unit.pk in scope_unit_ids(user)
    return False


def unit_can_edit(user: Any, unit: Unit) -> bool:
    """Reporting data for a unit: its own officers (and system tokens) within their scope, or the secretariat."""
    if is_secretariat(user):
        return True
    if role_of(user) in (Role.UNIT_OFFICER, SYSTEM):
        return unit.pk in scope_unit_ids(user)
    return False


def require(allowed: bool, message: str = "You do not have permission to do this.") -> None:
    if not allowed:
        raise PermissionDenied(message)
