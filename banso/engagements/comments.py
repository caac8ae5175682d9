"""The action's comment thread (core.commentables): how the comments area loads an action and which
actions a user may see. Registered in EngagementsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse

from banso.core.access import get_visible_or_404
from banso.core.commentables import CommentableKind, CommentTarget
from banso.core.roles import COMPANY_SIDE_ROLES
from banso.engagements.models import Action


def load_action(membership, object_id: int) -> CommentTarget:
    action = get_visible_or_404(
        Action.objects.select_related("engagement__company__organization"), membership, pk=object_id
    )
    engagement = action.engagement
    company = engagement.company
    slug = company.organization.slug
    supporters = {engagement.lead_supporter_id, *company.supporters.values_list("pk", flat=True)}
    support_url = reverse(
        "engagements:action_detail",
        kwargs={"org": slug, "company_pk": company.pk, "engagement_pk": engagement.pk, "pk": action.pk},
    )
    return CommentTarget(
        kind="action",
        object_id=action.pk,
        company_id=company.pk,
        organization_id=company.organization_id,
        title=f"アクション「{action.what}」",
        support_url=support_url,
        portal_url=reverse("portal:action", kwargs={"org": slug, "pk": action.pk}),
        supporter_ids=frozenset(s for s in supporters if s),
    )


def visible_action_ids(membership):
    qs = Action.objects.visible_to(membership)
    if membership is not None and membership.role in COMPANY_SIDE_ROLES:
        # The portal hides the actions of a cancelled engagement; so does their thread.
        qs = qs.exclude(engagement__status="cancelled")
    return qs.values("pk")


ACTION = CommentableKind(code="action", label="アクション", load=load_action, visible_ids=visible_action_ids)
