"""Engagement models, one module per concept (see banso/engagements/README.md).

Import order matters only for simple-history's many-to-many history: a model is imported after the
models its tracked many-to-many fields point to.
"""

from banso.engagements.models.actions import Action, ActionReview
from banso.engagements.models.dialogue import Dialogue, DialogueAttachment, DialogueDraft
from banso.engagements.models.engagement import Engagement, EngagementMember
from banso.engagements.models.followups import FollowUp, OutcomeBaseline
from banso.engagements.models.issues import IssueNode
from banso.engagements.models.referrals import Referral, SupportBody
from banso.engagements.models.reflections import Reflection
from banso.engagements.models.stakeholders import Stakeholder
from banso.engagements.models.steps import StepCheck, StepTransition
from banso.engagements.models.suitability import GoNoGoDecision, SuitabilityRating
from banso.engagements.models.surveys import SatisfactionSurvey
from banso.engagements.models.walls import WallAssessment

__all__ = [
    "Action",
    "ActionReview",
    "Dialogue",
    "DialogueAttachment",
    "DialogueDraft",
    "Engagement",
    "EngagementMember",
    "FollowUp",
    "GoNoGoDecision",
    "IssueNode",
    "OutcomeBaseline",
    "Referral",
    "Reflection",
    "SatisfactionSurvey",
    "Stakeholder",
    "StepCheck",
    "StepTransition",
    "SuitabilityRating",
    "SupportBody",
    "WallAssessment",
]
