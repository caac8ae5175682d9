from django.urls import path

from banso.sharing import views

app_name = "sharing"

# The company side: /o/<org>/companies/<company_pk>/sharing/...
urlpatterns = [
    path("", views.consents, name="consents"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("grants/<int:pk>/document/", views.grant_document, name="grant_document"),
    path("log/", views.share_log, name="share_log"),
]
