"""One example of every alert kind for a company, dated from today (shared by the home's tests)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.monitoring.domain import plans as monitoring_plans
from banso.monitoring.engines.months import Month
from banso.monitoring.models import (
    Gap,
    Lender,
    LoanScheduleEntry,
    MonitoringDue,
    MonitoringSchedule,
    MonthlyActual,
)
from tests.engagements.factories import (
    ActionFactory,
    DialogueFactory,
    EngagementFactory,
    FollowUpFactory,
)

ALL_KINDS = {
    "action_overdue",
    "dialogue_planned",
    "followup_due",
    "no_dialogue",
    "monitoring_due",
    "gap_repeating",
    "cash_shortfall",
    "actuals_missing",
}


def every_alert(company, *, by, what="見積書の様式を統一する"):
    """Data that raises each alert kind once for `company`."""
    today = timezone.localdate()
    now = timezone.now()
    engagement = EngagementFactory(
        company=company,
        status="active",
        step=6,
        started_on=today - dt.timedelta(days=200),
        lead_supporter=by,
    )
    ActionFactory(engagement=engagement, due_on=today - dt.timedelta(days=5), what=what)
    FollowUpFactory(engagement=engagement, scheduled_on=today + dt.timedelta(days=3))
    DialogueFactory(engagement=engagement, held_at=now - dt.timedelta(days=60), title="前回の面談")
    DialogueFactory(engagement=engagement, held_at=now + dt.timedelta(days=2), title="次回の面談")
    schedule = MonitoringSchedule.objects.create(
        company=company,
        engagement_id=engagement.pk,
        programme="plan_405",
        plan_fiscal_year_end=today - dt.timedelta(days=40),
    )
    MonitoringDue.objects.create(schedule=schedule, due_on=today - dt.timedelta(days=2), kind="interim")
    this_month = Month.of(today)
    start = this_month - 1  # the plan starts at the latest fiscal year's first month before this month
    while start.month != company.fiscal_year_end_month % 12 + 1:
        start = start - 1
    monitoring_plans.create_plan(company, by=by, title="経営改善計画", start_month=start, years=3)
    for back in (1, 2):
        Gap.objects.create(company=company, line="net_sales", month=(this_month - back).first_day)
    # A known balance (last month's 現預金) the repayment this month cannot be met from: a projection from
    # an unknown balance warns of nothing.
    MonthlyActual.objects.create(
        company=company, month=(this_month - 1).first_day, line="cash_and_deposits", amount=1_000_000
    )
    lender = Lender.objects.create(company=company, name="みなと地域銀行", order=1)
    LoanScheduleEntry.objects.create(lender=lender, month=this_month.first_day, repayment=50_000_000)
    return engagement
