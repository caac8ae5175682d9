"""The monitoring pages that list rows do the same number of queries at two sizes (an N+1 fails here)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.monitoring.models import (
    AccountingImport,
    Gap,
    Kpi,
    KpiMonth,
    Measure,
    MonitoringDue,
    MonitoringSchedule,
    NextMonthAction,
    SalesSegment,
    SegmentMonth,
)
from tests.factories import CompanyFactory
from tests.helpers import count_queries
from tests.monitoring import report_world

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2025, 9, 1)
CAUSES = ["orders_down", "price_down", "cost_up", "margin_down", "personnel_up", "expenses_up", "other"]


@pytest.fixture
def version(company, supporter):
    return report_world.build(company, by=supporter)


def _url(name, company, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"org": "minato", "company_pk": company.pk, **kwargs})


def _gaps(company, version, n):
    start = Gap.objects.filter(company=company).count()
    lines = ["cost_of_sales", "sga", "personnel_costs", "non_operating_expenses", "net_sales", "depreciation"]
    for i in range(start, start + n):
        Gap.objects.create(
            company=company,
            month=dt.date(2025, 4 + i % 6, 1),
            line=lines[i // 6 % len(lines)],
            plan_version=version,
            cause=CAUSES[i % len(CAUSES)],
            response=f"対応{i}",
            owner=f"担当{i}",
        )


def _actions(company, n):
    start = NextMonthAction.objects.filter(company=company).count()
    for i in range(start, start + n):
        for month in (SEPTEMBER, dt.date(2025, 10, 1)):
            NextMonthAction.objects.create(
                company=company, month=month, title=f"営業訪問{i}件", owner="社長", order=i, review="done"
            )


def _kpis(company, n):
    start = Kpi.objects.filter(company=company).count()
    for i in range(start, start + n):
        kpi = Kpi.objects.create(company=company, name=f"指標{i}", unit="件", order=i)
        for month in (dt.date(2025, 8, 1), SEPTEMBER):
            KpiMonth.objects.create(kpi=kpi, month=month, target=Decimal(20), actual=Decimal(i))


def _segments(company, n):
    start = SalesSegment.objects.filter(company=company).count()
    for i in range(start, start + n):
        segment = SalesSegment.objects.create(company=company, name=f"製品{i}", order=i)
        for month in (dt.date(2025, 8, 1), SEPTEMBER):
            SegmentMonth.objects.create(
                segment=segment, month=month, plan_sales=1_000_000, actual_sales=900_000 + i
            )


def _measures(version, n):
    for i in range(n):
        Measure.objects.create(plan_version=version, title=f"施策{i}", owner="社長", line="sga", order=i)


def _imports(company, supporter, n):
    for i in range(n):
        content = f"勘定科目,2025年4月\n売上高,{i}\n".encode()
        AccountingImport.objects.create(
            company=company,
            file=f"imports/count{i}.csv",
            filename=f"推移表{i}.csv",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            layout="generic_trial",
            uploaded_by=supporter,
        )


def _schedules(company, n):
    start = MonitoringSchedule.objects.count()
    today = timezone.localdate()
    for i in range(start, start + n):
        schedule = MonitoringSchedule.objects.create(
            company=company, engagement_id=10_000 + i, programme="plan_405", plan_fiscal_year_end=today
        )
        MonitoringDue.objects.create(
            schedule=schedule, due_on=today + dt.timedelta(days=i % 20), kind="interim"
        )
        MonitoringDue.objects.create(schedule=schedule, due_on=today - dt.timedelta(days=3), kind="interim")


def _reports(company, supporter, n):
    from banso.monitoring.domain import reports

    for i in range(n):
        month = dt.date(2025, 4 + i % 6, 1).strftime("%Y-%m")
        reports.draft_report(company, by=supporter, from_month="2025-04", to_month=month)


def _twice(client, url, grow, params=None) -> list[int]:
    counts = []
    for size in (2, 8):
        grow(size)
        counts.append(count_queries(client, url, **(params or {})))
    return counts


PAGES = {
    "table": ({"from": "2025-04", "to": "2026-03"}, lambda c, v, s, n: (_gaps(c, v, n), _measures(v, n))),
    "review": (
        {"month": "2025-09"},
        lambda c, v, s, n: (_gaps(c, v, n), _actions(c, n), _kpis(c, n), _measures(v, n)),
    ),
    "actuals": ({"fy": "2026"}, lambda c, v, s, n: _reports(c, s, n)),
    "next_actions": ({"month": "2025-09"}, lambda c, v, s, n: _actions(c, n)),
    "kpis": ({"fy": "2026"}, lambda c, v, s, n: _kpis(c, n)),
    "segments": ({"fy": "2026"}, lambda c, v, s, n: _segments(c, n)),
    "report_list": ({}, lambda c, v, s, n: _reports(c, s, n)),
    "schedules": ({}, lambda c, v, s, n: _schedules(c, n)),
    "imports": ({}, lambda c, v, s, n: _imports(c, s, n)),
    "home": ({}, lambda c, v, s, n: (_gaps(c, v, n), _actions(c, n), _schedules(c, n))),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_monitoring_list_pages_do_not_grow_their_queries(name, login, supporter, company, version):
    params, grow = PAGES[name]
    counts = _twice(
        login(supporter), _url(name, company), lambda n: grow(company, version, supporter, n), params
    )
    assert counts[0] == counts[1], counts


def test_the_gap_history_of_a_line(login, supporter, company, version):
    url = _url("gap_history", company, line="net_sales")

    def grow(n):
        start = Gap.objects.filter(company=company, line="net_sales").count()
        for i in range(start, start + n):
            Gap.objects.create(
                company=company,
                month=dt.date(2020 + i // 12, 1 + i % 12, 1),
                line="net_sales",
                plan_version=version,
                cause=CAUSES[i % len(CAUSES)],
            )

    counts = _twice(login(supporter), url, grow)
    assert counts[0] == counts[1], counts


def test_the_organization_wide_due_list(login, supporter, admin_user, org):
    def grow(n):
        for _ in range(n):
            _schedules(CompanyFactory(organization=org, supporters=[supporter]), 1)

    for user in (admin_user, supporter):
        url = reverse("monitoring_org:due_list", kwargs={"org": "minato"})
        counts = _twice(login(user), url, grow)
        assert counts[0] == counts[1], (user, counts)
