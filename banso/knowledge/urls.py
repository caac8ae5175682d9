from django.urls import path  # noqa: F401  (pages arrive with the cases and networks)

app_name = "knowledge"

# /o/<org>/knowledge/...
urlpatterns: list = []
