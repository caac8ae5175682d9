from django.urls import path

from banso.diagnosis.views import local_benchmark, statements

app_name = "diagnosis"

urlpatterns = [
    path("", local_benchmark.local_benchmark, name="local_benchmark"),
    path("local-benchmark.pdf", local_benchmark.local_benchmark_pdf, name="local_benchmark_pdf"),
    path("local-benchmark.xlsx", local_benchmark.local_benchmark_xlsx, name="local_benchmark_xlsx"),
    path("reevaluate/", local_benchmark.reevaluate, name="reevaluate"),
    path("statements/", statements.statement_list, name="statements"),
    path("statements/new/", statements.statement_create, name="statement_create"),
    path("statements/template.xlsx", statements.statement_template, name="statement_template"),
    path("statements/import/", statements.statement_import, name="statement_import"),
    path("statements/<int:fiscal_year>/", statements.statement_edit, name="statement_edit"),
    path("statements/<int:fiscal_year>/delete/", statements.statement_delete, name="statement_delete"),
]
