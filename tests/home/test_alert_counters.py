"""The portfolio's counters (core.alerts AlertRows, counted in SQL) and the home's providers (full
Alerts) must agree: on a mixed dataset every kind's counter names the same companies, as often, as the
provider; the portfolio's per-supporter counts are the providers' alerts counted per supporter."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from banso.core.alerts import alert_counters, collect_alerts
from banso.home import queries
from banso.monitoring.engines.months import Month
from banso.monitoring.models import Gap, MonitoringDue, MonthlyActual
from banso.orgs.models import Membership
from tests.engagements.factories import ActionFactory, DialogueFactory, EngagementFactory, FollowUpFactory
from tests.factories import CompanyFactory
from tests.home.world import ALL_KINDS, every_alert

pytestmark = pytest.mark.django_db


def _membership(user):
    return Membership.objects.get(user=user)


@pytest.fixture
def mixed(org, admin_user, supporter, colleague, company, foreign_company, outsider):
    """Companies raising each kind once, several times, not at all (resolved) and in another
    organization; assigned to one supporter, to two, to none."""
    today = timezone.localdate()
    now = timezone.now()
    this_month = Month.of(today)
    # 1. Every kind once (supporter).
    every_alert(company, by=supporter)
    # 2. Every kind, plus more of some, shared by two supporters.
    shared = CompanyFactory(organization=org, supporters=[supporter, colleague])
    engagement = every_alert(shared, by=colleague, what="在庫を数える")
    ActionFactory(engagement=engagement, due_on=today - dt.timedelta(days=40), what="二つ目の期限切れ")
    ActionFactory(engagement=engagement, due_on=today - dt.timedelta(days=3), status="done")
    ActionFactory(engagement=engagement, due_on=today + dt.timedelta(days=3), what="まだ先")
    FollowUpFactory(engagement=engagement, scheduled_on=today - dt.timedelta(days=9))
    FollowUpFactory(engagement=engagement, scheduled_on=today + dt.timedelta(days=30))
    DialogueFactory(engagement=engagement, held_at=now + dt.timedelta(days=5), title="もう一つの予定")
    DialogueFactory(engagement=engagement, held_at=now + dt.timedelta(days=40), title="先の予定")
    schedule = MonitoringDue.objects.filter(schedule__company=shared).first().schedule
    MonitoringDue.objects.create(
        schedule=schedule, due_on=today + dt.timedelta(days=4), kind="fiscal_year_end"
    )
    MonitoringDue.objects.create(
        schedule=schedule, due_on=today + dt.timedelta(days=60), kind="fiscal_year_end"
    )
    # A second repeating run on another line, a lone month, an old run.
    for back in (1, 2, 3):
        Gap.objects.create(company=shared, line="cost_of_sales", month=(this_month - back).first_day)
    Gap.objects.create(company=shared, line="operating_income", month=(this_month - 2).first_day)
    for back in (8, 9):
        Gap.objects.create(company=shared, line="operating_income", month=(this_month - back).first_day)
    # 3. Every kind, no supporter.
    every_alert(CompanyFactory(organization=org, supporters=[]), by=supporter, what="看板を替える")
    # 4. Resolved: nothing but the repeating gap and the cash shortfall.
    resolved = CompanyFactory(organization=org, supporters=[colleague])
    engagement = every_alert(resolved, by=colleague, what="済んだこと")
    engagement.actions.update(status="done")
    engagement.follow_ups.update(done_on=today)
    engagement.dialogues.filter(title="次回の面談").delete()
    engagement.dialogues.update(held_at=now - dt.timedelta(days=3))
    MonitoringDue.objects.filter(schedule__company=resolved).update(done_on=today)
    for back in range(1, 7):
        MonthlyActual.objects.create(
            company=resolved, month=(this_month - back).first_day, line="net_sales", amount=1
        )
    # 5. An older silent engagement beside a recent one in touch: the recent one decides (no alert);
    # a company whose newest active engagement is silent raises one alert however many it has.
    in_touch = CompanyFactory(organization=org, supporters=[supporter])
    EngagementFactory(company=in_touch, status="active", started_on=today - dt.timedelta(days=300))
    recent = EngagementFactory(company=in_touch, status="active", started_on=today - dt.timedelta(days=100))
    DialogueFactory(engagement=recent, held_at=now - dt.timedelta(days=2))
    silent = CompanyFactory(organization=org, supporters=[colleague])
    for days in (400, 90):
        EngagementFactory(company=silent, status="follow_up", started_on=today - dt.timedelta(days=days))
    # 6. Another organization's company.
    every_alert(foreign_company, by=outsider)
    return admin_user


@pytest.mark.parametrize("kind", sorted(ALL_KINDS))
def test_counter_and_provider_name_the_same_companies(mixed, kind):
    membership = _membership(mixed)
    companies = queries.alert_companies(membership)
    context = queries.alert_context(membership.organization)
    provided = Counter(a.company_id for a in collect_alerts(companies, context, kinds=[kind]))
    found = alert_counters()[kind](companies, context)
    counted = Counter(found.rows.values_list(found.lookup("id"), flat=True))
    assert provided, f"the dataset raises no {kind}"
    assert counted == provided


def test_every_kind_has_a_counter():
    assert set(alert_counters()) == ALL_KINDS


def test_portfolio_counts_are_the_alerts_per_supporter(mixed, supporter, colleague):
    membership = _membership(mixed)
    alerts = queries.alerts_for(membership)
    assigned = queries.company_supporters(queries.alert_companies(membership))
    expected: dict[int, Counter] = {}
    unassigned: Counter = Counter()
    for alert in alerts:
        owners = assigned.get(alert.company_id) or set()
        for user_id in owners:
            expected.setdefault(user_id, Counter())[alert.kind] += 1
        if not owners:
            unassigned[alert.kind] += 1
    counts = queries.alert_counts(membership)
    assert counts.total == len(alerts)
    assert counts.by_kind == dict(Counter(a.kind for a in alerts))
    assert {k: dict(v) for k, v in expected.items()} == counts.by_supporter
    assert dict(unassigned) == counts.unassigned
    # The shared company's second overdue action counts for both of its supporters.
    assert counts.of(supporter.pk)["action_overdue"] == 3
    assert counts.of(colleague.pk)["action_overdue"] == 2


def test_portfolio_counts_stay_in_the_organization(outsider, foreign_company, mixed):
    counts = queries.alert_counts(_membership(outsider))
    assert set(counts.by_kind) == ALL_KINDS
    assert all(n == 1 for n in counts.by_kind.values())


def test_portfolio_counting_queries_do_not_grow_with_companies(admin_user, supporter, colleague, org):
    """2 and 8 companies with every kind (some shared, some unassigned): the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    membership = _membership(admin_user)
    sizes = []
    for owners in ([supporter], [supporter, colleague], [], [colleague], [supporter], [], [colleague], []):
        every_alert(CompanyFactory(organization=org, supporters=owners), by=supporter)
        if len(sizes) in (1, 7):
            queries.alert_counts(membership)  # caches filled on a first call are not the point
            with CaptureQueriesContext(connection) as captured:
                counts = queries.alert_counts(membership)
            sizes.append((len(captured), counts.total))
        else:
            sizes.append(None)
    (small, small_total), (large, large_total) = sizes[1], sizes[7]
    assert (small_total, large_total) == (2 * len(ALL_KINDS), 8 * len(ALL_KINDS))
    assert small == large, (small, large)
