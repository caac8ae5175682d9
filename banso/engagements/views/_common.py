"""What every engagement view does first: load the company through the access rule, then the
engagement (or its child) through that company; and the context the shared templates need.
Who may do what is answered by banso.engagements.permissions."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotAllowed

from banso.companies.models import Company
from banso.companies.queries import visible_company_or_404
from banso.core.access import ensure_may_change, get_visible_or_404
from banso.engagements import permissions
from banso.engagements.models import Engagement


def load_company(request, company_pk: int) -> Company:
    """The company, for the support side only: engagement pages are the support organization's
    working record (see models.base.SupportSideQuerySet); company-side users get the same 404."""
    permissions.ensure_support_side(request.membership)
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


def engagement_context(request, company, engagement, section: str, **extra) -> dict:
    """Context of every page under an engagement: the company hub's header and tab, the engagement
    navigation (`section` marks the current link) and what the user may do: `can_change` (add or
    change records: a writer, while the engagement is open) and `can_manage` (edit the engagement
    and its status, also once it has ended). Only support-side users reach these pages."""
    return {
        "company": company,
        "engagement": engagement,
        "tab": "engagements",
        "section": section,
        "can_change": permissions.may_add_records(request.membership, engagement),
        "can_manage": permissions.may_manage(request.membership, engagement),
        **extra,
    }


def htmx_partial(response: HttpResponse) -> HttpResponse:
    """Responses that differ for htmx and plain requests must say so to caches."""
    response["Vary"] = "HX-Request"
    return response


def refuse_unless_post(request) -> HttpResponse | None:
    """For views that only change things: called after the access check, so a foreign object is a
    404 and a read-only one a 403 whatever the method; then anything but POST is a 405."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None
