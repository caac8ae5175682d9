"""The public programmes of the monitoring demo (docs/domain.md §5.1): a 405事業 engagement for
株式会社みなと水産加工 and an 早期経営改善計画 engagement for 株式会社東海ケミカル, each opened through the
engagements domain; their plans link to them (records.py). Each gets its monitoring schedule with a
report due within the next 30 days (the 期中 month is chosen from today so the demo stays current);
the points already past are recorded as done with their fee."""

from __future__ import annotations

import datetime as dt

from banso.engagements import domain as engagement_domain
from banso.engagements.models import Engagement
from banso.monitoring.domain import schedules as schedule_domain
from banso.monitoring.engines import schedule as schedule_engine
from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonitoringSchedule

DUE_SOON_DAYS = 30
# The fee recorded for each monitoring already done (within both programmes' caps).
FEE_DONE = {"early_plan": 50_000, "plan_405": 200_000}

# company, kind, title, started (days before today), planned months
PROGRAMMES = [
    ("株式会社みなと水産加工", "plan_405", "経営改善計画策定支援（405事業）とモニタリング", 820, 36),
    ("株式会社東海ケミカル", "early_plan", "早期経営改善計画の策定とモニタリング", 640, 24),
]


def programme_engagement(context: dict, company, *, today: dt.date) -> Engagement | None:
    """The company's programme engagement, opened once (None for a company without one)."""
    spec = next((p for p in PROGRAMMES if p[0] == company.name), None)
    if spec is None:
        return None
    _, kind, title, started, months = spec
    existing = Engagement.objects.filter(company=company, title=title).first()
    if existing is not None:
        return existing
    advisor = context["users"]["advisor"]
    return engagement_domain.start_engagement(
        company,
        by=advisor,
        kind=kind,
        title=title,
        started_on=today - dt.timedelta(days=started),
        planned_months=months,
        lead_supporter=advisor,
    )


def _rule_with_a_due_soon(kind: str, end_month: int, first_fiscal_years, today: dt.date):
    """(plan fiscal year end, interim months) whose schedule has a point due within 30 days — or, on
    the days no rule can give one (a point falls due at a month's end, and the month after the 決算月
    never holds one: for a 3月決算 all of April until the 30th), a point that fell due within the last
    30 days, which the demo leaves open (overdue)."""
    rules = [
        (Month(fiscal_year, end_month).last_day, interim)
        for fiscal_year in first_fiscal_years
        for interim in [(), *[(m,) for m in range(1, 13) if m != end_month]]
    ]
    soon = dt.timedelta(days=DUE_SOON_DAYS)
    for window in ((today, today + soon), (today - soon, today)):
        for fye, interim in rules:
            rule = schedule_engine.rule_for(kind, plan_fiscal_year_end=fye, interim_months=interim)
            if any(window[0] <= p.due_on <= window[1] for p in schedule_engine.due_points(rule)):
                return fye, interim
    raise AssertionError("no monitoring point falls due within 30 days either way")  # pragma: no cover


def build_schedule(context: dict, company, engagement: Engagement, *, first_fiscal_year: int, today):
    """The engagement's monitoring schedule, once: a point due soon, earlier points done (or, when no
    point can fall due soon, the one just fallen due left open)."""
    if MonitoringSchedule.objects.filter(engagement_id=engagement.pk).exists():
        return
    advisor = context["users"]["advisor"]
    end_month = company.fiscal_year_end_month
    candidates = [first_fiscal_year, first_fiscal_year + 1, first_fiscal_year + 2]
    if engagement.kind == "early_plan":  # one year of monitoring: this year's or next year's
        current = Month.of(today).fiscal_year(end_month)
        candidates = [current, current - 1, current + 1]
    fye, interim = _rule_with_a_due_soon(engagement.kind, end_month, candidates, today)
    schedule = schedule_domain.create_schedule(
        company, by=advisor, engagement_id=engagement.pk, plan_fiscal_year_end=fye, interim_months=interim
    )
    dues = list(schedule.dues.order_by("due_on"))
    past = [due for due in dues if due.due_on < today]
    if not any(today <= due.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS) for due in dues):
        past = past[:-1]  # none due soon: the one just fallen due stays open (overdue)
    for due in past:
        schedule_domain.record_done(
            due,
            by=advisor,
            version=due.version,
            done_on=due.due_on - dt.timedelta(days=5),
            report_id=None,
            fee_yen=FEE_DONE[engagement.kind],
        )
