"""Consultations (相談) in the knowledge search (banso/core/search_sources.py), registered in
KnowledgeConfig.ready(). A consultation is found with its answers — the accepted answer first — by the
same readers as the thread: the support side of its organization, and of the network's organizations
when it was addressed to a network. A hidden consultation is not found at all, and a hidden answer
is left out of its consultation's text."""

from __future__ import annotations

from banso.core.search_sources import SearchDocument, SearchSource
from banso.knowledge.models.consultations import NETWORK, Answer, Consultation
from banso.knowledge.search_shared import network_or_organization_document, page_url

ACCEPTED_MARK = "【採用された回答】"


def consultation_document(consultation: Consultation) -> SearchDocument | None:
    if consultation.hidden_at is not None:
        return None
    answers = sorted(
        consultation.answers.filter(hidden_at__isnull=True),
        key=lambda a: (a.pk != consultation.accepted_answer_id, a.pk),
    )
    texts = [consultation.body, consultation.context]
    texts += [(ACCEPTED_MARK if a.pk == consultation.accepted_answer_id else "") + a.body for a in answers]
    return network_or_organization_document(
        "consultation",
        consultation,
        to_network=bool(consultation.audience == NETWORK and consultation.network_id),
        title=consultation.title,
        body="\n".join(text for text in texts if text),
    )


SOURCE = SearchSource(
    kind="consultation",
    label="相談",
    model=Consultation,
    document=consultation_document,
    records=lambda: Consultation.objects.order_by("pk"),
    url=page_url("knowledge:consultation_detail"),
    # An answer given, accepted or hidden changes what its consultation is found by.
    related={Answer: lambda answer: [answer.consultation]},
)
