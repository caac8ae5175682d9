"""What the knowledge area's own search sources (cases, consultations) share: records of one
organization that may be addressed to a network, and result links to pages that may not be installed."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from banso.core.search_sources import AUDIENCE_NETWORK, AUDIENCE_ORGANIZATION, SearchDocument


def network_or_organization_document(kind: str, record, *, to_network: bool, **fields) -> SearchDocument:
    """The document of `record` (with `organization_id` and `network_id`): found by the support side of
    its organization and, when `to_network`, of the network's organizations too."""
    return SearchDocument(
        kind=kind,
        object_id=record.pk,
        organization_id=record.organization_id,
        audience=AUDIENCE_NETWORK if to_network else AUDIENCE_ORGANIZATION,
        network_id=record.network_id if to_network else None,
        **fields,
    )


def page_url(url_name: str):
    """A source's `url`: the page `url_name` of the result's record, or "" where those pages are not
    installed."""

    def url(org_slug: str, row) -> str:
        try:
            return reverse(url_name, kwargs={"org": org_slug, "pk": row.object_id})
        except NoReverseMatch:
            return ""

    return url
