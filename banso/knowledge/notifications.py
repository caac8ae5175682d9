"""Telling a consultation's participants (the asker, those who answered or commented) what happened.

The in-app notifications kit (`banso/core/notifications.py`, issue 12) is used when it is installed:
one call per recipient organization, with the link to the consultation under that organization's URL.
Without it the activity log already records each event (domain/consultations.py) and nothing else
happens — this module is the one hook to change.
"""

from __future__ import annotations

import importlib

from django.urls import reverse

from banso.core.text import printable

EVENTS = {
    "answered": "相談「{title}」に新しい回答があります。",
    "commented": "相談「{title}」に新しいコメントがあります。",
    "accepted": "相談「{title}」で回答が採用されました。",
}
KIND = "knowledge.consultation"


def participants(consultation) -> dict[int, list]:
    """{organization id: [users]} of the asker and everyone who answered or commented (not hidden)."""
    from banso.orgs.models import Membership

    user_ids = {consultation.author_id}
    user_ids |= set(consultation.answers.filter(hidden_at__isnull=True).values_list("author_id", flat=True))
    user_ids |= set(consultation.comments.filter(hidden_at__isnull=True).values_list("author_id", flat=True))
    readers = {consultation.organization_id}
    if consultation.network_id:
        readers |= set(consultation.network.memberships.values_list("organization_id", flat=True))
    by_org: dict[int, list] = {}
    memberships = Membership.objects.filter(
        user_id__in=user_ids, organization_id__in=readers, is_active=True
    ).select_related("user", "organization")
    for membership in memberships:
        if membership.is_company_side:
            continue
        by_org.setdefault(membership.organization_id, [membership.organization, []])[1].append(
            membership.user
        )
    return by_org


def _kit():
    try:
        return importlib.import_module("banso.core.notifications")
    except ImportError:
        return None


def tell_participants(consultation, *, event: str, by) -> int:
    """Notify the participants (never the actor). Returns how many were notified (0 without the kit)."""
    kit = _kit()
    if kit is None or not hasattr(kit, "notify"):
        return 0
    text = EVENTS[event].format(title=printable(consultation.title))
    sent = 0
    for organization, users in participants(consultation).values():
        link = reverse(
            "knowledge:consultation_detail", kwargs={"org": organization.slug, "pk": consultation.pk}
        )
        sent += len(
            kit.notify(users, kind=KIND, text=text, link=link, organization=organization, by=by) or []
        )
    return sent
