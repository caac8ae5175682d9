from django.contrib import admin

from banso.companies.models import Company


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "industry_code", "fiscal_year_end_month", "employees")
    list_filter = ("organization",)
    search_fields = ("name", "name_kana", "corporate_number")
    filter_horizontal = ("supporters",)

    # Client records change only through the app, so the domain rules and the audit trail apply.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Company.history.model)
class CompanyHistoryAdmin(admin.ModelAdmin):
    list_display = ("name", "history_type", "history_date", "history_user", "history_organization_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
