from django.urls import path

from banso.monitoring.views import home, reports

app_name = "monitoring"

urlpatterns = [
    path("", home.home, name="home"),
    # モニタリング報告書
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/refresh/", reports.report_refresh, name="report_refresh"),
    path("reports/<int:pk>/issue/", reports.report_issue, name="report_issue"),
    path("reports/<int:pk>/preview.pdf", reports.report_preview, name="report_preview"),
    path("reports/<int:pk>/report.pdf", reports.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/report.xlsx", reports.report_xlsx, name="report_xlsx"),
]
