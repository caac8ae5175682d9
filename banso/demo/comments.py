"""Comments and notifications in the demo: the owner of 丸山精工 (`owner`) and the advisor have a short
message thread on the action the owner is working on; the advisor has it (and the owner's PDCA entry,
banso/demo/portal.py) unread under the bell. Idempotent: nothing is added when the thread exists."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from banso.comments.domain import post_comment
from banso.comments.models import Comment
from banso.core.models import ActivityLog, Notification
from banso.engagements.models import Action
from banso.orgs.models import Membership

THREAD = [
    (
        "owner",
        "原価計算の途中ですが、材料費の単価はいつ時点のものを使えばよいでしょうか？仕入先ごとに違っていて迷っています。",
        4,
    ),
    (
        "advisor",
        "直近3か月の平均単価で揃えましょう。仕入先ごとの差は、次のタスクチームで一覧にして見比べます。",
        3,
    ),
    ("owner", "ありがとうございます。平均単価で残り4品目も計算してみます。見積基準の案も持っていきます。", 1),
]


def build(context: dict) -> None:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["owner", "advisor"])}
    owner_membership = Membership.objects.filter(user__username="owner", role="owner").first()
    if len(users) < 2 or owner_membership is None:
        return
    advisor_membership = Membership.objects.filter(
        user__username="advisor", organization_id=owner_membership.organization_id
    ).first()
    action = (
        Action.objects.visible_to(owner_membership)
        .filter(status="in_progress")
        .order_by("due_on", "id")
        .first()
    )
    if action is None or advisor_membership is None:
        return
    if Comment.objects.filter(kind="action", object_id=action.pk).exists():
        return
    memberships = {"owner": owner_membership, "advisor": advisor_membership}
    now = timezone.now()
    for username, body, days_ago in THREAD:
        comment = post_comment(
            memberships[username], by=users[username], kind="action", object_id=action.pk, body=body
        )
        # The thread was written over the last few days (never on the seeding day itself).
        at = now - dt.timedelta(days=days_ago, hours=2)
        Comment.objects.filter(pk=comment.pk).update(created_at=at, updated_at=at)
        Comment.history.filter(id=comment.pk).update(history_date=at)
        ActivityLog.objects.filter(code="comment.posted", data__comment_id=comment.pk).update(created_at=at)
        Notification.objects.filter(created_at__gte=now, text__contains=body[:20]).update(created_at=at)
    # The owner's PDCA entry (banso/demo/portal.py) was written three days ago: so was its notification.
    Notification.objects.filter(
        recipient=users["advisor"], kind="action.company_update", created_at__gte=now - dt.timedelta(hours=1)
    ).update(created_at=now - dt.timedelta(days=3))
    # The owner has read the advisor's reply; the advisor has not opened the bell yet.
    Notification.objects.filter(recipient=users["owner"]).update(read_at=now)
