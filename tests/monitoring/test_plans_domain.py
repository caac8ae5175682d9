"""経営改善計画 rules: start month aligned to 決算月, years add up to their months, revisions keep the
old version read-only, manual months must add up, measures link to engagement actions by id."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.monitoring.domain import plans
from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonthlyActual, PlanAmount, PlanVersion

pytestmark = pytest.mark.django_db
START = Month(2025, 4)  # the company's 決算月 is March (factory)


def new_plan(company, by, **kwargs):
    args = {
        "title": "経営改善計画",
        "start_month": START,
        "years": 3,
        "yearly": {2026: {"net_sales": 120_000_007, "cost_of_sales": 80_000_000, "sga": 36_000_000}},
    }
    return plans.create_plan(company, by=by, **(args | kwargs))


def test_create_plan_spreads_each_year_so_months_add_up(company, supporter):
    version = new_plan(company, supporter)
    assert version.number == 1 and version.is_current
    assert version.fiscal_years(3) == [2026, 2027, 2028]
    totals = plans.year_totals(version, 3)
    assert totals[2026] == {"net_sales": 120_000_007, "cost_of_sales": 80_000_000, "sga": 36_000_000}
    assert totals[2027] == {}
    april = PlanAmount.objects.get(plan_version=version, month=dt.date(2025, 4, 1), line="net_sales")
    march = PlanAmount.objects.get(plan_version=version, month=dt.date(2026, 3, 1), line="net_sales")
    assert (april.amount, march.amount) == (10_000_001, 10_000_000)
    assert ActivityLog.objects.filter(code="monitoring.plan.created", company_id=company.pk).count() == 1
    assert april.history.first().history_user == supporter


def test_start_month_must_be_the_first_month_of_a_fiscal_year(company, supporter):
    with pytest.raises(ValidationError) as excinfo:
        new_plan(company, supporter, start_month=Month(2025, 5))
    assert "期首の月" in excinfo.value.message_dict["start_month"][0]
    assert "4月" in excinfo.value.message_dict["start_month"][0]
    with pytest.raises(ValidationError) as excinfo:
        new_plan(company, supporter, years=6)
    assert "years" in excinfo.value.message_dict
    assert not PlanVersion.objects.exists()


def test_amounts_outside_the_plan_or_on_unknown_lines_are_refused(company, supporter):
    with pytest.raises(ValidationError):
        new_plan(company, supporter, yearly={2030: {"net_sales": 1}})
    with pytest.raises(ValidationError):
        new_plan(company, supporter, yearly={2026: {"gross_profit": 1}})
    assert not PlanVersion.objects.exists()


def test_seasonal_spread_uses_last_years_actuals_and_falls_back_to_even(company, supporter):
    for i, month in enumerate(Month(2024, 4) + k for k in range(12)):
        MonthlyActual.objects.create(
            company=company, month=month.first_day, line="net_sales", amount=200 if i == 11 else 100
        )
    version = new_plan(
        company, supporter, yearly={2026: {"net_sales": 1_300, "sga": 1_200}}, spread_method="seasonal"
    )
    months = plans.year_months(version, 2026, 3)
    assert [months[Month(2025, 4) + k]["net_sales"] for k in range(12)] == [100] * 11 + [200]
    assert [months[Month(2025, 4) + k]["sga"] for k in range(12)] == [100] * 12  # no actuals: even


def test_manual_months_must_add_up_to_the_year_and_nothing_is_written_otherwise(company, supporter):
    version = new_plan(company, supporter, yearly={2026: {"net_sales": 1_200}})
    typed = {Month(2025, 4) + k: {"net_sales": 100} for k in range(12)}
    typed[Month(2025, 4)] = {"net_sales": 150}
    with pytest.raises(ValidationError) as excinfo:
        plans.set_plan_months(version, by=supporter, fiscal_year=2026, months=typed)
    assert excinfo.value.messages[0].startswith(
        "売上高（2026年3月期）: 月の合計 1,250円 が年間 1,200円 より 50円 多く"
    )
    assert plans.year_months(version, 2026, 3)[Month(2025, 4)]["net_sales"] == 100
    typed[Month(2025, 5)] = {"net_sales": 50}
    plans.set_plan_months(version, by=supporter, fiscal_year=2026, months=typed)
    assert plans.year_months(version, 2026, 3)[Month(2025, 4)]["net_sales"] == 150
    assert version.plan_years.get(fiscal_year=2026).spread_method == "manual"


def test_set_year_totals_respreads_changed_years_and_checks_the_version(company, supporter):
    version = new_plan(company, supporter, yearly={2026: {"net_sales": 1_200}})
    version.refresh_from_db()
    stale = version.version
    plans.set_year_totals(
        version, by=supporter, yearly={2027: {"net_sales": 2_400}}, balances={2027: {"borrowings": 5_000}},
        expected_version=stale,
    )  # fmt: skip
    assert plans.year_totals(version, 3)[2027] == {"net_sales": 2_400}
    assert version.plan_years.get(fiscal_year=2027).borrowings == 5_000
    with pytest.raises(ConflictError):
        plans.set_year_totals(version, by=supporter, yearly={2027: {"net_sales": 1}}, expected_version=stale)


def test_revision_makes_a_new_current_version_and_the_old_one_read_only(company, supporter):
    first = new_plan(company, supporter)
    plans.add_measure(
        first, by=supporter, title="新規顧客の開拓", expected_effect=3_000_000, line="net_sales"
    )
    with pytest.raises(ValidationError):
        plans.revise_plan(first.plan, by=supporter, reason="  ")
    second = plans.revise_plan(first.plan, by=supporter, reason="主要取引先の受注減", expected_version=1)
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.number) == (False, True, 2)
    assert plans.year_totals(second, 3) == plans.year_totals(first, 3)
    assert [m.title for m in second.measures.all()] == ["新規顧客の開拓"]
    with pytest.raises(DomainError):
        plans.set_year_totals(first, by=supporter, yearly={2026: {"net_sales": 1}})
    with pytest.raises(ConflictError):
        plans.revise_plan(first.plan, by=supporter, reason="もう一度", expected_version=1)
    assert ActivityLog.objects.filter(code="monitoring.plan.revised").count() == 1


def test_measure_links_only_to_an_action_of_the_companys_engagements(company, supporter):
    version = new_plan(company, supporter)
    with pytest.raises(ValidationError) as excinfo:
        plans.add_measure(version, by=supporter, title="在庫圧縮", engagement_action_id=12345)
    assert "engagement_action_id" in excinfo.value.message_dict
    measure = plans.add_measure(version, by=supporter, title="在庫圧縮")
    updated = plans.update_measure(measure, by=supporter, expected_version=1, status="in_progress")
    assert updated.status == "in_progress" and updated.version == 2
    with pytest.raises(ConflictError):
        plans.update_measure(measure, by=supporter, expected_version=1, status="done")
