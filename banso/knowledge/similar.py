"""Similar cases for an engagement (似ている事例): candidates from the published cases the membership may
read, scored by banso/knowledge/engines/similarity.py with reasons. Used by the engagement page's panel
(registered in core.engagement_panels) and GET /api/v1/engagements/{id}/similar-cases.

The engagement's facts come through core.case_sources (the engagements area provides them; None when the
membership may not see the engagement — the caller answers 404). Candidates are bounded so the time does
not grow with the number of cases: the most recent cases of the same industry group, and the cases whose
text shares most bigrams with the engagement's issues (the search index), at most CANDIDATES (100) of each.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from banso.companies.engines.industries import MAJOR_INDUSTRIES
from banso.companies.engines.size import SIZE_LABELS
from banso.core.case_sources import case_facts, wall_choices
from banso.knowledge.engines import similarity, textsearch
from banso.knowledge.models.cases import PublishedCase
from banso.knowledge.models.search import SearchDocument
from banso.knowledge.search_index import (
    MAX_RANKED,
    match_expression,
    scope_tokens,
    synonym_groups_for,
    visible_documents,
)

CANDIDATES = 100
LIMIT = 3


@dataclass(frozen=True)
class SimilarCase:
    case: PublishedCase
    score: float
    reasons: tuple[str, ...]


def engagement_profile(facts) -> similarity.Profile:
    return similarity.Profile(
        industry_code=facts.industry_code or "",
        size=facts.size or "",
        walls={w.key: (w.now if w.now is not None else w.start) for w in facts.walls},
        surface_issues=tuple(facts.surface_issues),
        root_issues=tuple(facts.root_issues),
    )


def case_profile(case: PublishedCase) -> similarity.Profile:
    return similarity.Profile(
        industry_code=case.industry_code or "",
        size=case.size or "",
        walls={
            str(w.get("key")): w.get("start") if isinstance(w.get("start"), int) else None
            for w in case.wall_rows()
        },
        surface_issues=similarity.issue_lines(case.surface_issues),
        root_issues=similarity.issue_lines(case.root_issues),
    )


def labels() -> similarity.Labels:
    return similarity.Labels(
        industry_groups=dict(MAJOR_INDUSTRIES),
        sizes=dict(SIZE_LABELS),
        walls={w.key: w.label.split("（")[0] for w in wall_choices()},
    )


def _text_candidates(membership, facts) -> list[int]:
    query = textsearch.any_of([*facts.root_issues, *facts.surface_issues])
    if query is None:
        return []
    fts, tsquery = query
    scope = [t for t in scope_tokens(membership) if t.startswith(("zp", "zn"))]
    documents = match_expression(visible_documents(membership).filter(kind="case"), fts, tsquery, scope)
    # As in the search: rank at most MAX_RANKED matches, not every case sharing one bigram.
    ids = list(documents.values_list("id", flat=True)[:MAX_RANKED])
    ranked = match_expression(SearchDocument.objects.filter(id__in=ids), fts, tsquery, scope)
    return list(ranked.order_by("-search_rank").values_list("object_id", flat=True)[:CANDIDATES])


def similar_cases(membership, engagement_id: int, *, limit: int = LIMIT) -> list[SimilarCase] | None:
    """The `limit` most similar published cases, best first; None when the engagement is not visible."""
    facts = case_facts(membership, engagement_id)
    if facts is None:
        return None
    visible = PublishedCase.objects.visible_to(membership)
    ids = set(_text_candidates(membership, facts))
    major = (facts.industry_code or "")[:2]
    if major:
        ids.update(
            visible.filter(industry_code__startswith=major)
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)[:CANDIDATES]
        )
    if not ids:
        return []
    cases = {c.pk: c for c in visible.filter(Q(pk__in=sorted(ids)))}
    matches = similarity.most_similar(
        engagement_profile(facts),
        ((pk, case_profile(case)) for pk, case in cases.items()),
        limit=limit,
        labels=labels(),
        groups=synonym_groups_for(membership.organization_id),
    )
    return [SimilarCase(cases[m.case_id], m.score, tuple(r.text for r in m.reasons)) for m in matches]
