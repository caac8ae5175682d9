"""The current engagement step in the company header (registered in apps.py, see
banso.core.company_facts for why the header asks through a registry)."""

from __future__ import annotations

from banso.core.company_facts import CompanyFact
from banso.core.urls import org_reverse
from banso.engagements import guideline as g
from banso.engagements.queries import current_engagement


def current_step_fact(request, company) -> list[CompanyFact]:
    if getattr(request, "organization", None) is None:
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
