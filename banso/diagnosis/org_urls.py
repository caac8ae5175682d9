"""Organization-level diagnosis pages (not about one company): the benchmark table versions."""

from django.urls import path

from banso.diagnosis.views import benchmarks

app_name = "benchmarks"

urlpatterns = [
    path("", benchmarks.table_list, name="tables"),
    path("<int:pk>.csv", benchmarks.table_csv, name="table_csv"),
]
