"""What every engagement view does first: load the company through the access rule, then the
engagement (or its child) through that company; and the context the shared templates need."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from banso.companies.models import Company
from banso.companies.queries import visible_company_or_404
from banso.core.access import (
    NOT_FOUND_MESSAGE,
    ensure_may_change,
    get_visible_or_404,
    may_change,
)
from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.core.views import refuse_unless_post  # noqa: F401 (re-exported for the area's views)
from banso.engagements.models import Engagement


def load_company(request, company_pk: int) -> Company:
    """The company, for the support side only: engagement pages are the support organization's
    working record (see models.base.SupportSideQuerySet); company-side users get the same 404."""
    ensure_support_side(request)
    return visible_company_or_404(request.membership, company_pk)


def load_engagement(request, company_pk: int, engagement_pk: int, *, change: bool = False):
    """(company, engagement): 404 unless both are visible and belong together; 403 with `change`
    for someone who may see but not change them."""
    company = load_company(request, company_pk)
    engagement = get_visible_or_404(
        Engagement.objects.filter(company=company).select_related("lead_supporter"),
        request.membership,
        pk=engagement_pk,
    )
    engagement.company = company
    if change:
        ensure_may_change(request.membership, engagement)
    return company, engagement


def load_child(queryset, request, engagement: Engagement, *, change: bool = False, **lookup):
    """A child record of `engagement` (dialogue, node, assessment, stakeholder) through the access
    rule: 404 when it belongs to another engagement or is not visible; 403 with `change` when
    read-only."""
    obj = get_visible_or_404(queryset.filter(engagement=engagement), request.membership, **lookup)
    obj.engagement = engagement
    if change:
        ensure_may_change(request.membership, obj)
    return obj


def is_support_side(request) -> bool:
    membership = request.membership
    return membership is not None and membership.role in SUPPORT_SIDE_ROLES


def ensure_support_side(request) -> None:
    """Company-side users do not see the advisor's own assessments (suitability, reflections): the
    same 404 as for anything else they may not see."""
    if not is_support_side(request):
        raise Http404(NOT_FOUND_MESSAGE)


def engagement_context(request, company, engagement, section: str, **extra) -> dict:
    """Context of every page under an engagement: the company hub's header and tab, the engagement
    navigation (`section` marks the current link) and whether the user may change things."""
    return {
        "company": company,
        "engagement": engagement,
        "tab": "engagements",
        "section": section,
        # New records only while the engagement is open; an ended one is reopened via its status.
        "can_change": may_change(request.membership, engagement) and engagement.is_open,
        "can_manage": may_change(request.membership, engagement),
        "support_side": is_support_side(request),
        **extra,
    }


def htmx_partial(response: HttpResponse) -> HttpResponse:
    """Responses that differ for htmx and plain requests must say so to caches."""
    response["Vary"] = "HX-Request"
    return response
