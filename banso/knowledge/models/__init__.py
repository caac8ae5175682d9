"""The knowledge area's models, one module per concept."""

from banso.knowledge.models.networks import Network, NetworkMembership
from banso.knowledge.models.search import SearchDocument, SearchSynonym

__all__ = ["Network", "NetworkMembership", "SearchDocument", "SearchSynonym"]
