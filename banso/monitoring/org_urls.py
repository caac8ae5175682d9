"""Organization-wide monitoring pages (mounted at /o/<org>/monitoring/)."""

from django.urls import path

from banso.monitoring.views import report_batch, schedules

app_name = "monitoring_org"

urlpatterns = [
    path("due/", schedules.organization_due_list, name="due_list"),
    path("reports/batch/", report_batch.report_batch, name="report_batch"),
]
