from django.urls import path

from banso.diagnosis.views import local_benchmark, sheets, statements
from banso.diagnosis.views.sheets import DESIGN, NON_FINANCIAL

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
    # The two kinds of dated sheet share their views; `kind` says which one (views/sheets.py).
    path("sheets/", sheets.latest, {"kind": NON_FINANCIAL}, name="sheets"),
    path("sheets/new/", sheets.create, {"kind": NON_FINANCIAL}, name="sheet_create"),
    path("sheets/compare/", sheets.compare, {"kind": NON_FINANCIAL}, name="sheet_compare"),
    path("sheets/<int:pk>/", sheets.detail, {"kind": NON_FINANCIAL}, name="sheet_detail"),
    path("sheets/<int:pk>/edit/", sheets.edit, {"kind": NON_FINANCIAL}, name="sheet_edit"),
    path("sheets/<int:pk>/delete/", sheets.delete, {"kind": NON_FINANCIAL}, name="sheet_delete"),
    path("sheets/<int:pk>.pdf", sheets.pdf, {"kind": NON_FINANCIAL}, name="sheet_pdf"),
    path("sheets/<int:pk>.xlsx", sheets.xlsx, {"kind": NON_FINANCIAL}, name="sheet_xlsx"),
    path("design/", sheets.latest, {"kind": DESIGN}, name="designs"),
    path("design/new/", sheets.create, {"kind": DESIGN}, name="design_create"),
    path("design/compare/", sheets.compare, {"kind": DESIGN}, name="design_compare"),
    path("design/<int:pk>/", sheets.detail, {"kind": DESIGN}, name="design_detail"),
    path("design/<int:pk>/edit/", sheets.edit, {"kind": DESIGN}, name="design_edit"),
    path("design/<int:pk>/delete/", sheets.delete, {"kind": DESIGN}, name="design_delete"),
    path("design/<int:pk>.pdf", sheets.pdf, {"kind": DESIGN}, name="design_pdf"),
    path("design/<int:pk>.xlsx", sheets.xlsx, {"kind": DESIGN}, name="design_xlsx"),
]
