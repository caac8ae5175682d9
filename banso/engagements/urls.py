"""Engagement pages under /o/<org>/companies/<company_pk>/engagements/, grouped by concept.

Views receive `company_pk` (and `engagement_pk`). The support-body directory is organization-wide
and lives in urls_support_bodies.py; the advisor's team reflections are in config/urls.py."""

from django.urls import path

from banso.engagements.views import (
    actions,
    dialogues,
    engagements,
    followups,
    issues,
    referrals,
    reports,
    stakeholders,
    steps,
    surveys,
    timeline,
    walls,
)

app_name = "engagements"

E = "<int:engagement_pk>/"
D = E + "dialogues/<int:dialogue_pk>/"
N = E + "issues/<int:node_pk>/"

urlpatterns = [
    # Engagements: list, start, overview, edit, status
    path("", engagements.engagement_list, name="list"),
    path("new/", engagements.engagement_start, name="start"),
    path(E, engagements.engagement_detail, name="detail"),
    path(E + "edit/", engagements.engagement_edit, name="edit"),
    path(E + "status/", engagements.engagement_status, name="status"),
    # The seven steps and the suitability assessment (steps ①②)
    path(E + "steps/<int:step>/", steps.step_detail, name="step"),
    path(E + "steps/<int:step>/checks/", steps.step_checks, name="step_checks"),
    path(E + "steps/move/", steps.step_move, name="step_move"),
    path(E + "suitability/", steps.suitability, name="suitability"),
    path(E + "suitability/decision/", steps.decision, name="decision"),
    # Dialogues, their attachments and the advisor's reflection
    path(E + "dialogues/", dialogues.dialogue_list, name="dialogues"),
    path(E + "dialogues/new/", dialogues.dialogue_create, name="dialogue_create"),
    path(E + "dialogues/draft/", dialogues.dialogue_draft, name="dialogue_draft"),
    path(E + "dialogues/draft/discard/", dialogues.dialogue_draft_discard, name="dialogue_draft_discard"),
    path(D, dialogues.dialogue_detail, name="dialogue_detail"),
    path(D + "edit/", dialogues.dialogue_edit, name="dialogue_edit"),
    path(D + "record.pdf", dialogues.dialogue_pdf, name="dialogue_pdf"),
    path(D + "attachments/", dialogues.attachment_upload, name="attachment_upload"),
    path(D + "attachments/<int:attachment_pk>/", dialogues.attachment_download, name="attachment_download"),
    path(
        D + "attachments/<int:attachment_pk>/delete/", dialogues.attachment_delete, name="attachment_delete"
    ),
    path(D + "reflection/", dialogues.reflection, name="reflection"),
    # Issue tree
    path(E + "issues/", issues.issue_tree, name="issues"),
    path(E + "issues/print/", issues.issue_tree_print, name="issues_print"),
    path(E + "issues/add/", issues.issue_add, name="issue_add"),
    path(N + "edit/", issues.issue_edit, name="issue_edit"),
    path(N + "root/", issues.issue_root, name="issue_root"),
    path(N + "move/", issues.issue_move, name="issue_move"),
    path(N + "delete/", issues.issue_delete, name="issue_delete"),
    # The five walls
    path(E + "walls/", walls.walls, name="walls"),
    path(E + "walls/new/", walls.wall_create, name="wall_create"),
    path(E + "walls/<int:assessment_pk>/edit/", walls.wall_edit, name="wall_edit"),
    # Stakeholder map
    path(E + "stakeholders/", stakeholders.stakeholder_map, name="stakeholders"),
    path(E + "stakeholders/new/", stakeholders.stakeholder_create, name="stakeholder_create"),
    path(
        E + "stakeholders/<int:stakeholder_pk>/edit/", stakeholders.stakeholder_edit, name="stakeholder_edit"
    ),
    # Action plan and its monthly review
    path(E + "actions/", actions.action_list, name="action_list"),
    path(E + "actions/new/", actions.action_create, name="action_create"),
    path(E + "actions/review/", actions.action_monthly_review, name="action_monthly_review"),
    path(E + "actions/export.xlsx", actions.action_export, name="action_export"),
    path(E + "actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path(E + "actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    # Referrals (橋渡し)
    path(E + "referrals/", referrals.referral_list, name="referral_list"),
    path(E + "referrals/new/", referrals.referral_create, name="referral_create"),
    path(E + "referrals/<int:pk>/edit/", referrals.referral_edit, name="referral_edit"),
    # Follow-ups and their baseline
    path(E + "follow-ups/", followups.followup_list, name="followup_list"),
    path(E + "follow-ups/schedule/", followups.followup_schedule, name="followup_schedule"),
    path(E + "follow-ups/new/", followups.followup_form, name="followup_create"),
    path(E + "follow-ups/<int:pk>/edit/", followups.followup_form, name="followup_edit"),
    path(E + "follow-ups/baseline/", followups.baseline_form, name="baseline_edit"),
    # The owner's satisfaction survey (満足度調査); the answer page is public (config/urls.py)
    path(E + "surveys/", surveys.survey_list, name="surveys"),
    path(E + "surveys/new/", surveys.survey_create, name="survey_create"),
    # Timeline and the progress report
    path(E + "timeline/", timeline.timeline_view, name="timeline"),
    path(E + "report.pdf", reports.report_pdf, name="report_pdf"),
]
