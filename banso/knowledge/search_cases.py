"""Published cases (事例) in the knowledge search (banso/core/search_sources.py), registered in
KnowledgeConfig.ready(). A case published to the organization is found by its support-side members, one
published to a network also by the members of that network's organizations; a draft is never indexed
(PublishedCase rows exist only once a reviewer approved and the case was published)."""

from __future__ import annotations

from banso.core.search_sources import SearchDocument, SearchSource
from banso.knowledge.engines.similarity import HIGH_WALL
from banso.knowledge.models.cases import TEXT_FIELDS as CASE_TEXT_FIELDS
from banso.knowledge.models.cases import CaseScope, PublishedCase
from banso.knowledge.search_shared import network_or_organization_document, page_url

# The case's text sections: its free-text fields but the title (the document's own title).
TEXT_FIELDS = tuple(name for name, _ in CASE_TEXT_FIELDS if name != "title")


def high_walls_at_start(case) -> tuple[str, ...]:
    return tuple(
        str(w.get("key"))
        for w in case.wall_rows()
        if isinstance(w.get("start"), int) and w["start"] >= HIGH_WALL and w.get("key")
    )


def case_document(case: PublishedCase) -> SearchDocument | None:
    if case.withdrawn_at is not None:
        return None  # 取り下げ: the writer removes the case's document in the same transaction
    return network_or_organization_document(
        "case",
        case,
        to_network=bool(case.scope == CaseScope.NETWORK and case.network_id),
        title=case.title,
        body="\n".join(getattr(case, name) for name in TEXT_FIELDS if getattr(case, name)),
        industry_code=case.industry_code or "",
        size_band=case.size or "",
        walls=high_walls_at_start(case),
        step=case.steps_reached,
        keywords=" ".join(str(tag) for tag in (case.tags or []) if isinstance(tag, str)),
    )


SOURCE = SearchSource(
    kind="case",
    label="事例",
    model=PublishedCase,
    document=case_document,
    records=lambda: PublishedCase.objects.order_by("pk"),
    url=page_url("knowledge:case"),
)
