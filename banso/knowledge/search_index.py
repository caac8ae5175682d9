"""The knowledge search: one Python interface over two full-text backends.

- **Writing**: `IndexWriter` (registered in core.search_sources from KnowledgeConfig.ready()) turns a
  record into its `SearchDocument` row through the source the owning area registered, on every save
  and delete, in the caller's transaction. `rebuild(...)` rewrites the whole index (the command
  `manage.py rebuild_search_index`).
- **Reading**: `search(membership, text, filters=…, page=…)` parses the query (engines.textsearch:
  normalisation, bigrams, the organization's synonyms), keeps only what the membership may find (the
  access rule below), filters by facets and ranks: SQLite FTS5 `bm25()` over the FTS table kept by
  triggers, PostgreSQL `ts_rank` over a generated tsvector with a GIN index (migration
  0003_search_index). Both match the same ASCII tokens, so a term finds the same documents on both.

Who finds what (`visible_documents`): only the support side (管理者・支援者・閲覧者); internal records
(audience "company") of the companies the membership may see (core.access.company_filter: a 支援者
only their companies); what is published to the organization; what is published to a network the
organization belongs to. The company side finds nothing; another organization's internal records are
never found.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Q
from django.urls import NoReverseMatch

from banso.companies.engines.industries import industry_label
from banso.companies.models import Company
from banso.core import search_sources
from banso.core.networks import network_ids_of
from banso.core.pagination import page_number
from banso.core.roles import SUPPORT_SIDE_ROLES, Role
from banso.core.search_sources import (
    AUDIENCE_COMPANY,
    AUDIENCE_NETWORK,
    AUDIENCE_ORGANIZATION,
    SearchSource,
)
from banso.knowledge.engines import textsearch
from banso.knowledge.models.search import SearchDocument, SearchSynonym

PER_PAGE = 20
MAX_RANKED = 1000
FTS_TABLE = "knowledge_search_fts"

SCOPES = {
    "all": "すべて",
    "organization": "自機関",
    "network": "ネットワーク",
    "mine": "担当先",
}
SCOPE_ERROR = "検索範囲は all, organization, network, mine のいずれかを指定してください。"


# --- writing -----------------------------------------------------------------------------------


# Scope tokens, added to each document's tokens so the full-text engine narrows to what a member may
# find while it matches (posting lists intersect) instead of matching everyone's documents and
# filtering afterwards. They only ever narrow: the access filter of `visible_documents` still applies.
# Prefixed "z": the text tokens start with b, u, v or w.
MAX_COMPANY_TOKENS = 200


def scope_tokens_of(doc) -> list[str]:
    if doc.audience == AUDIENCE_COMPANY:
        return [f"zi{doc.organization_id}", f"zc{doc.company_id}"]
    tokens = [f"zp{doc.organization_id}"]
    if doc.audience == AUDIENCE_NETWORK and doc.network_id:
        tokens.append(f"zn{doc.network_id}")
    return tokens


def _row_values(doc: search_sources.SearchDocument) -> dict:
    text = textsearch.document_tokens(doc.title, doc.body, doc.keywords)
    return {
        "organization_id": doc.organization_id,
        "audience": doc.audience,
        "network_id": doc.network_id,
        "company_id": doc.company_id,
        "engagement_id": doc.engagement_id,
        "title": (doc.title or "")[:300],
        "body": doc.body or "",
        "industry_code": doc.industry_code or "",
        "size_band": doc.size_band or "",
        "walls": " ".join(doc.walls)[:100],
        "step": doc.step,
        "tokens": " ".join([text, *scope_tokens_of(doc)]),
    }


class IndexWriter:
    """The index writer (core.search_sources.SearchWriter)."""

    def index(self, source: SearchSource, instance) -> None:
        doc = source.document(instance)
        if doc is None:
            self.remove(source, instance.pk)
            return
        SearchDocument.objects.update_or_create(
            kind=source.kind, object_id=instance.pk, defaults=_row_values(doc)
        )

    def remove(self, source: SearchSource, object_id: int) -> None:
        SearchDocument.objects.filter(kind=source.kind, object_id=object_id).delete()


def rebuild(kinds: list[str] | None = None, *, chunk: int = 2000, out=None) -> dict[str, int]:
    """Rewrite the index of the given kinds (all registered sources by default) from the records.
    Each kind is replaced in one transaction: a search during the rebuild sees the old or the new."""
    counts: dict[str, int] = {}
    for kind, source in search_sources.sources().items():
        if kinds and kind not in kinds:
            continue
        with transaction.atomic():
            SearchDocument.objects.filter(kind=kind).delete()
            batch: list[SearchDocument] = []
            count = 0
            for instance in source.records().iterator(chunk_size=chunk):
                doc = source.document(instance)
                if doc is None:
                    continue
                batch.append(SearchDocument(kind=kind, object_id=instance.pk, **_row_values(doc)))
                if len(batch) >= chunk:
                    SearchDocument.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            SearchDocument.objects.bulk_create(batch)
            counts[kind] = count + len(batch)
        if out is not None:
            out(f"{source.label}: {counts[kind]}件")
    return counts


# --- synonyms ----------------------------------------------------------------------------------


def synonym_groups_for(organization_id: int | None) -> list[tuple[str, ...]]:
    extra = []
    if organization_id:
        extra = [s.word_list for s in SearchSynonym.objects.filter(organization_id=organization_id)]
    return textsearch.synonym_groups(extra)


# --- reading -----------------------------------------------------------------------------------


def may_search(membership) -> bool:
    return membership is not None and membership.is_active and membership.role in SUPPORT_SIDE_ROLES


def _company_tokens(membership, companies) -> list[str]:
    ids = list(companies.values_list("pk", flat=True)[: MAX_COMPANY_TOKENS + 1])
    if len(ids) > MAX_COMPANY_TOKENS:
        return [f"zi{membership.organization_id}"]
    return [f"zc{pk}" for pk in ids]


def scope_tokens(membership, scope: str = "all") -> list[str]:
    """The scope tokens a membership's search matches (any of them); empty: nothing can be found."""
    if not may_search(membership):
        return []
    org_id = membership.organization_id
    if membership.role in (Role.ORG_ADMIN, Role.VIEWER):
        internal = [f"zi{org_id}"]
    else:
        internal = _company_tokens(membership, Company.objects.visible_to(membership))
    own_published = [f"zp{org_id}"]
    network = [f"zn{n}" for n in sorted(network_ids_of(org_id))]
    if scope == "organization":
        return internal + own_published
    if scope == "network":
        return network
    if scope == "mine":
        return _company_tokens(
            membership, Company.objects.filter(organization_id=org_id, supporters=membership.user_id)
        )
    return internal + own_published + network


