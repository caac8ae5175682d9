"""The engagements area's part of a supporter's handover (core.member_handover): the open
engagements (候補・進行中・フォローアップ) they lead or are on the team of, handed to the successor
chosen for the engagement's company (update_engagement: history, `engagement.updated`,
`engagement.team.changed`)."""

from __future__ import annotations

from django.db.models import Q

from banso.core.member_handover import HandoverStep, WorkItem
from banso.engagements.domain.engagements import update_engagement
from banso.engagements.models import Engagement


def _open_work(organization, user):
    return (
        Engagement.objects.open()
        .filter(company__organization=organization)
        .filter(Q(lead_supporter=user) | Q(memberships__user=user))
        .select_related("company")
        .distinct()
        .order_by("company__name_kana", "started_on", "id")
    )


def items_of(organization, user) -> list[WorkItem]:
    items = []
    for e in _open_work(organization, user):
        role = "主担当" if e.lead_supporter_id == user.pk else "チーム"
        items.append(WorkItem(company_id=e.company_id, company_name=e.company.name, label=f"{e}（{role}）"))
    return items


def move(organization, *, from_user, successors: dict, by, membership) -> int:
    moved = 0
    for engagement in _open_work(organization, from_user).prefetch_related("members"):
        successor = successors.get(engagement.company_id)
        if successor is None:
            continue
        others = [u for u in engagement.members.all() if u.pk not in (from_user.pk, successor.pk)]
        if engagement.lead_supporter_id == from_user.pk:
            update_engagement(engagement, by=by, lead_supporter=successor, members=others)
        else:
            members = others if engagement.lead_supporter_id == successor.pk else [*others, successor]
            update_engagement(engagement, by=by, members=members)
        moved += 1
    return moved


STEP = HandoverStep(
    key="engagements", label="伴走支援案件（主担当・チーム）", order=20, items_of=items_of, move=move
)
