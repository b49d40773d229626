"""The audit log is written by every write function and cannot be changed or deleted."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from dxmonitor.core.models import AuditEntry, AuditLogImmutableError
from dxmonitor.orgs.services import token_create, token_revoke

pytestmark = pytest.mark.django_db


def test_writes_leave_entries_with_actor_and_before_after(make_user: Any, unit: Any) -> None:
    admin = make_user("admin")
    token, _ = token_create(actor=admin, name="Cổng dịch vụ công thử", unit=unit("BKHCN"), via="test")
    token_revoke(actor=admin, token=token, via="test")
    entries = list(AuditEntry.objects.filter(object_type="orgs.apitoken", object_id=str(token.pk)).order_by("id"))
    assert [e.action for e in entries] == ["token.create", "token.revoke"]
    assert entries[0].actor == admin and entries[0].after["unit"] == "BKHCN"
    assert entries[1].after["revoked_at"]


def test_user_creation_is_audited_without_password(make_user: Any) -> None:
    user = make_user("leader")
    entry = AuditEntry.objects.get(action="user.create", object_id=str(user.pk))
    assert entry.after["role"] == "leader"
    assert "password" not in entry.after


def test_entries_cannot_be_changed_or_deleted_through_the_orm() -> None:
    entry = AuditEntry.objects.create(actor_repr="x", action="t.test", object_type="t", object_id="1", object_repr="t")
    entry.action = "forged"
    with pytest.raises(AuditLogImmutableError):
        entry.save()
    with pytest.raises(AuditLogImmutableError):
        entry.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AuditLogImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_database_refuses_raw_update_and_delete() -> None:
    entry = AuditEntry.objects.create(actor_repr="x", action="t.test", object_type="t", object_id="1", object_repr="t")
    for sql in ("UPDATE core_auditentry SET action = 'forged' WHERE id = %s", "DELETE FROM core_auditentry WHERE id = %s"):
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "t.test"


def test_admin_pages_offer_no_edit(client_as: Any) -> None:
    client = client_as("admin")
    entry = AuditEntry.objects.create(actor_repr="x", action="t.test", object_type="t", object_id="1", object_repr="t")
    assert client.get(f"/admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    page = client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content


def test_global_log_is_for_administrators_only(client_as: Any, client: Any) -> None:
    assert client_as("leader").get("/audit/").status_code == 403
    assert client_as("admin").get("/audit/").status_code == 200
    assert client_as("admin").get("/api/v1/core/audit").status_code == 200
