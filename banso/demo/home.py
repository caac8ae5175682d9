"""Demo data for the supporter's home (今日やること): the few alert kinds the other builders leave
without an example on the demo day — a dialogue planned in the coming days, a follow-up and a
monitoring due within the week, and a plan whose months have no actuals yet. Idempotent; everything
goes through the areas' domain functions (or, for a due date, the schedule's own rows)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.core.records import save_audited
from banso.engagements.domain import dialogues as dialogue_domain
from banso.engagements.domain import followups as followup_domain
from banso.engagements.models import Dialogue, Engagement, FollowUp
from banso.monitoring.domain import plans as plan_domain
from banso.monitoring.engines.months import Month
from banso.monitoring.models import ImprovementPlan, MonitoringDue, MonitoringSchedule

PLANNED_TITLE = "月次の社長面談（予定）"
# Not 丸山精工: its engagement is the demo of recorded dialogues (every one with notes, none ahead).
PLANNED_COMPANY = "株式会社遠州機械製作所"
NEW_PLAN_COMPANY = "株式会社清水建設工業"
NEW_PLAN_TITLE = "経営改善計画（実績の入力待ち）"


def _company(context, name):
    return next((c for c in context["bank_companies"] if c.name == name), None)


def build(context: dict) -> None:
    advisor = context["users"]["advisor"]
    today = timezone.localdate()
    _planned_dialogue(context, advisor, today)
    _follow_up_soon(advisor, today)
    _monitoring_due_soon(advisor, today)
    _plan_without_actuals(context, advisor, today)


def _planned_dialogue(context, advisor, today):
    company = _company(context, PLANNED_COMPANY)
    engagement = (
        Engagement.objects.filter(company=company, status="active").order_by("-started_on").first()
        if company
        else None
    )
    if engagement is None or Dialogue.objects.filter(engagement=engagement, title=PLANNED_TITLE).exists():
        return
    when = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=3), dt.time(14, 0)))
    dialogue_domain.record_dialogue(
        engagement,
        by=engagement.lead_supporter,
        held_at=when,
        duration_minutes=60,
        title=PLANNED_TITLE,
        agreements="次回は、工程ごとの段取り時間の記録を一緒に確認する。",
    )


def _follow_up_soon(advisor, today):
    engagement = Engagement.objects.filter(status="follow_up", company__supporters=advisor).first()
    if engagement is None:
        return
    soon = today + dt.timedelta(days=5)
    if FollowUp.objects.filter(engagement=engagement, scheduled_on=soon).exists():
        return
    if FollowUp.objects.filter(engagement=engagement, done_on__isnull=True, scheduled_on__lte=soon).exists():
        return
    followup_domain.add_follow_up(engagement, by=engagement.lead_supporter, scheduled_on=soon)


def _monitoring_due_soon(advisor, today):
    schedule = MonitoringSchedule.objects.order_by("pk").first()
    if schedule is None:
        return
    soon = today + dt.timedelta(days=4)
    if MonitoringDue.objects.filter(schedule=schedule, done_on__isnull=True, due_on__lte=soon).exists():
        return
    if not MonitoringDue.objects.filter(schedule=schedule, due_on=soon).exists():
        due = MonitoringDue(schedule=schedule, due_on=soon, kind=MonitoringDue.Kind.INTERIM)
        save_audited(due, by=advisor)


def _plan_without_actuals(context, advisor, today):
    company = _company(context, NEW_PLAN_COMPANY)
    if company is None or ImprovementPlan.objects.filter(company=company).exists():
        return
    start = Month.of(today) - 1
    while start.month != company.fiscal_year_end_month % 12 + 1:
        start = start - 1
    plan_domain.create_plan(company, by=advisor, title=NEW_PLAN_TITLE, start_month=start, years=3)
