from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from banso.api.api import api
from banso.core import views as core_views
from banso.engagements.views import reflections as engagement_reflections
from banso.engagements.views import surveys as engagement_surveys
from banso.orgs.views import members as members_views
from banso.orgs.views import organization as org_views
from banso.orgs.views import two_factor as two_factor_views

# Every organization-scoped page lives under /o/<org>/; OrganizationMiddleware resolves it.
organization_patterns = [
    path("", include("banso.orgs.urls")),
    path("companies/", include("banso.companies.urls")),
    path("companies/<int:company_pk>/diagnosis/", include("banso.diagnosis.urls")),
    path("companies/<int:company_pk>/engagements/", include("banso.engagements.urls")),
    path("companies/<int:company_pk>/monitoring/", include("banso.monitoring.urls")),
    path("companies/<int:company_pk>/sharing/", include("banso.sharing.urls")),
    path("shared/", include("banso.sharing.shared_urls")),
    path("monitoring/", include("banso.monitoring.org_urls")),
    path("benchmarks/", include("banso.diagnosis.org_urls")),
    path("support-bodies/", include("banso.engagements.urls_support_bodies")),
    path("timesheet/", include("banso.engagements.urls_timesheet")),
    path("portal/", include("banso.portal.urls")),
    path("jobs/", include("banso.core.job_urls")),
    path("knowledge/", include("banso.knowledge.urls")),
    path("reflections/", engagement_reflections.team_reflections, name="team_reflections"),
    path("", include("banso.comments.urls")),
    path("", include("banso.home.urls")),
]

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", core_views.health, name="health"),
    path("accounts/login/", org_views.BansoLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor_views.status, name="two_factor"),
    path("accounts/two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("accounts/two-factor/disable/", two_factor_views.disable, name="two_factor_disable"),
    path("accounts/password_change/", org_views.BansoPasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/invitation/<int:pk>/<str:token>/",
        members_views.accept_invitation,
        name="accept_invitation",
    ),
    # The owner's satisfaction survey: a signed one-time link, no sign-in (banso/engagements)
    path("survey/<str:token>/", engagement_surveys.survey_answer, name="survey_answer"),
    path("o/<slug:org>/", include(organization_patterns)),
    path("operator/", include("banso.knowledge.operator_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "banso.core.views.bad_request"
handler403 = "banso.core.views.permission_denied"
handler404 = "banso.core.views.page_not_found"
handler500 = "banso.core.views.server_error"
