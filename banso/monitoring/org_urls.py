"""Organization-wide monitoring pages (mounted at /o/<org>/monitoring/)."""

from django.urls import path

from banso.monitoring.views import schedules

app_name = "monitoring_org"

urlpatterns = [
    path("due/", schedules.organization_due_list, name="due_list"),
]
