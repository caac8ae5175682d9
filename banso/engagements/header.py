"""What the engagements area offers to the rest of the app through core registries (see apps.py):
the current step in the company header (banso.core.company_facts) and the issue trees a surface
issue can be sent to from other areas (banso.core.issue_targets)."""

from __future__ import annotations

from banso.core.company_facts import CompanyFact
from banso.core.issue_targets import IssueTarget
from banso.core.urls import org_reverse
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement
from banso.engagements.queries import current_engagement


def current_step_fact(request, company) -> list[CompanyFact]:
    membership = getattr(request, "membership", None)
    if membership is None or membership.is_company_side:
        return []
    engagement = current_engagement(company)
    if engagement is None:
        return []
    status = g.label_of(g.ENGAGEMENT_STATUS_CHOICES, engagement.status)
    return [
        CompanyFact(
            label="伴走支援",
            value=f"{g.step_label(engagement.step)}（{status}）",
            url=org_reverse(
                request, "engagements:detail", company_pk=company.pk, engagement_pk=engagement.pk
            ),
        )
    ]


def issue_tree_targets(request, company) -> list[IssueTarget]:
    """Open engagements of the company whose issue tree this user may add to (core.issue_targets)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    engagements = (
        Engagement.objects.changeable_by(membership)
        .filter(company=company)
        .open()
        .order_by("-started_on", "-id")
    )
    return [
        IssueTarget(
            label=f"{engagement}（{g.step_label(engagement.step)}）",
            url=org_reverse(
                request, "engagements:issue_add", company_pk=company.pk, engagement_pk=engagement.pk
            ),
        )
        for engagement in engagements
    ]
