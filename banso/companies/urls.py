from django.urls import path

from banso.companies import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="list"),
    path("new/", views.company_create, name="create"),
    path("<int:pk>/", views.company_detail, name="detail"),
    path("<int:pk>/edit/", views.company_edit, name="edit"),
    path("<int:pk>/delete/", views.company_delete, name="delete"),
    path("<int:pk>/history/", views.company_history_view, name="history"),
]
