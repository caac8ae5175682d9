"""/o/<org>/jobs/<id>/ — a background job's page, its polled status fragment, 「もう一度実行する」 and the
download of the file it made."""

from django.urls import path

from banso.core import job_views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", job_views.job_detail, name="detail"),
    path("<int:pk>/status/", job_views.job_status, name="status"),
    path("<int:pk>/retry/", job_views.job_retry, name="retry"),
    path("<int:pk>/download/", job_views.job_download, name="download"),
]
