from django.urls import path

from banso.monitoring.views import actuals, home, imports

app_name = "monitoring"

urlpatterns = [
    path("", home.home, name="home"),
    path("actuals/", actuals.actuals, name="actuals"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("imports/<int:pk>/discard/", imports.import_discard, name="import_discard"),
    path("account-mapping/", imports.account_mapping, name="account_mapping"),
]
