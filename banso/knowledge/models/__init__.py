"""The knowledge area's models, one module per concept."""

from banso.knowledge.models.consultations import Answer, Comment, Consultation, Vote
from banso.knowledge.models.networks import Network, NetworkMembership
from banso.knowledge.models.questions import BankItem

__all__ = ["Answer", "BankItem", "Comment", "Consultation", "Network", "NetworkMembership", "Vote"]
