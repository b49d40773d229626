"""Writes of the orgs domain: loading units and lineage, users, API tokens. Each is atomic and audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dxmonitor.core.audit import audit_record, snapshot
from dxmonitor.core.text import clean_text
from dxmonitor.orgs.models import ApiToken, Role, Unit, UnitKind, UnitLineage, User
from dxmonitor.orgs.reference import LineageRecord, UnitRecord, load_reference
from dxmonitor.orgs.selectors import search_key_for


class ImportRejected(ValueError):
    """An import was refused as a whole; `errors` name each offending record."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("; ".join(errors[:20]) + (f" (+{len(errors) - 20} more)" if len(errors) > 20 else ""))
        self.errors = list(errors)


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int
    lineage_links: int


_MAX = dt.date.max


def validate_units(units: Sequence[UnitRecord], lineage: Sequence[LineageRecord], existing_keys: set[str]) -> list[str]:
    """Every problem of an import, each naming the record; empty when the import may proceed."""
    errors: list[str] = []
    kinds = {k.value for k in UnitKind}
    seen: dict[str, int] = {}
    for i, u in enumerate(units, start=1):
        where = f"unit #{i} ({u.key or u.code or '?'})"
        if not u.key:
            errors.append(f"{where}: key is empty")
        if not u.code:
            errors.append(f"{where}: code is empty")
        if not u.name:
            errors.append(f"{where}: name is empty")
        if u.kind not in kinds:
            errors.append(f"{where}: unknown kind '{u.kind}'")
        if u.valid_from and u.valid_to and u.valid_to < u.valid_from:
            errors.append(f"{where}: valid_to {u.valid_to} is before valid_from {u.valid_from}")
        if u.key in seen:
            errors.append(f"{where}: duplicate key '{u.key}' (also unit #{seen[u.key]})")
        seen[u.key] = i
    known = existing_keys | set(seen)
    for i, u in enumerate(units, start=1):
        if u.parent_key and u.parent_key not in known:
            errors.append(f"unit #{i} ({u.key}): unknown parent '{u.parent_key}'")

    by_code: dict[tuple[str, bool], list[tuple[int, UnitRecord]]] = defaultdict(list)
    for i, u in enumerate(units, start=1):
        by_code[(u.code, u.kind in ("commune", "ward", "special_zone"))].append((i, u))
    for (code, _), items in by_code.items():
        items.sort(key=lambda item: item[1].valid_from or dt.date.min)
        for (i, a), (j, b) in itertools.pairwise(items):
            a_end = a.valid_to or _MAX
            if (b.valid_from or dt.date.min) <= a_end:
                errors.append(
                    f"unit #{j} ({b.key}): validity of code '{code}' overlaps unit #{i} ({a.key})"
                )

    graph: dict[str, set[str]] = defaultdict(set)
    for n, link in enumerate(lineage, start=1):
        where = f"lineage #{n} ({link.predecessor_key} -> {link.successor_key})"
        for key in (link.predecessor_key, link.successor_key):
            if key not in known:
                errors.append(f"{where}: unknown unit '{key}'")
        if link.predecessor_key == link.successor_key:
            errors.append(f"{where}: a unit cannot succeed itself")
        if not 0 < link.weight <= 1:
            errors.append(f"{where}: weight {link.weight} must be in (0, 1]")
        graph[link.predecessor_key].add(link.successor_key)
    cycle = _find_cycle(graph)
    if cycle:
        errors.append("lineage cycle: " + " -> ".join(cycle))
    return errors


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


_UNIT_FIELDS = ("code", "kind", "name", "name_en", "abbreviations", "former_names", "valid_from", "valid_to",
                "ranking_group", "population", "area_km2")


