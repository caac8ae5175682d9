from django.urls import path

from banso.sharing import views

app_name = "shared"

# The grantee side: /o/<org>/shared/... (read-only)
urlpatterns = [
    path("", views.shared_list, name="list"),
    path("<int:company_pk>/", views.shared_company, name="company"),
    path("<int:company_pk>/<slug:scope>/", views.shared_scope_view, name="scope"),
    path("<int:company_pk>/<slug:scope>/files/<str:item>", views.shared_download, name="download"),
]
