"""The engagement page of an 早期経営改善計画 / 405事業 engagement shows its monitoring schedule (next due,
overdue, how many done) through the core panel registry — the engagements area does not import
monitoring; other engagements show no such panel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core import engagement_panels
from banso.monitoring.domain import schedules as domain
from banso.monitoring.engagement_panel import monitoring_schedule_panel
from tests.engagements.factories import EngagementFactory

pytestmark = pytest.mark.django_db

FY_END = dt.date(2027, 3, 31)


def detail_url(engagement):
    return reverse(
        "engagements:detail",
        kwargs={
            "org": engagement.company.organization.slug,
            "company_pk": engagement.company_id,
            "engagement_pk": engagement.pk,
        },
    )


def day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def panel_html(body: str) -> str | None:
    match = re.search(
        r'<section[^>]*data-testid="engagement-panel-monitoring-schedule".*?</section>', body, re.S
    )
    return match.group(0) if match else None


def test_summary_names_next_due_and_overdue(supporter, company):
    engagement = EngagementFactory(company=company, kind="plan_405", lead_supporter=supporter)
    schedule = domain.create_schedule(
        company, by=supporter, engagement_id=engagement.pk, plan_fiscal_year_end=FY_END, interim_months=[9]
    )
    first, second, *_ = schedule.dues.order_by("due_on")
    summary = domain.schedule_summary_for_engagement(company, engagement.pk, today=dt.date(2027, 6, 1))
    assert [d.due_on for d in summary.overdue] == [dt.date(2026, 10, 31), dt.date(2027, 5, 31)]
    assert summary.next_due.due_on == dt.date(2027, 10, 31)
    assert (summary.done, summary.total) == (0, 6)
    domain.record_done(
        first, by=supporter, version=first.version, done_on=dt.date(2026, 11, 5), report_id=None, fee_yen=None
    )
    summary = domain.schedule_summary_for_engagement(company, engagement.pk, today=dt.date(2027, 6, 1))
    assert [d.due_on for d in summary.overdue] == [second.due_on]
    assert (summary.done, summary.total) == (1, 6)
    assert (
        domain.schedule_summary_for_engagement(company, engagement.pk + 999, today=dt.date(2027, 6, 1))
        is None
    )


def test_engagement_page_shows_the_schedule_with_overdue_and_next_due(login, supporter, company):
    engagement = EngagementFactory(company=company, kind="plan_405", lead_supporter=supporter)
    schedule = domain.create_schedule(
        company, by=supporter, engagement_id=engagement.pk, plan_fiscal_year_end=FY_END, interim_months=[9]
    )
    today = timezone.localdate()
    # Put the first point in the past (overdue) and every other one in the future.
    dues = list(schedule.dues.order_by("due_on"))
    past = today - dt.timedelta(days=10)
    type(dues[0]).objects.filter(pk=dues[0].pk).update(due_on=past)
    for i, due in enumerate(dues[1:], start=1):
        type(due).objects.filter(pk=due.pk).update(due_on=today + dt.timedelta(days=30 * i))
    response = login(supporter).get(detail_url(engagement))
    assert response.status_code == 200
    panel = panel_html(response.content.decode())
    assert panel is not None
    assert "モニタリング予定（経営改善計画（405事業））" in panel
    assert f"{day(past)}（期中）" in panel and "期限切れ" in panel
    assert f"{day(today + dt.timedelta(days=30))}" in panel and "あと30日" in panel
    assert "0回 / 全6回" in panel
    assert (
        reverse("monitoring:schedules", kwargs={"org": company.organization.slug, "company_pk": company.pk})
        in panel
    )


def test_programme_engagement_without_schedule_offers_to_create_one(login, supporter, viewer, company):
    engagement = EngagementFactory(company=company, kind="early_plan", lead_supporter=supporter)
    panel = panel_html(login(supporter).get(detail_url(engagement)).content.decode())
    assert "モニタリング予定（早期経営改善計画）" in panel
    assert "まだありません" in panel
    assert f"schedules/new/?engagement={engagement.pk}" in panel or f"?engagement={engagement.pk}" in panel
    viewer_panel = panel_html(login(viewer).get(detail_url(engagement)).content.decode())
    assert viewer_panel is not None and f"?engagement={engagement.pk}" not in viewer_panel


def test_other_engagements_show_no_monitoring_panel(login, supporter, company):
    engagement = EngagementFactory(company=company, kind="process", lead_supporter=supporter)
    body = login(supporter).get(detail_url(engagement)).content.decode()
    assert panel_html(body) is None


def test_the_panel_comes_from_the_registry():
    assert monitoring_schedule_panel in engagement_panels._providers
