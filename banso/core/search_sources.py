"""What the knowledge search indexes, told by the areas that own the records.

Areas never import each other, so the engagements area (dialogues, issues, actions) and the knowledge
area itself (published cases, consultations) each register a `SearchSource` here in their
AppConfig.ready(): the model, how one record becomes a `SearchDocument` (or None when it must not be
found, e.g. an unpublished case), every record for a rebuild, and the page a result links to. The
knowledge area registers the index writer; this module connects the model signals so a save or a
delete updates the index in the same transaction, whichever app starts first. Without the knowledge
area nothing is written; without a source its records are simply not found.

Audience (who may find a document; the reader in banso/knowledge/search_index.py applies it together
with the access rule):
- "company": an internal record of a company (dialogue, issue, action): the support-side members of
  its organization who may see that company (a 支援者 only their companies; never the company side);
- "organization": every support-side member of the organization (a case published to it);
- "network": also the support-side members of the organizations in `network_id`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models.signals import post_delete, post_save

AUDIENCE_COMPANY = "company"
AUDIENCE_ORGANIZATION = "organization"
AUDIENCE_NETWORK = "network"
AUDIENCES = (AUDIENCE_COMPANY, AUDIENCE_ORGANIZATION, AUDIENCE_NETWORK)


@dataclass(frozen=True)
class SearchDocument:
    kind: str
    object_id: int
    organization_id: int
    audience: str
    title: str
    body: str
    company_id: int | None = None
    engagement_id: int | None = None
    network_id: int | None = None
    industry_code: str = ""
    size_band: str = ""
    walls: tuple[str, ...] = ()  # keys of the walls that stand high (2–3)
    step: int | None = None
    # Extra texts that are searched but not shown (e.g. a case's tags).
    keywords: str = ""


@dataclass(frozen=True)
class SearchSource:
    kind: str  # stable key stored in the index ("dialogue", "case", …)
    label: str  # shown on a result (対話記録, 事例 …)
    model: type
    document: Callable[[object], SearchDocument | None]
    # Every record for a rebuild, as an iterable of model instances (chunked by the caller).
    records: Callable[[], Iterable]
    # The page of a result: (organization slug, stored row with object_id, company_id, engagement_id).
    url: Callable[[str, object], str]
    # Other models whose change alters this source's documents: model → function(instance) → records.
    related: dict = field(default_factory=dict)


_sources: dict[str, SearchSource] = {}
_writers: list = []


class SearchWriter(Protocol):
    """What the index writer provides (banso.knowledge.search_index registers one)."""

    def index(self, source: SearchSource, instance) -> None: ...

    def remove(self, source: SearchSource, object_id: int) -> None: ...


def sources() -> dict[str, SearchSource]:
    return dict(_sources)


def source(kind: str) -> SearchSource | None:
    return _sources.get(kind)


def register_search_source(search_source: SearchSource) -> SearchSource:
    """Add a source once (safe to call again when apps are reloaded) and follow its model's saves."""
    _sources[search_source.kind] = search_source
    uid = f"search-source-{search_source.kind}"
    post_save.connect(_saved(search_source), sender=search_source.model, weak=False, dispatch_uid=uid)
    post_delete.connect(
        _deleted(search_source), sender=search_source.model, weak=False, dispatch_uid=uid + "-delete"
    )
    for model, records_of in search_source.related.items():
        post_save.connect(
            _related_saved(search_source, records_of),
            sender=model,
            weak=False,
            dispatch_uid=f"{uid}-related-{model._meta.label}",
        )
    return search_source


def register_search_writer(writer) -> None:
    if not any(type(w) is type(writer) for w in _writers):
        _writers.append(writer)


def index_record(search_source: SearchSource, instance) -> None:
    for writer in _writers:
        writer.index(search_source, instance)


def _saved(search_source: SearchSource):
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            index_record(search_source, instance)

    return handler


def _deleted(search_source: SearchSource):
    def handler(sender, instance, **kwargs):
        for writer in _writers:
            writer.remove(search_source, instance.pk)

    return handler


def _related_saved(search_source: SearchSource, records_of):
    def handler(sender, instance, raw=False, **kwargs):
        if raw:
            return
        for record in records_of(instance):
            index_record(search_source, record)

    return handler
