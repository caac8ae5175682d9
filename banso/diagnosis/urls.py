from django.urls import path

from banso.diagnosis.views import local_benchmark, sheets, statements

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
    path("sheets/", sheets.sheet_home, name="sheets"),
    path("sheets/new/", sheets.sheet_create, name="sheet_create"),
    path("sheets/compare/", sheets.sheet_compare, name="sheet_compare"),
    path("sheets/<int:pk>/", sheets.sheet_detail, name="sheet_detail"),
    path("sheets/<int:pk>/edit/", sheets.sheet_edit, name="sheet_edit"),
    path("sheets/<int:pk>/delete/", sheets.sheet_delete, name="sheet_delete"),
    path("sheets/<int:pk>.pdf", sheets.sheet_pdf, name="sheet_pdf"),
    path("sheets/<int:pk>.xlsx", sheets.sheet_xlsx, name="sheet_xlsx"),
    path("design/", sheets.design_home, name="designs"),
    path("design/new/", sheets.design_create, name="design_create"),
    path("design/compare/", sheets.design_compare, name="design_compare"),
    path("design/<int:pk>/", sheets.design_detail, name="design_detail"),
    path("design/<int:pk>/edit/", sheets.design_edit, name="design_edit"),
    path("design/<int:pk>/delete/", sheets.design_delete, name="design_delete"),
    path("design/<int:pk>.pdf", sheets.design_pdf, name="design_pdf"),
    path("design/<int:pk>.xlsx", sheets.design_xlsx, name="design_xlsx"),
]
