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


def _document(kind: str, record, *, title: str, texts, step) -> SearchDocument:
    """The document of a record under an engagement: its texts (the empty ones left out) as the body."""
    return SearchDocument(
        kind=kind,
        object_id=record.pk,
        audience=AUDIENCE_COMPANY,
        title=title,
        body="\n".join(text for text in texts if text),
        step=step,
        **_facets(record.engagement),
    )


def dialogue_document(dialogue: Dialogue) -> SearchDocument:
    return _document(
        "dialogue",
        dialogue,
        title=str(dialogue),
        texts=(
            dialogue.listening_notes,
            dialogue.owner_words,
            dialogue.insights,
            dialogue.agreements,
            dialogue.next_steps,
        ),
        step=dialogue.step,
    )


ISSUE_KIND_LABELS = {"surface": "表課題", "why": "なぜ", "root": "裏課題"}


def issue_document(node: IssueNode) -> SearchDocument:
    return _document(
        "issue",
        node,
        title=f"{ISSUE_KIND_LABELS.get(node.kind, '課題')}: {node.text}",
        texts=(node.note,),
        step=node.engagement.step,
    )


def action_document(action: Action) -> SearchDocument:
    return _document(
        "action",
        action,
        title=action.what,
        texts=(action.how_much, action.how, action.expected_effect),
        step=action.engagement.step,
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


def _source(kind: str, label: str, model, document, url, *, step_of_engagement: bool = True) -> SearchSource:
    """A source of records under an engagement: a company's change alters their facets and, unless the
    record keeps its own step (a dialogue), an engagement's step alters theirs."""
    related = {Company: _of_company(model)}
    if step_of_engagement:
        related[Engagement] = _of_engagement(model)
    return SearchSource(
        kind=kind,
        label=label,
        model=model,
        document=document,
        records=_records(model),
        url=url,
        related=related,
    )


SOURCES = (
    _source(
        "dialogue",
        "対話記録",
        Dialogue,
        dialogue_document,
        _url("dialogue_detail", "dialogue_pk"),
        step_of_engagement=False,
    ),
    _source("issue", "課題", IssueNode, issue_document, _url("issues", None)),
    _source("action", "アクション", Action, action_document, _url("action_detail", "pk")),
)
