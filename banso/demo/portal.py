"""The owner portal's demo data: the owner of 丸山精工 (`owner`) is linked to their place in the
stakeholder map, has a next meeting to look forward to and one entry of their own in the PDCA
history of an action (so the supporter sees what an owner's entry looks like). Idempotent."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from banso.core.records import save_audited
from banso.engagements.domain.actions import review_action_as_company
from banso.engagements.domain.dialogues import record_dialogue
from banso.engagements.models import Action, ActionReview, Engagement
from banso.orgs.models import Membership

NEXT_MEETING_TITLE = "第3回 タスクチーム — 原価計算と段取り替えの進み具合"


def build(context: dict) -> None:
    User = get_user_model()
    owner_user = User.objects.filter(username="owner").first()
    advisor = User.objects.filter(username="advisor").first()
    membership = (
        Membership.objects.filter(user=owner_user, role="owner").select_related("organization").first()
    )
    if owner_user is None or advisor is None or membership is None:
        return
    engagement = (
        Engagement.objects.filter(company_id=membership.company_id, status="active")
        .order_by("-started_on")
        .first()
    )
    if engagement is None:
        return
    stakeholder = engagement.stakeholders.filter(role="owner").first()
    if stakeholder is not None and stakeholder.user_id is None:
        stakeholder.user = owner_user
        save_audited(stakeholder, by=advisor, bump_version=True)
    if not engagement.dialogues.filter(title=NEXT_MEETING_TITLE).exists():
        held_at = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + dt.timedelta(
            days=7
        )
        record_dialogue(
            engagement,
            by=advisor,
            held_at=held_at,
            duration_minutes=90,
            title=NEXT_MEETING_TITLE,
            participants=[stakeholder] if stakeholder else [],
        )
    action = (
        Action.objects.filter(engagement=engagement, status="in_progress").order_by("due_on", "id").first()
    )
    if action is not None and not ActionReview.objects.filter(action=action, by_company=True).exists():
        review_action_as_company(
            membership,
            action.pk,
            by=owner_user,
            status="in_progress",
            result="主要10品目のうち6品目の原価を計算しました。材料費の単価が古いものが多く、見直しています。",
            learning="見積の根拠が曖昧だった品目ほど、赤字受注になっていたことが分かりました。",
            next_step="残り4品目を今月中に計算し、次のタスクチームで見積基準を決めます。",
        )
        # The owner wrote it a few days ago: the demo's story is dated in the past, never on the
        # seeding day (tests/demo/test_engagements_records.py).
        written = timezone.localdate() - dt.timedelta(days=3)
        ActionReview.objects.filter(action=action, by_company=True).update(
            reviewed_on=written, created_at=timezone.now() - dt.timedelta(days=3)
        )
