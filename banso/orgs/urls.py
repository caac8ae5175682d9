from django.urls import path

from banso.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.organization_home, name="home"),
    path("settings/api-tokens/", views.api_tokens, name="api_tokens"),
    path("settings/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("activity/", views.activity_log, name="activity"),
    path("settings/", views.organization_settings, name="settings"),
]
