"""What a user may see of the knowledge area, for pages and the API: published cases (the access
rule's knowledge branch) and case drafts (their organization's author, 管理者 and reviewers)."""

from __future__ import annotations

from django.http import Http404

from banso.core import case_sources
from banso.core.access import not_found_message
from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.knowledge.models import CaseDraft, CaseScope, CaseStatus, NetworkMembership, PublishedCase

CASE_NOT_FOUND = not_found_message("事例")
DRAFT_NOT_FOUND = not_found_message("事例の下書き")
MAX_FILTER = 40


def is_support_side(membership) -> bool:
    return membership is not None and membership.is_active and membership.role in SUPPORT_SIDE_ROLES


def ensure_support_side(membership) -> None:
    """The knowledge area is the support side's: company-side users get a 404 everywhere."""
    if not is_support_side(membership):
        raise Http404(CASE_NOT_FOUND)


def cases_for(membership, *, industry: str = "", size: str = "", wall: str = "", scope: str = ""):
    """The published cases the membership may read, newest first, with the list's filters: industry
    (ロカベン code, or its 2-digit group), size, a wall still high (2 or more) at the start, scope
    (own: its organization's / network: from the network)."""
    queryset = PublishedCase.objects.visible_to(membership).select_related("organization", "network")
    industry = (industry or "")[:MAX_FILTER]
    if industry:
        if len(industry) == 2:
            queryset = queryset.filter(industry_code__startswith=industry)
        else:
            queryset = queryset.filter(industry_code=industry)
    if size in ("small", "medium"):
        queryset = queryset.filter(size=size)
    if scope == "own":
        queryset = queryset.filter(organization_id=membership.organization_id)
    elif scope == "network":
        queryset = queryset.filter(scope=CaseScope.NETWORK).exclude(
            organization_id=membership.organization_id
        )
    if wall in {w.key for w in case_sources.wall_choices()}:
        # JSON lists are filtered in Python (a few thousand cases at most per reader).
        ids = [pk for pk, walls in queryset.values_list("pk", "walls") if _wall_high(walls, wall)]
        queryset = queryset.filter(pk__in=ids)
    return queryset.order_by("-published_at", "-id")


def _wall_high(walls, key: str) -> bool:
    for row in walls or []:
        if isinstance(row, dict) and row.get("key") == key:
            start = row.get("start")
            return isinstance(start, int) and start >= 2
    return False


def case_or_404(membership, pk) -> PublishedCase:
    ensure_support_side(membership)
    try:
        return (
            PublishedCase.objects.visible_to(membership).select_related("organization", "network").get(pk=pk)
        )
    except (PublishedCase.DoesNotExist, ValueError, TypeError):
        raise Http404(CASE_NOT_FOUND) from None


def drafts_for(membership, *, status: str = ""):
    queryset = CaseDraft.objects.visible_to(membership).select_related("author", "reviewed_by")
    if status in CaseStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-updated_at", "-id")


def draft_or_404(membership, pk) -> CaseDraft:
    try:
        return CaseDraft.objects.visible_to(membership).select_related("author", "reviewed_by").get(pk=pk)
    except (CaseDraft.DoesNotExist, ValueError, TypeError):
        raise Http404(DRAFT_NOT_FOUND) from None


def drafts_of_engagement(membership, engagement_id: int):
    return drafts_for(membership).filter(source_engagement_id=engagement_id)


def networks_of(organization_id: int):
    return NetworkMembership.objects.filter(organization_id=organization_id).select_related("network")
