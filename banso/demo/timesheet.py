"""The 従事時間管理表's demo data: the supporter's logged work (preparation, travel, report writing) on
丸山精工's engagement, beside the dialogues' durations. Dated in the past; idempotent."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from banso.engagements.domain.worklogs import add_work_log
from banso.engagements.models import Engagement, WorkLog
from banso.orgs.models import Membership

ENTRIES = (
    # (days ago, kind, minutes, note)
    (12, "preparation", 60, "月次面談の資料準備（試算表と資金繰り表の確認）"),
    (11, "travel", 50, "本店から工場への移動（往復）"),
    (10, "report", 90, "モニタリング報告書の下書き"),
    (4, "preparation", 45, "タスクチームの論点整理"),
)


def build(context: dict) -> None:
    User = get_user_model()
    advisor = User.objects.filter(username="advisor").first()
    membership = Membership.objects.filter(user__username="owner", role="owner").first()
    if advisor is None or membership is None:
        return
    engagement = (
        Engagement.objects.filter(company_id=membership.company_id, status="active")
        .select_related("company")
        .order_by("-started_on")
        .first()
    )
    if engagement is None or WorkLog.objects.filter(engagement=engagement).exists():
        return
    today = timezone.localdate()
    for days, kind, minutes, note in ENTRIES:
        day = today - dt.timedelta(days=days)
        if engagement.started_on and day < engagement.started_on:
            continue
        add_work_log(engagement, by=advisor, worked_on=day, kind=kind, minutes=minutes, note=note)
