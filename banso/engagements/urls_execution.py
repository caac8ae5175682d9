"""URL patterns of the execution side of an engagement (included by urls.py): the action plan and its
reviews, referrals, follow-ups, the timeline and the exports."""

from django.urls import path

from banso.engagements.views import actions, followups, referrals, reports, timeline

E = "<int:engagement_pk>/"

urlpatterns: list = [
    path(f"{E}actions/", actions.action_list, name="action_list"),
    path(f"{E}actions/new/", actions.action_create, name="action_create"),
    path(f"{E}actions/review/", actions.action_monthly_review, name="action_monthly_review"),
    path(f"{E}actions/export.xlsx", actions.action_export, name="action_export"),
    path(f"{E}actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path(f"{E}actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path(f"{E}referrals/", referrals.referral_list, name="referral_list"),
    path(f"{E}referrals/new/", referrals.referral_create, name="referral_create"),
    path(f"{E}referrals/<int:pk>/edit/", referrals.referral_edit, name="referral_edit"),
    path(f"{E}follow-ups/", followups.followup_list, name="followup_list"),
    path(f"{E}follow-ups/schedule/", followups.followup_schedule, name="followup_schedule"),
    path(f"{E}follow-ups/new/", followups.followup_form, name="followup_create"),
    path(f"{E}follow-ups/<int:pk>/edit/", followups.followup_form, name="followup_edit"),
    path(f"{E}follow-ups/baseline/", followups.baseline_form, name="baseline_edit"),
    path(f"{E}timeline/", timeline.timeline_view, name="timeline"),
    path(f"{E}report.pdf", reports.report_pdf, name="report_pdf"),
]
