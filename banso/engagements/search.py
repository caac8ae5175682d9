"""The engagement records the knowledge search finds inside the organization (banso/core/search_sources.py):
dialogues (対話記録), issues of the issue tree (表課題 / なぜ / 裏課題) and actions.

All three are internal documents of a company (audience "company"): the search shows them only to the
support-side members of the organization who may see the company — never to the company side, never
to another organization. Registered in EngagementsConfig.ready().
"""

from __future__ import annotations

from django.urls import reverse

from banso.companies.models import Company
from banso.core.search_sources import AUDIENCE_COMPANY, SearchDocument, SearchSource
from banso.engagements.models import Action, Dialogue, Engagement, IssueNode


def _facets(engagement) -> dict:
    company = engagement.company
    try:
        size = company.size
    except Exception:  # an incomplete company (no headcount yet) still gets indexed, without a size
        size = ""
    return {
        "organization_id": company.organization_id,
        "company_id": company.pk,
        "engagement_id": engagement.pk,
        "industry_code": company.industry_code or "",
        "size_band": size or "",
    }


def dialogue_document(dialogue: Dialogue) -> SearchDocument:
    body = "\n".join(
        part
        for part in (
            dialogue.listening_notes,
            dialogue.owner_words,
            dialogue.insights,
            dialogue.agreements,
            dialogue.next_steps,
        )
        if part
    )
    return SearchDocument(
        kind="dialogue",
        object_id=dialogue.pk,
        audience=AUDIENCE_COMPANY,
        title=str(dialogue),
        body=body,
        step=dialogue.step,
        **_facets(dialogue.engagement),
    )


ISSUE_KIND_LABELS = {"surface": "表課題", "why": "なぜ", "root": "裏課題"}


def issue_document(node: IssueNode) -> SearchDocument:
    return SearchDocument(
        kind="issue",
        object_id=node.pk,
        audience=AUDIENCE_COMPANY,
        title=f"{ISSUE_KIND_LABELS.get(node.kind, '課題')}: {node.text}",
        body=node.note or "",
        step=node.engagement.step,
        **_facets(node.engagement),
    )


def action_document(action: Action) -> SearchDocument:
    body = "\n".join(part for part in (action.how_much, action.how, action.expected_effect) if part)
    return SearchDocument(
        kind="action",
        object_id=action.pk,
        audience=AUDIENCE_COMPANY,
        title=action.what,
        body=body,
        step=action.engagement.step,
        **_facets(action.engagement),
    )


def _of_company(model):
    """A company's change (industry, headcount) changes the facets of its records."""
    return lambda company: model.objects.filter(engagement__company=company).select_related(
        "engagement__company"
    )


def _of_engagement(model):
    """An engagement's step is the step of its issues and actions in the index."""
    return lambda engagement: model.objects.filter(engagement=engagement).select_related(
        "engagement__company"
    )


def _records(model):
    return lambda: model.objects.select_related("engagement__company").order_by("pk")


def _url(name: str, pk_kwarg: str | None):
    def url(org_slug: str, row) -> str:
        kwargs = {"org": org_slug, "company_pk": row.company_id, "engagement_pk": row.engagement_id}
        if pk_kwarg:
            kwargs[pk_kwarg] = row.object_id
        return reverse(f"engagements:{name}", kwargs=kwargs)

    return url


SOURCES = (
    SearchSource(
        kind="dialogue",
        label="対話記録",
        model=Dialogue,
        document=dialogue_document,
        records=_records(Dialogue),
        url=_url("dialogue_detail", "dialogue_pk"),
        related={Company: _of_company(Dialogue)},
    ),
    SearchSource(
        kind="issue",
        label="課題",
        model=IssueNode,
        document=issue_document,
        records=_records(IssueNode),
        url=_url("issues", None),
        related={Company: _of_company(IssueNode), Engagement: _of_engagement(IssueNode)},
    ),
    SearchSource(
        kind="action",
        label="アクション",
        model=Action,
        document=action_document,
        records=_records(Action),
        url=_url("action_detail", "pk"),
        related={Company: _of_company(Action), Engagement: _of_engagement(Action)},
    ),
)
