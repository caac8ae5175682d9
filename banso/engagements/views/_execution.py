"""What every execution-side page needs: the company and the engagement fetched through the access
rule (a foreign one is 404), and the context of the engagement heading and its navigation."""

from __future__ import annotations

from banso.companies.models import Company
from banso.core.access import may_change
from banso.engagements.models import Engagement
from banso.engagements.views._common import load_engagement as load


def load_engagement(request, company_pk: int, engagement_pk: int) -> tuple[Company, Engagement]:
    """The company and one of its engagements, through the one loader of the engagements area
    (404 for anything foreign and for company-side users)."""
    return load(request, company_pk, engagement_pk)


def load_engagement_to_change(request, company_pk: int, engagement_pk: int) -> tuple[Company, Engagement]:
    """As load_engagement, and 403 when the user may only read (閲覧者)."""
    return load(request, company_pk, engagement_pk, change=True)


def page_context(request, company: Company, engagement: Engagement, section: str, **extra) -> dict:
    return {
        "company": company,
        "engagement": engagement,
        "tab": "engagements",
        "section": section,
        "can_change": may_change(request.membership, engagement) and engagement.is_open,
        **extra,
    }