def visible_documents(membership, scope: str = "all"):
    """The index rows this membership may find, narrowed to a scope (SCOPES)."""
    if not may_search(membership):
        return SearchDocument.objects.none()
    org_id = membership.organization_id
    companies = Company.objects.visible_to(membership).values("pk")
    internal = Q(audience=AUDIENCE_COMPANY, organization_id=org_id, company_id__in=companies)
    own_published = Q(audience__in=(AUDIENCE_ORGANIZATION, AUDIENCE_NETWORK), organization_id=org_id)
    networks = sorted(network_ids_of(org_id))
    network = Q(audience=AUDIENCE_NETWORK, network_id__in=networks) if networks else Q(pk__in=[])
    if scope == "organization":
        condition = internal | own_published
    elif scope == "network":
        condition = network
    elif scope == "mine":
        mine = Company.objects.filter(organization_id=org_id, supporters=membership.user_id).values("pk")
        condition = Q(audience=AUDIENCE_COMPANY, organization_id=org_id, company_id__in=mine)
    else:
        condition = internal | own_published | network
    return SearchDocument.objects.filter(condition)


@dataclass(frozen=True)
class SearchFilters:
    scope: str = "all"
    industry: str = ""  # a ロカベン code (4 digits) or a major group (2 digits)
    size: str = ""
    wall: str = ""
    step: int | None = None
    kind: str = ""


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    object_id: int
    title_html: str
    snippet_html: str
    url: str
    industry: str
    step: int | None
    own_organization: bool
    rank: float


def _matching(queryset, query: textsearch.Query, scope: list[str]):
    """The queryset narrowed to the documents matching the query within the scope tokens, with
    `search_rank` (higher is better)."""
    return match_expression(queryset, query.to_fts5(), query.to_tsquery(), scope)


