from django.urls import path

from banso.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("goals/", views.goals, name="goals"),
    path("figures/", views.figures, name="figures"),
    path("documents/", views.documents, name="documents"),
]
