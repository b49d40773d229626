"""Writing audit entries: every domain write function calls `audit_record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from dxmonitor.core.models import AuditEntry


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-safe data (foreign keys as ids)."""
    names = list(fields) if fields is not None else [
        f.attname for f in obj._meta.concrete_fields if f.attname not in {"password"}
    ]
    return {name: _json_safe(getattr(obj, name)) for name in names}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit_key: str = "",
    via: str = "web",
    reason: str = "",
) -> AuditEntry:
    """Append one entry. `actor` is a user, None (the system) or a label such as an API token name."""
    user = actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    if user is not None:
        actor_repr = user.get_username()
    elif actor is None:
        actor_repr = "system"
    else:
        actor_repr = str(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    from dxmonitor.core.cache import bump

    transaction.on_commit(bump)
    return AuditEntry.objects.create(
        actor=user,
        actor_repr=actor_repr[:200],
        via=via,
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        object_repr=(object_repr or "")[:300],
        unit_key=unit_key,
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
        reason=reason,
    )


def history_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
