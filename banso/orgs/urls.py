from django.urls import path

from banso.orgs.views import members as members_views
from banso.orgs.views import organization as views

app_name = "orgs"

urlpatterns = [
    path("", views.organization_home, name="home"),
    path("settings/api-tokens/", views.api_tokens, name="api_tokens"),
    path("settings/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("activity/", views.activity_log, name="activity"),
    path("settings/", views.organization_settings, name="settings"),
    # メンバー (管理者 only)
    path("members/", members_views.member_list, name="members"),
    path("members/invite/", members_views.member_invite, name="member_invite"),
    path("members/assign/", members_views.member_assign, name="member_assign"),
    path("members/<int:pk>/", members_views.member_edit, name="member_edit"),
    path("members/<int:pk>/deactivate/", members_views.member_deactivate, name="member_deactivate"),
    path("members/<int:pk>/reactivate/", members_views.member_reactivate, name="member_reactivate"),
    path("members/<int:pk>/resend/", members_views.member_resend, name="member_resend"),
    path("members/<int:pk>/handover/", members_views.member_handover, name="member_handover"),
    path("members/branches/", members_views.branch_list, name="branches"),
    path("members/branches/<int:pk>/", members_views.branch_edit, name="branch_edit"),
    path("members/branches/<int:pk>/delete/", members_views.branch_delete, name="branch_delete"),
]