@transaction.atomic
def units_import(
    *, actor: Any, units: Sequence[UnitRecord], lineage: Sequence[LineageRecord], via: str = "cli",
    source: str = "import",
) -> LoadReport:
    """Create or update units and lineage by key; the whole import is refused on any error."""
    existing = {u.key: u for u in Unit.objects.all()}
    errors = validate_units(units, lineage, set(existing))
    # Overlaps with units already stored under another key.
    incoming = {u.key for u in units}
    for i, u in enumerate(units, start=1):
        for other in existing.values():
            if other.key in incoming or other.code != u.code:
                continue
            if (u.kind in ("commune", "ward", "special_zone")) != (other.kind in ("commune", "ward", "special_zone")):
                continue
            if (u.valid_from or dt.date.min) <= (other.valid_to or _MAX) and (other.valid_from or dt.date.min) <= (
                u.valid_to or _MAX
            ):
                errors.append(f"unit #{i} ({u.key}): validity of code '{u.code}' overlaps stored unit '{other.key}'")
    if errors:
        raise ImportRejected(errors)

    created = updated = unchanged = 0
    to_create: list[Unit] = []
    for u in units:
        values = {
            "code": u.code, "kind": u.kind, "name": clean_text(u.name), "name_en": clean_text(u.name_en),
            "abbreviations": list(u.abbreviations), "former_names": list(u.former_names),
            "valid_from": u.valid_from, "valid_to": u.valid_to, "ranking_group": u.ranking_group,
            "population": u.population, "area_km2": u.area_km2,
        }
        current = existing.get(u.key)
        if current is None:
            unit = Unit(key=u.key, **values)
            unit.search_key = search_key_for(unit)
            to_create.append(unit)
            created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            before = snapshot(current, _UNIT_FIELDS)
            for k, v in values.items():
                setattr(current, k, v)
            current.search_key = search_key_for(current)
            current.save()
            audit_record(actor=actor, action="unit.update", obj=current, before=before,
                         after=snapshot(current, _UNIT_FIELDS), unit_key=current.key, via=via)
            updated += 1
        else:
            unchanged += 1
    Unit.objects.bulk_create(to_create, batch_size=1000)
    by_key = {u.key: u for u in Unit.objects.all()}
    parents_changed = []
    for u in units:
        unit = by_key[u.key]
        parent_id = by_key[u.parent_key].pk if u.parent_key else None
        if unit.parent_id != parent_id:
            unit.parent_id = parent_id
            parents_changed.append(unit)
    Unit.objects.bulk_update(parents_changed, ["parent"], batch_size=1000)

    links = 0
    existing_links = {(link.predecessor_id, link.successor_id): link for link in UnitLineage.objects.all()}
    new_links = []
    for link in lineage:
        pred, succ = by_key[link.predecessor_key], by_key[link.successor_key]
        values = {"event_date": link.event_date, "event_kind": link.event_kind, "legal_basis": link.legal_basis,
                  "weight": link.weight, "note": link.note}
        current_link = existing_links.get((pred.pk, succ.pk))
        if current_link is None:
            new_links.append(UnitLineage(predecessor=pred, successor=succ, **values))
        elif any(getattr(current_link, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current_link, k, v)
            current_link.save()
        links += 1
    UnitLineage.objects.bulk_create(new_links)
    audit_record(
        actor=actor, action="units.import", object_type="orgs.unit", object_id="*", object_repr=source,
        after={"created": created, "updated": updated, "unchanged": unchanged, "lineage_links": links}, via=via,
    )
    return LoadReport(created=created, updated=updated, unchanged=unchanged, lineage_links=links)


def units_load_reference(*, actor: Any = None, via: str = "cli") -> LoadReport:
    """Load (or refresh) the shipped reference units: 63 and 34 provinces, communes, ministries, lineage."""
    units, lineage = load_reference()
    return units_import(actor=actor, units=units, lineage=lineage, via=via, source="reference data")


_USER_FIELDS = ("username", "full_name", "email", "role", "unit_id", "is_active", "is_staff", "is_superuser")


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str, role: str, unit: Unit | None, full_name: str = "",
    email: str = "", check_password: bool = True, via: str = "web",
) -> User:
    username = clean_text(username)
    if not username:
        raise ValidationError({"username": "username is required"})
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role '{role}'"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"user '{username}' already exists"})
    if role in (Role.UNIT_OFFICER, Role.REVIEWER) and unit is None:
        raise ValidationError({"unit": "a unit officer or reviewer must belong to a unit"})
    user = User(username=username, role=role, unit=unit, full_name=clean_text(full_name), email=email.strip())
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, after=snapshot(user, _USER_FIELDS),
                 unit_key=unit.key if unit else "", via=via)
    return user


@transaction.atomic
def user_set_role(*, actor: Any, user: User, role: str, unit: Unit | None, via: str = "web") -> User:
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role '{role}'"})
    before = snapshot(user, _USER_FIELDS)
    user.role, user.unit = role, unit
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save(update_fields=["role", "unit", "is_staff", "is_superuser"])
    audit_record(actor=actor, action="user.set_role", obj=user, before=before, after=snapshot(user, _USER_FIELDS),
                 unit_key=unit.key if unit else "", via=via)
    return user


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: Any, name: str, unit: Unit, scopes: Sequence[str] = ("events:write",),
                 via: str = "web") -> tuple[ApiToken, str]:
    """A new token; the returned raw value `dxm_<prefix>_<secret>` is shown once and never stored."""
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": "a token needs a name"})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(name=name, unit=unit, prefix=prefix, secret_hash=_hash_secret(secret),
                                    scopes=list(scopes), created_by=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action="token.create", obj=token,
                 after={"name": name, "unit": unit.key, "prefix": prefix, "scopes": list(scopes)},
                 unit_key=unit.key, via=via)
    return token, f"dxm_{prefix}_{secret}"


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken, via: str = "web") -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="token.revoke", obj=token, after={"revoked_at": token.revoked_at},
                     unit_key=token.unit.key, via=via)
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token for a raw value, or None. Constant-time comparison of the hash."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "dxm":
        return None
    token = ApiToken.objects.select_related("unit").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if token is None or not secrets.compare_digest(token.secret_hash, _hash_secret(parts[2])):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Usage time is bookkeeping, not a domain write: not audited, throttled to one write a minute.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
