"""One supporter's 従事時間 of a month across their engagements, at /o/<org>/timesheet/."""

from django.urls import path

from banso.engagements.views import worklogs

app_name = "timesheet"

urlpatterns = [
    path("", worklogs.supporter_month, name="month"),
    path("xlsx/", worklogs.supporter_month_xlsx, name="month_xlsx"),
]
