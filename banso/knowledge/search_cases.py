"""Published cases (事例) in the knowledge search (banso/core/search_sources.py), registered in
KnowledgeConfig.ready(). A case published to the organization is found by its support-side members, one
published to a network also by the members of that network's organizations; a draft is never indexed
(PublishedCase rows exist only once a reviewer approved and the case was published)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from banso.core.search_sources import AUDIENCE_NETWORK, AUDIENCE_ORGANIZATION, SearchDocument, SearchSource
from banso.knowledge.engines.similarity import HIGH_WALL
from banso.knowledge.models.cases import CaseScope, PublishedCase

TEXT_FIELDS = (
    "surface_issues",
    "root_issues",
    "insights",
    "actions_worked",
    "actions_not_worked",
    "outcomes",
    "lessons",
    "body",
)


def high_walls_at_start(case) -> tuple[str, ...]:
    return tuple(
        str(w.get("key"))
        for w in case.wall_rows()
        if isinstance(w.get("start"), int) and w["start"] >= HIGH_WALL and w.get("key")
    )


def case_document(case: PublishedCase) -> SearchDocument | None:
    if case.withdrawn_at is not None:
        return None  # 取り下げ: the writer removes the case's document in the same transaction
    network = case.scope == CaseScope.NETWORK and case.network_id
    return SearchDocument(
        kind="case",
        object_id=case.pk,
        organization_id=case.organization_id,
        audience=AUDIENCE_NETWORK if network else AUDIENCE_ORGANIZATION,
        network_id=case.network_id if network else None,
        title=case.title,
        body="\n".join(getattr(case, name) for name in TEXT_FIELDS if getattr(case, name)),
        industry_code=case.industry_code or "",
        size_band=case.size or "",
        walls=high_walls_at_start(case),
        step=case.steps_reached,
        keywords=" ".join(str(tag) for tag in (case.tags or []) if isinstance(tag, str)),
    )


def case_url(org_slug: str, row) -> str:
    try:
        return reverse("knowledge:case", kwargs={"org": org_slug, "pk": row.object_id})
    except NoReverseMatch:  # the case pages are not installed
        return ""


SOURCE = SearchSource(
    kind="case",
    label="事例",
    model=PublishedCase,
    document=case_document,
    records=lambda: PublishedCase.objects.order_by("pk"),
    url=case_url,
)
