"""The engagements area's provider for core.engagement_links (other areas link to engagements and
their actions by id without importing this area). The company is already visible to the caller."""

from __future__ import annotations

from banso.core.engagement_links import ActionRef, EngagementProvider, EngagementRef
from banso.engagements.models import Action, Engagement


def engagements_of(company) -> list[EngagementRef]:
    return [
        EngagementRef(id=e.pk, title=str(e), kind=e.kind, started_on=e.started_on, status=e.status)
        for e in Engagement.objects.filter(company=company).order_by("-started_on", "-id")
    ]


def actions_of(company) -> list[ActionRef]:
    actions = Action.objects.filter(engagement__company=company).order_by("engagement_id", "due_on", "id")
    return [
        ActionRef(id=a.pk, engagement_id=a.engagement_id, label=a.what, due_on=a.due_on, status=a.status)
        for a in actions
    ]


PROVIDER = EngagementProvider(engagements_of=engagements_of, actions_of=actions_of)
