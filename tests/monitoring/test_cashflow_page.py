"""The 資金繰り表 page and its domain: actual months beside the projection from the plan, terms and
repayment schedule; the shortfall warning naming the month (also `cash_warning`); the §5.4 checks
with their differences; month entries saved all or nothing; tenancy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.core.models import ActivityLog
from banso.monitoring.domain import cashflow as domain
from banso.monitoring.engines.months import Month
from banso.monitoring.models import CashFlowEntry, LoanScheduleEntry, MonthlyActual, PlanAmount
from tests.monitoring.factories import make_plan

pytestmark = pytest.mark.django_db

MARCH = Month(2026, 3)


def url(company, name="monitoring:cashflow", **kwargs):
    return reverse(name, kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs})


def build(company, user, *, minimum_balance=None):
    """March 2026 entered (closing 950,000 − 100,000 repayment = 850,000); the plan from April: sales
    1,000,000, cost 600,000, personnel 300,000, other 150,000 (+ 50,000 depreciation) a month; one
    lender repaying 100,000 a month; everything collected and paid the month after."""
    version = make_plan(company, by=user, start=dt.date(2026, 4, 1), years=3)
    for i in range(12):
        month = (Month(2026, 4) + i).first_day
        for line, amount in [
            ("net_sales", 1_000_000),
            ("cost_of_sales", 600_000),
            ("sga", 500_000),
            ("personnel_costs", 300_000),
            ("depreciation", 50_000),
        ]:
            PlanAmount.objects.create(plan_version=version, month=month, line=line, amount=amount)
    MonthlyActual.objects.create(company=company, month=MARCH.first_day, line="net_sales", amount=800_000)
    MonthlyActual.objects.create(company=company, month=MARCH.first_day, line="cost_of_sales", amount=500_000)
    domain.save_terms(
        company,
        by=user,
        cash_sales_ratio=Decimal(0),
        collection_months=1,
        cash_purchase_ratio=Decimal(0),
        payment_months=1,
        minimum_balance=minimum_balance,
    )
    lender = domain.add_lender(company, by=user, name="みなと地域銀行")
    domain.save_loan_schedule(
        lender, by=user, rows={Month(2026, 4) + i: (None, 100_000, None) for i in range(12)}
    )
    domain.save_month_entries(
        company,
        by=user,
        month=MARCH,
        amounts={
            ("opening_balance", None): 1_000_000,
            ("receivable_collections", None): 900_000,
            ("payable_payments", None): 500_000,
            ("personnel", None): 300_000,
            ("other_expenses", None): 150_000,
            ("repayment", lender.pk): 100_000,
        },
    )
    return lender


def test_projection_follows_the_actual_months_and_warns_below_the_default_threshold(supporter, company):
    build(company, supporter)
    overview = domain.cash_flow_overview(company)
    assert overview.actual_months == (MARCH,)
    assert overview.projection_start == Month(2026, 4)
    closings = overview.table.closing_balances
    # March 850,000; April +800,000 (March sales) − 500,000 − 450,000 − 100,000 = 600,000;
    # then −150,000 a month
    assert closings[:4] == (Decimal(850_000), Decimal(600_000), Decimal(450_000), Decimal(300_000))
    assert len(overview.table.months) == 13
    assert overview.threshold == Decimal(550_000)  # 人件費 + 諸経費 + 返済, one month
    assert overview.threshold_is_default
    assert overview.warning.month == dt.date(2026, 5, 1)  # April 600,000 still holds
    assert overview.warning.message == (
        "2026年5月に資金残高が450千円となり、必要残高（550千円）を下回る見込みです。"
    )
    assert domain.cash_warning(company) == overview.warning.message


def test_warning_names_the_month_the_balance_goes_below_zero(supporter, company):
    build(company, supporter, minimum_balance=0)
    # 600,000 in April, −150,000 a month: May 450,000 … August 0, September −150,000
    assert domain.cash_warning(company) == ("2026年9月に資金残高が△150千円となり、資金不足が見込まれます。")


def test_no_warning_without_any_data(company):
    assert domain.cash_warning(company) is None


def test_a_plan_alone_projects_from_an_unknown_balance_and_warns_of_nothing(supporter, company):
    """Without a 資金繰り表 or an actual 現預金 the projection starts at 0円; a "shortfall" would be an
    artefact of that (it was a false alert on the supporter's home for every company with a plan)."""
    build(company, supporter)
    CashFlowEntry.objects.filter(company=company).delete()
    overview = domain.cash_flow_overview(company, until=MARCH)
    assert overview.actual_months == () and overview.table.closing_balances[0] < overview.threshold
    assert overview.warning is None
    assert any("資金ショートの警告は出していません" in note for note in overview.notes)
    assert domain.cash_warnings(type(company).objects.filter(pk=company.pk), today=dt.date(2026, 4, 10)) == {}

    # With the actual 現預金 at the end of March the same projection is judged.
    MonthlyActual.objects.create(
        company=company, month=MARCH.first_day, line="cash_and_deposits", amount=100_000
    )
    assert domain.cash_flow_overview(company, until=MARCH).warning is not None


def test_checks_name_the_month_and_the_difference(supporter, company):
    lender = build(company, supporter)
    MonthlyActual.objects.create(
        company=company, month=dt.date(2026, 2, 1), line="borrowings", amount=5_000_000
    )
    MonthlyActual.objects.create(company=company, month=MARCH.first_day, line="borrowings", amount=4_900_000)
    domain.save_month_entries(
        company,
        by=supporter,
        month=Month(2026, 2),
        amounts={("receivables_balance", None): 2_000_000},
    )
    entries = domain.month_entries(company, MARCH)
    entries[("receivables_balance", None)] = 1_950_000
    domain.save_month_entries(company, by=supporter, month=MARCH, amounts=entries)
    checks = {c.key: c for c in domain.cash_flow_overview(company).checks}
    assert checks["borrowings"].expected == Decimal(4_900_000)
    assert checks["borrowings"].ok
    # 2,000,000 + 800,000 − 0 − 900,000 = 1,900,000 expected; 1,950,000 in the books
    assert checks["receivables"].expected == Decimal(1_900_000)
    assert checks["receivables"].difference == Decimal(50_000)
    assert not checks["receivables"].ok
    assert lender.pk  # the repayment entry is per lender and counted in the borrowing check


def test_page_shows_actual_and_projected_columns_warning_checks_and_chart(login, viewer, supporter, company):
    build(company, supporter)
    MonthlyActual.objects.create(
        company=company, month=dt.date(2026, 2, 1), line="borrowings", amount=5_000_000
    )
    MonthlyActual.objects.create(company=company, month=MARCH.first_day, line="borrowings", amount=4_850_000)
    response = login(viewer).get(url(company))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="cash-warning"' in page
    assert "2026年5月に資金残高が450千円となり" in page
    assert "借入金返済（みなと地域銀行）" in page
    assert page.count(">予測<") == 12 and page.count(">実績<") == 1
    assert "差額あり: 2026年3月の借入金が△50,000円ずれています" in page
    assert "data:image/svg+xml" in page
    assert "実績を入力" not in page  # viewers read only


def test_month_entries_are_saved_all_or_nothing(supporter, company):
    lender = domain.add_lender(company, by=supporter, name="さくら信金")
    with pytest.raises(ValidationError) as info:
        domain.save_month_entries(
            company,
            by=supporter,
            month=MARCH,
            amounts={("cash_sales", None): 100_000, ("personnel", None): -5, ("repayment", lender.pk): 1},
        )
    assert "2026年3月の人件費: 0以上で入力してください" in info.value.messages[0]
    assert not CashFlowEntry.objects.filter(company=company).exists()


def test_month_entries_refuse_another_companys_lender(supporter, company, other_company, admin_user):
    foreign = domain.add_lender(other_company, by=admin_user, name="よその銀行")
    with pytest.raises(ValidationError):
        domain.save_month_entries(company, by=supporter, month=MARCH, amounts={("repayment", foreign.pk): 1})
    assert not CashFlowEntry.objects.exists()


def test_month_form_saves_in_thousand_yen_and_logs(login, supporter, company):
    response = login(supporter).post(
        url(company, "monitoring:cashflow_month", month="2026-03"),
        {
            "opening_balance": "1,000",
            "cash_sales": "250",
            "personnel": "300",
            "repayment": "",
            "version": "0",
        },
    )
    assert response.status_code == 302
    saved = dict(CashFlowEntry.objects.filter(company=company).values_list("item", "amount"))
    assert saved == {"opening_balance": 1_000_000, "cash_sales": 250_000, "personnel": 300_000}
    assert ActivityLog.objects.filter(code="monitoring.cashflow.saved", company_id=company.pk).exists()


def test_schedule_form_replaces_the_months_shown(login, supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    response = login(supporter).post(
        url(company, "monitoring:lender_schedule", pk=lender.pk),
        {
            "from": "2026-04",
            "version": "0",
            "repayment_2026-04": "100",
            "interest_2026-04": "5",
            "borrowing_2026-05": "1,000",
        },
    )
    assert response.status_code == 302
    rows = list(
        LoanScheduleEntry.objects.filter(lender=lender).values_list(
            "month", "borrowing", "repayment", "interest"
        )
    )
    assert rows == [
        (dt.date(2026, 4, 1), 0, 100_000, 5_000),
        (dt.date(2026, 5, 1), 1_000_000, 0, 0),
    ]


def test_another_organizations_lender_is_404(login, outsider, supporter, company):
    lender = domain.add_lender(company, by=supporter, name="みなと地域銀行")
    response = login(outsider).get(url(company, "monitoring:lender_schedule", pk=lender.pk))
    assert response.status_code == 404
    assert "みなと地域銀行" not in response.content.decode()


def test_a_malformed_month_is_404(login, supporter, company):
    assert login(supporter).get(url(company, "monitoring:cashflow_month", month="2026-13")).status_code == 404
