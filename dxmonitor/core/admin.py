"""The audit log in the admin is read-only: no add, change or delete."""

from django.contrib import admin
from django.http import HttpRequest

from dxmonitor.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_repr", "via", "action", "object_type", "object_repr")
    list_filter = ("via", "object_type")
    search_fields = ("action", "actor_repr", "object_repr")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
