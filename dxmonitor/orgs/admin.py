"""Reference data in the admin: units and lineage are read here, written through `dxmonitor units`."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from dxmonitor.orgs.models import ApiToken, Unit, UnitLineage, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "valid_from", "valid_to", "parent")
    list_filter = ("kind", "ranking_group")
    search_fields = ("code", "name", "search_key")
    readonly_fields = [f.name for f in Unit._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "event_date", "event_kind", "legal_basis", "weight")
    readonly_fields = [f.name for f in UnitLineage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("dxmonitor", {"fields": ("role", "unit", "full_name", "review_groups")}))
    raw_id_fields = ("unit",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "prefix", "created_at", "revoked_at", "last_used_at")
    readonly_fields = [f.name for f in ApiToken._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
