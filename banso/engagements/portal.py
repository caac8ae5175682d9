"""The engagements area's provider for the owner portal (core.portal): the company's shared actions
and their PDCA history, agreed root issues, a dialogue's agreements and the next meetings.

Everything loads through `visible_to(membership)`, so the visibility rule (core.visibility) decides
what the company side sees; only the fields a model shares (SHARED_FIELDS) are copied out.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from banso.core.access import get_visible_or_404
from banso.core.portal import PortalAction, PortalItem, PortalProvider, PortalReview
from banso.core.roles import Role
from banso.engagements.domain.actions import review_action_as_company
from banso.engagements.domain.surveys import link_path
from banso.engagements.engines import guideline as g
from banso.engagements.models import Action, ActionReview, Dialogue, IssueNode, SatisfactionSurvey

STATUS_LABELS = dict(g.ACTION_STATUS_CHOICES)
# Open actions first (by due date), then done / cancelled ones.
_STATUS_ORDER = {"in_progress": 0, "revising": 0, "not_started": 0, "done": 1, "cancelled": 2}
MAX_AGREEMENTS = 20


def _actions_queryset(membership):
    reviews = (
        ActionReview.objects.visible_to(membership)
        .select_related("reviewed_by")
        .order_by("reviewed_on", "id")
    )
    return (
        Action.objects.visible_to(membership)
        .exclude(engagement__status="cancelled")
        .select_related("owner", "root_issue")
        .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="shared_reviews"))
    )


def _visible_issue_ids(membership) -> set[int]:
    return set(IssueNode.objects.visible_to(membership).values_list("pk", flat=True))


def _root_issue_text(action: Action, visible_issues: set[int]) -> str:
    # The linked issue is named only when the owner may see it (agreed and shared).
    issue = action.root_issue
    return issue.text if issue is not None and issue.pk in visible_issues else ""


def _portal_action(action: Action, visible_issues: set[int], today: dt.date) -> PortalAction:
    return PortalAction(
        id=action.pk,
        version=action.version,
        what=action.what,
        how_much=action.how_much,
        how=action.how,
        expected_effect=action.expected_effect,
        due_on=action.due_on,
        status=action.status,
        status_label=STATUS_LABELS.get(action.status, action.status),
        owner_name=action.owner.name,
        root_issue=_root_issue_text(action, visible_issues),
        overdue=action.is_overdue(today),
        reviews=[
            PortalReview(
                reviewed_on=r.reviewed_on,
                status_label=STATUS_LABELS.get(r.status, r.status),
                result=r.result,
                learning=r.learning,
                next_step=r.next_step,
                by_company=r.by_company,
                by_name=r.reviewed_by.display_name,
            )
            for r in action.shared_reviews
        ],
    )


def actions(membership) -> list[PortalAction]:
    today = timezone.localdate()
    found = list(_actions_queryset(membership))
    found.sort(key=lambda a: (_STATUS_ORDER.get(a.status, 3), a.due_on, a.pk))
    visible_issues = _visible_issue_ids(membership)
    return [_portal_action(a, visible_issues, today) for a in found]


def action(membership, pk: int) -> PortalAction:
    found = get_visible_or_404(_actions_queryset(membership), membership, pk=pk)
    return _portal_action(found, _visible_issue_ids(membership), timezone.localdate())


def review_action(membership, pk: int, **entry) -> None:
    review_action_as_company(membership, pk, by=membership.user, **entry)


def status_choices():
    return g.ACTION_STATUS_CHOICES


def root_issues(membership) -> list[PortalItem]:
    issues = IssueNode.objects.visible_to(membership).order_by("-agreed_on", "id")
    return [PortalItem(title=i.text, on=i.agreed_on) for i in issues]


def agreements(membership) -> list[PortalItem]:
    now = timezone.now()
    dialogues = (
        Dialogue.objects.visible_to(membership)
        .filter(held_at__lte=now)
        .exclude(agreements="", next_steps="")
        .only(*Dialogue.SHARED_FIELDS)
        .order_by("-held_at", "-id")[:MAX_AGREEMENTS]
    )
    return [
        PortalItem(
            title=d.title or "対話",
            on=timezone.localdate(d.held_at),
            text=d.agreements,
            detail=d.next_steps,
        )
        for d in dialogues
    ]


def meetings(membership, today: dt.date) -> list[PortalItem]:
    now = timezone.now()
    upcoming = (
        Dialogue.objects.visible_to(membership)
        .filter(held_at__gt=now)
        .only(*Dialogue.SHARED_FIELDS)
        .order_by("held_at", "id")[:3]
    )
    return [
        PortalItem(
            title=d.title or "面談",
            on=timezone.localdate(d.held_at),
            text=timezone.localtime(d.held_at).strftime("%H:%M"),
        )
        for d in upcoming
    ]


def surveys(membership) -> list[PortalItem]:
    """The open satisfaction surveys (満足度調査) addressed to the company's 経営者: the owner is the
    one asked, so this reads the survey rows of their own company directly (the rows themselves are
    the support side's record and never reach the company side's pages or API). Employees get none."""
    if membership is None or membership.role != Role.OWNER or not membership.company_id:
        return []
    now = timezone.now()
    rows = SatisfactionSurvey.objects.filter(
        engagement__company_id=membership.company_id,
        engagement__company__organization_id=membership.organization_id,
        answered_at__isnull=True,
        expires_at__gt=now,
    ).order_by("sent_at", "id")
    return [
        PortalItem(
            title=f"満足度調査（{survey.get_milestone_display()}）",
            on=timezone.localtime(survey.expires_at).date(),
            text="伴走支援についての短いアンケート（5問）にご協力ください。",
            url=link_path(survey),
        )
        for survey in rows
    ]


PROVIDER = PortalProvider(
    area="engagements",
    actions=actions,
    action=action,
    review_action=review_action,
    status_choices=status_choices,
    root_issues=root_issues,
    agreements=agreements,
    meetings=meetings,
    surveys=surveys,
)
