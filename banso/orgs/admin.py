"""Django admin for system operators (superusers): organizations, users and memberships."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from banso.orgs.models import ApiToken, Membership, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["company"]


@admin.register(User)
class BansoUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Banso", {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug", "document_era")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "membership", "key_prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # tokens are created by their owner, who alone sees the raw value
