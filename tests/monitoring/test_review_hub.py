"""The month's review as the hub of the monthly cycle and the monitoring home as its start: the
next-month actions and KPI panels on the review screen, the cash warning before the meeting, one click
to each step; the home page's latest month, what is missing for it and the sub-navigation's order."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from banso.monitoring.domain import review as review_domain
from banso.monitoring.models import Kpi, KpiMonth, NextMonthAction
from tests.monitoring.factories import make_plan
from tests.monitoring.table_data import add_actuals, add_plan
from tests.monitoring.test_cashflow_page import build as build_cash_shortfall

pytestmark = pytest.mark.django_db

MAY = dt.date(2025, 5, 1)
JUNE = dt.date(2025, 6, 1)


def url(company, name, **kwargs):
    return reverse(
        f"monitoring:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


@pytest.fixture
def version(company):
    version = make_plan(company, start=dt.date(2025, 4, 1), years=3)
    add_plan(
        version,
        {
            "net_sales": {"2025-04": 10_000_000, "2025-05": 10_000_000},
            "cost_of_sales": {"2025-04": 6_000_000, "2025-05": 6_000_000},
            "sga": {"2025-04": 3_000_000, "2025-05": 3_000_000},
        },
    )
    add_actuals(
        company,
        {
            "net_sales": {"2025-04": 9_500_000, "2025-05": 7_900_000},
            "cost_of_sales": {"2025-04": 5_800_000, "2025-05": 5_000_000},
            "sga": {"2025-04": 3_100_000, "2025-05": 2_950_000},
        },
    )
    return version


def test_review_shows_the_actions_to_review_next_months_actions_and_kpis(
    login, supporter, viewer, company, version
):
    NextMonthAction.objects.create(
        company=company, month=MAY, title="営業訪問", owner="山田", measure="訪問20件"
    )
    NextMonthAction.objects.create(
        company=company, month=JUNE, title="在庫を月末までに1割圧縮", owner="佐藤", measure="在庫1割減"
    )
    kpi = Kpi.objects.create(company=company, name="訪問件数", unit="件")
    KpiMonth.objects.create(kpi=kpi, month=MAY, target=Decimal(20), actual=Decimal(15))
    page = login(supporter).get(url(company, "review") + "?month=2025-05").content.decode()
    panel = page[page.index('data-testid="next-actions-panel"') :]
    assert "2025年5月の重点アクションの振り返り" in panel
    assert "営業訪問" in panel and "未評価 1件" in panel
    assert "在庫を月末までに1割圧縮" in panel[panel.index("2025年6月の重点アクション") :]
    kpis = page[page.index('data-testid="kpi-panel"') :]
    assert "訪問件数（件）" in kpis and "75.0%" in kpis
    # one click to each step of the cycle
    cycle = page[page.index('data-testid="review-cycle"') : page.index("</nav>", page.index("review-cycle"))]
    assert url(company, "imports") in cycle
    assert f"{url(company, 'next_action_create')}?month=2025-06" in cycle
    assert url(company, "cashflow") in cycle
    # a viewer sees the panels but no editing links
    page = login(viewer).get(url(company, "review") + "?month=2025-05").content.decode()
    assert "営業訪問" in page
    assert url(company, "next_action_create") not in page
    cycle = page[page.index('data-testid="review-cycle"') : page.index("</nav>", page.index("review-cycle"))]
    assert url(company, "imports") not in cycle and url(company, "actuals") in cycle


def test_review_warns_before_the_meeting_when_cash_runs_short(login, supporter, company):
    build_cash_shortfall(company, supporter)
    expected = "2026年5月に資金残高が450千円となり、必要残高（550千円）を下回る見込みです。"
    assert [w.code for w in review_domain.warnings(company, None)] == ["cash_shortfall"]
    page = login(supporter).get(url(company, "review") + "?month=2026-03").content.decode()
    warnings = page[page.index('data-testid="review-warnings"') :]
    assert expected in warnings.split("</div>")[0]
    home = login(supporter).get(url(company, "home")).content.decode()
    assert expected in home[home.index('data-testid="home-warnings"') :].split("</div>")[0]


def test_review_has_no_cash_warning_without_cash_data(login, supporter, company, version):
    page = login(supporter).get(url(company, "review") + "?month=2025-05").content.decode()
    assert "資金不足" not in page and 'data-code="cash_shortfall"' not in page


def test_home_starts_the_cycle_from_the_latest_month_and_what_is_missing(login, supporter, company, version):
    page = login(supporter).get(url(company, "home")).content.decode()
    assert '<strong data-testid="latest-actual-month">2025年5月</strong>' in page
    missing = page[page.index('data-testid="home-missing"') : page.index("</ul>", page.index("home-missing"))]
    codes = re.findall(r'data-code="([a-z_]+)"', missing)
    assert codes == ["gap_unrecorded", "meeting"]
    assert "売上高" in missing
    assert f"{url(company, 'review')}?month=2025-05" in page
    # the single plan is one click away from the sub-navigation
    assert url(company, "plan_detail", pk=version.plan_id) in page


def test_subnav_lists_the_pages_in_the_order_of_the_work(login, viewer, company, version):
    page = login(viewer).get(url(company, "review")).content.decode()
    nav = page[
        page.index('data-testid="monitoring-subnav"') : page.index("</nav>", page.index("monitoring-subnav"))
    ]
    labels = re.findall(r">([^<>]+)</a>", nav)
    assert labels == [
        "概要",
        "月次レビュー",
        "モニタリング表",
        "実績入力",
        "取込",
        "経営改善計画",
        "次月重点アクション",
        "KPI",
        "売上構成比",
        "資金繰り表",
        "報告書",
        "報告予定",
    ]


def test_plan_grids_are_spreadsheet_grids(login, supporter, company):
    from banso.monitoring.domain import plans
    from banso.monitoring.engines.months import Month

    version = plans.create_plan(company, by=supporter, title="計画", start_month=Month(2025, 4), years=3)
    client = login(supporter)
    for page in (
        client.get(url(company, "plan_years", pk=version.plan_id)).content.decode(),
        client.get(url(company, "plan_months", pk=version.plan_id, fiscal_year=2026)).content.decode(),
    ):
        assert "js/grid.js" in page
        assert page.count("data-grid-cell") >= 30
        assert 'aria-label="2026年3月期 売上高"' in page or 'aria-label="2025年4月 売上高"' in page
