"""What every execution-side page needs: the company and the engagement fetched through the access
rule (a foreign one is 404), and the context of the engagement heading and its navigation."""

from __future__ import annotations

from banso.companies.models import Company
from banso.core.access import ensure_may_change, get_visible_or_404, may_change
from banso.engagements.models import Engagement


def load_engagement(request, company_pk: int, engagement_pk: int) -> tuple[Company, Engagement]:
    """The company (visible to the user) and one of its engagements; 404 for anything foreign."""
    company = get_visible_or_404(
        Company.objects.prefetch_related("supporters"), request.membership, pk=company_pk
    )
    engagement = get_visible_or_404(
        Engagement.objects.filter(company=company).select_related("lead_supporter"),
        request.membership,
        pk=engagement_pk,
    )
    engagement.company = company
    return company, engagement


def load_engagement_to_change(request, company_pk: int, engagement_pk: int) -> tuple[Company, Engagement]:
    """As load_engagement, and 403 when the user may only read (閲覧者, the company's own people)."""
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    ensure_may_change(request.membership, engagement)
    return company, engagement


def page_context(request, company: Company, engagement: Engagement, section: str, **extra) -> dict:
    return {
        "company": company,
        "engagement": engagement,
        "tab": "engagements",
        "section": section,
        "can_change": may_change(request.membership, engagement) and engagement.is_open,
        **extra,
    }
