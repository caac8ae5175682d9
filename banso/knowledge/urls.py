from django.urls import path

from banso.knowledge.views import cases, networks

app_name = "knowledge"

# /o/<org>/knowledge/...
urlpatterns = [
    path("cases/", cases.case_list, name="cases"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("drafts/", cases.draft_list, name="drafts"),
    path("drafts/<int:pk>/", cases.draft_detail, name="draft"),
    path("engagements/<int:engagement_pk>/case-draft/", cases.draft_create, name="draft_create"),
    path("settings/", networks.knowledge_settings, name="settings"),
]
