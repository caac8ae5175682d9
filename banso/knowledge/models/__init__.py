"""The knowledge area's models, one module per concept."""

from banso.knowledge.models.networks import Network, NetworkMembership

__all__ = ["Network", "NetworkMembership"]
