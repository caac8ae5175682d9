"""今日やること: each alert kind appears for the right data, never for another organization's, and the
providers' query count does not grow with the number of companies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from banso.core.alerts import alert_kinds
from banso.home import queries
from banso.monitoring.models import MonthlyActual
from banso.orgs.models import Membership
from tests.factories import CompanyFactory
from tests.home.world import ALL_KINDS, every_alert

pytestmark = pytest.mark.django_db


def _membership(user):
    return Membership.objects.select_related("organization").get(user=user)


def test_every_kind_is_registered():
    assert {k.code for k in alert_kinds()} == ALL_KINDS


def test_each_kind_appears_for_its_data(supporter, company):
    every_alert(company, by=supporter)
    alerts = queries.alerts_for(_membership(supporter))
    assert {a.kind for a in alerts} == ALL_KINDS
    assert all(a.company_id == company.pk for a in alerts)
    by_kind = {a.kind: a for a in alerts}
    assert "見積書の様式を統一する" in by_kind["action_overdue"].text
    assert by_kind["action_overdue"].severity == "high"
    assert "/engagements/" in by_kind["action_overdue"].url
    assert by_kind["followup_due"].severity == "medium"  # in 3 days, not overdue
    assert "次回の面談" in by_kind["dialogue_planned"].text
    assert "最後の対話から60日" in by_kind["no_dialogue"].text
    assert by_kind["monitoring_due"].severity == "high"
    assert "売上高" in by_kind["gap_repeating"].text and "2か月" in by_kind["gap_repeating"].text
    assert by_kind["cash_shortfall"].url.endswith("/monitoring/cashflow/")
    assert "未入力" in by_kind["actuals_missing"].text
    # Most urgent first.
    assert [a.severity for a in alerts] == sorted(
        (a.severity for a in alerts), key=["high", "medium", "low"].index
    )


def test_nothing_of_another_organization(supporter, outsider, company, foreign_company):
    every_alert(foreign_company, by=outsider)
    assert queries.alerts_for(_membership(supporter)) == []
    assert {a.company_id for a in queries.alerts_for(_membership(outsider))} == {foreign_company.pk}


def test_a_supporter_sees_only_assigned_companies(supporter, colleague, admin_user, company):
    every_alert(company, by=supporter)
    assert queries.alerts_for(_membership(colleague)) == []
    assert {a.kind for a in queries.alerts_for(_membership(admin_user))} == ALL_KINDS


def test_company_side_users_get_no_alerts(owner, supporter, company):
    every_alert(company, by=supporter)
    assert queries.alerts_for(_membership(owner)) == []


def test_resolved_data_raises_nothing(supporter, company):
    """Done actions, recorded follow-ups and dues, recent dialogue and entered actuals: no alert."""
    engagement = every_alert(company, by=supporter)
    today = timezone.localdate()
    engagement.actions.update(status="done")
    engagement.follow_ups.update(done_on=today)
    engagement.dialogues.filter(title="次回の面談").delete()
    engagement.dialogues.update(held_at=timezone.now() - dt.timedelta(days=3))
    from banso.monitoring.models import MonitoringDue

    MonitoringDue.objects.update(done_on=today)
    from banso.monitoring.engines.months import Month

    for back in range(1, 7):
        MonthlyActual.objects.create(
            company=company, month=(Month.of(today) - back).first_day, line="net_sales", amount=1
        )
    kinds = {a.kind for a in queries.alerts_for(_membership(supporter))}
    assert kinds == {"gap_repeating", "cash_shortfall"}


def test_thresholds_are_organization_settings(supporter, company, org):
    from banso.home.models import AlertSettings

    every_alert(company, by=supporter)
    AlertSettings.objects.create(organization=org, due_soon_days=1, no_dialogue_days=90)
    kinds = {a.kind for a in queries.alerts_for(_membership(supporter))}
    # The follow-up in 3 days and the dialogue in 2 are beyond 1 day; 60 days of silence is under 90.
    assert not kinds & {"followup_due", "dialogue_planned", "no_dialogue"}
    assert "action_overdue" in kinds


def test_kind_and_supporter_filters(admin_user, supporter, colleague, company, org):
    every_alert(company, by=supporter)
    other = CompanyFactory(organization=org, supporters=[colleague])
    every_alert(other, by=colleague, what="在庫を数える")
    admin = _membership(admin_user)
    only = queries.alerts_for(admin, kinds=["action_overdue"], supporter_id=colleague.pk)
    assert [a.text.split("」")[0] for a in only] == ["「在庫を数える"]


def test_query_count_does_not_grow_with_companies(supporter, org, django_assert_max_num_queries):
    """3 companies and 30 companies with every kind of alert: the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    membership = _membership(supporter)
    counts = []
    for add in (3, 27):
        for _ in range(add):
            every_alert(CompanyFactory(organization=org, supporters=[supporter]), by=supporter)
        with CaptureQueriesContext(connection) as captured:
            alerts = queries.alerts_for(membership)
        counts.append(len(captured))
        assert {a.kind for a in alerts} == ALL_KINDS
    assert len({a.company_id for a in alerts}) == 30
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[0]):
        queries.alerts_for(membership)