def match_expression(queryset, fts: str, tsquery: str, scope: list[str]):
    """Narrow to the documents matching an FTS5 / tsquery expression and any of the scope tokens."""
    if not scope:
        return queryset.none().extra(select={"search_rank": "0"})
    fts = f"({fts}) AND ({' OR '.join(scope)})"
    tsquery = f"({tsquery}) & ({' | '.join(scope)})"
    if connection.vendor == "postgresql":
        return queryset.extra(
            select={"search_rank": "ts_rank(knowledge_searchdocument.tsv, to_tsquery('simple', %s))"},
            select_params=[tsquery],
            where=["knowledge_searchdocument.tsv @@ to_tsquery('simple', %s)"],
            params=[tsquery],
        )
    # SQLite FTS5: bm25() is lower for better matches; negated so both backends sort descending.
    return queryset.extra(
        select={"search_rank": f"-bm25({FTS_TABLE})"},
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = knowledge_searchdocument.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts],
    )


def _filtered(queryset, filters: SearchFilters):
    if filters.industry:
        if len(filters.industry) == 2:
            queryset = queryset.filter(industry_code__startswith=filters.industry)
        else:
            queryset = queryset.filter(industry_code=filters.industry)
    if filters.size:
        queryset = queryset.filter(size_band=filters.size)
    if filters.wall:
        queryset = queryset.filter(walls__contains=filters.wall)
    if filters.step:
        queryset = queryset.filter(step=filters.step)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset


def parse(membership, text: str) -> textsearch.Query:
    """The query with the seed synonyms and the organization's own; QueryError when unsearchable."""
    return textsearch.parse_query(text, synonyms=synonym_groups_for(membership.organization_id))


def search_queryset(membership, text: str, filters: SearchFilters):
    """The parsed query and the ranked queryset of matching documents (QueryError when unsearchable)."""
    query = parse(membership, text)
    scope = scope_tokens(membership, filters.scope)
    queryset = _filtered(visible_documents(membership, filters.scope), filters)
    # Rank at most MAX_RANKED matches: a word found in tens of thousands of records would otherwise
    # rank (and re-check) every one of them. The candidates are taken without ordering, so the
    # database stops at MAX_RANKED; a count of MAX_RANKED means "that many or more".
    candidates = list(_matching(queryset, query, scope).values_list("id", flat=True)[:MAX_RANKED])
    ranked = _matching(SearchDocument.objects.filter(id__in=candidates), query, scope)
    return query, ranked.order_by("-search_rank", "-id")


def search(membership, text: str, *, filters: SearchFilters | None = None, page=1, per_page=PER_PAGE):
    """One page of ranked hits (a Django Page whose object_list is a list of Hit).
    Raises textsearch.QueryError (with its Japanese message) for an unsearchable query."""
    query, queryset = search_queryset(membership, text, filters or SearchFilters())
    columns = (
        "id",
        "kind",
        "object_id",
        "organization_id",
        "company_id",
        "engagement_id",
        "title",
        "body",
        "industry_code",
        "step",
    )
    paginator = Paginator(queryset.only(*columns), per_page)
    result = paginator.get_page(page_number(page))
    slug = membership.organization.slug
    needles = query.needles
    result.object_list = [_hit(row, needles, slug, membership.organization_id) for row in result.object_list]
    result.query = query
    result.capped = paginator.count >= MAX_RANKED
    return result


def _hit(row, needles, org_slug: str, org_id: int) -> Hit:
    source = search_sources.source(row.kind)
    own = row.organization_id == org_id
    url = ""
    if source is not None:
        try:
            url = source.url(org_slug, row)
        except NoReverseMatch:  # a source whose page moved: the hit is still listed, without a link
            url = ""
    return Hit(
        kind=row.kind,
        kind_label=source.label if source else row.kind,
        object_id=row.object_id,
        title_html=textsearch.highlight(row.title, needles, width=300),
        snippet_html=textsearch.highlight(row.body, needles, width=140),
        url=url,
        industry=industry_label(row.industry_code) if row.industry_code else "",
        step=row.step,
        own_organization=own,
        rank=float(getattr(row, "search_rank", 0) or 0),
    )
