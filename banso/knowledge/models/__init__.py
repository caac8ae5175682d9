"""The knowledge area's models, one module per concept."""

from banso.knowledge.models.cases import (
    CaseDraft,
    CaseReviewer,
    CaseScope,
    CaseStatus,
    PublishedCase,
)
from banso.knowledge.models.consultations import Answer, Comment, Consultation, Vote
from banso.knowledge.models.networks import Network, NetworkMembership
from banso.knowledge.models.questions import BankItem
from banso.knowledge.models.search import SearchDocument, SearchSynonym

__all__ = [
    "Answer",
    "BankItem",
    "CaseDraft",
    "CaseReviewer",
    "CaseScope",
    "CaseStatus",
    "Comment",
    "Consultation",
    "Network",
    "NetworkMembership",
    "PublishedCase",
    "SearchDocument",
    "SearchSynonym",
    "Vote",
]
