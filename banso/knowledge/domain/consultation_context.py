"""The optional background (背景) of a consultation, drafted from one of the supporter's engagements.

The engagement's facts and known terms come from the core case-source registry (banso/core/case_sources,
filled by the engagements area); the text goes through the same anonymisation engine as a case
(engines/anonymise.py). The supporter edits the draft before posting; `ask` then refuses any text that
still carries a known name of the engagement or of the organization's clients."""

from __future__ import annotations

from django.http import Http404

from banso.core import case_sources
from banso.core.access import not_found_message
from banso.knowledge.engines import anonymise as engine
from banso.knowledge.engines.client_names import KnownTerm

MAX_ITEMS = 3
SIZE_LABELS = {"small": "小規模事業者", "medium": "中規模事業者"}


def _facts(membership, engagement_id):
    facts = case_sources.case_facts(membership, engagement_id) if membership else None
    if facts is None:
        raise Http404(not_found_message("伴走支援案件"))
    return facts


def engagement_terms(membership, engagement_id: int) -> list[KnownTerm]:
    """The engagement's known terms (company, people, places, identifiers) for the client-name check."""
    facts = _facts(membership, engagement_id)
    known = [*facts.known_terms, *case_sources.more_known_terms(facts.company_id)]
    return [KnownTerm(t.text, person=t.kind == case_sources.PERSON) for t in known if t.text]


def draft_context(membership, engagement_id: int) -> str:
    """A short anonymised background: industry and size, the step, the walls still high, the surface
    and root issues. 404 when the membership may not see the engagement."""
    from banso.companies.engines.industries import industry_label

    facts = _facts(membership, engagement_id)
    lines = []
    industry = industry_label(facts.industry_code) if facts.industry_code else "業種未設定"
    lines.append(
        f"{industry}・{SIZE_LABELS.get(facts.size, '規模未設定')}。伴走支援は{facts.step_label}の段階。"
    )
    high = [w.label for w in facts.walls if (w.now if w.now is not None else w.start or 0) >= 2]
    if high:
        lines.append(f"高い壁: {'、'.join(high)}。")
    if facts.surface_issues:
        lines.append("表課題: " + "／".join(facts.surface_issues[:MAX_ITEMS]))
    if facts.root_issues:
        lines.append("裏課題（仮説を含む）: " + "／".join(facts.root_issues[:MAX_ITEMS]))
    text = "\n".join(lines)
    known = [*facts.known_terms, *case_sources.more_known_terms(facts.company_id)]
    terms = [engine.Term(t.text, t.label, t.kind) for t in known if t.text]
    return engine.anonymise(text, terms, start_date=facts.started_on).text
