"""The knowledge area's models, one module per concept."""

from banso.knowledge.models.cases import (
    CaseDraft,
    CaseReviewer,
    CaseScope,
    CaseStatus,
    PublishedCase,
)
from banso.knowledge.models.networks import Network, NetworkMembership
from banso.knowledge.models.search import SearchDocument, SearchSynonym

__all__ = [
    "CaseDraft",
    "CaseReviewer",
    "CaseScope",
    "CaseStatus",
    "Network",
    "NetworkMembership",
    "PublishedCase",
    "SearchDocument",
    "SearchSynonym",
]
