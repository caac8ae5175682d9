"""The monitoring models hold their rules in the database too (uniqueness, bounds, choices)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from banso.core import engagement_links
from banso.monitoring.engines.lines import MAX_AMOUNT
from banso.monitoring.models import (
    CashFlowEntry,
    Gap,
    KpiMonth,
    Lender,
    MonitoringThresholds,
    MonthlyActual,
    PlanAmount,
    PlanVersion,
)
from banso.monitoring.models.kpis import Kpi
from tests.monitoring.factories import make_plan

pytestmark = pytest.mark.django_db
APRIL = dt.date(2025, 4, 1)


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_actual_per_company_month_and_line(company):
    MonthlyActual.objects.create(company=company, month=APRIL, line="net_sales", amount=1_000)
    refused(lambda: MonthlyActual.objects.create(company=company, month=APRIL, line="net_sales", amount=2))
    # another line, another month: fine
    MonthlyActual.objects.create(company=company, month=APRIL, line="sga", amount=5)
    MonthlyActual.objects.create(company=company, month=dt.date(2025, 5, 1), line="net_sales", amount=5)
    assert MonthlyActual.objects.filter(company=company).count() == 3


def test_amounts_are_bounded_and_lines_are_known(company):
    refused(
        lambda: MonthlyActual.objects.create(
            company=company, month=APRIL, line="net_sales", amount=MAX_AMOUNT + 1
        )
    )
    refused(lambda: MonthlyActual.objects.create(company=company, month=APRIL, line="gross_profit", amount=1))
    actual = MonthlyActual(
        company=company, month=dt.date(2025, 4, 15), line="net_sales", amount=-MAX_AMOUNT - 1
    )
    with pytest.raises(ValidationError) as excinfo:
        actual.full_clean()
    assert set(excinfo.value.message_dict) == {"month", "amount"}
    assert "大きすぎ" in excinfo.value.message_dict["amount"][0]


def test_plan_versions_one_current_numbers_unique_years_3_to_5_reason_from_version_2(company):
    version = make_plan(company)
    plan = version.plan
    refused(lambda: PlanVersion.objects.create(plan=plan, number=2, start_month=APRIL, years=5, reason="x"))
    refused(
        lambda: PlanVersion.objects.create(plan=plan, number=1, start_month=APRIL, years=5, is_current=False)
    )
    refused(
        lambda: PlanVersion.objects.create(
            plan=plan, number=2, start_month=APRIL, years=6, reason="x", is_current=False
        )
    )
    refused(
        lambda: PlanVersion.objects.create(plan=plan, number=2, start_month=APRIL, years=5, is_current=False)
    )
    second = PlanVersion.objects.create(
        plan=plan, number=2, start_month=APRIL, years=3, reason="受注減のため", is_current=False
    )
    assert plan.versions.count() == 2 and plan.current_version == version
    assert second.label == "第2版"
    assert version.fiscal_years(3) == [2026, 2027, 2028, 2029, 2030]
    assert version.period_label(3) == "2026年3月期〜2030年3月期"
    assert str(version.last_month) == "2030-03"


def test_plan_amount_unique_per_month_and_line(company):
    version = make_plan(company)
    PlanAmount.objects.create(plan_version=version, month=APRIL, line="net_sales", amount=100)
    refused(lambda: PlanAmount.objects.create(plan_version=version, month=APRIL, line="net_sales", amount=1))
    refused(
        lambda: PlanAmount.objects.create(
            plan_version=version, month=APRIL, line="cash_and_deposits", amount=1
        )
    )


def test_gap_choices_and_uniqueness(company):
    Gap.objects.create(company=company, month=APRIL, line="operating_income", cause="orders_down")
    refused(lambda: Gap.objects.create(company=company, month=APRIL, line="operating_income"))
    refused(
        lambda: Gap.objects.create(company=company, month=dt.date(2025, 5, 1), line="net_sales", cause="bad")
    )


def test_cash_flow_entry_unique_with_and_without_lender(company):
    lender = Lender.objects.create(company=company, name="みなと地域銀行")
    CashFlowEntry.objects.create(company=company, month=APRIL, item="cash_sales", amount=10)
    refused(lambda: CashFlowEntry.objects.create(company=company, month=APRIL, item="cash_sales", amount=1))
    CashFlowEntry.objects.create(company=company, month=APRIL, item="repayment", lender=lender, amount=10)
    refused(
        lambda: CashFlowEntry.objects.create(
            company=company, month=APRIL, item="repayment", lender=lender, amount=1
        )
    )


def test_kpi_month_unique(company):
    kpi = Kpi.objects.create(company=company, name="訪問件数", unit="件")
    KpiMonth.objects.create(kpi=kpi, month=APRIL, target=Decimal(20), actual=Decimal(18))
    refused(lambda: KpiMonth.objects.create(kpi=kpi, month=APRIL, target=Decimal(1)))


def test_thresholds_default_and_order(org):
    assert MonitoringThresholds.values_for(org.pk) == (Decimal("0.90"), Decimal("0.80"))
    refused(
        lambda: MonitoringThresholds.objects.create(
            organization=org, amber=Decimal("0.7"), red=Decimal("0.8")
        )
    )
    MonitoringThresholds.objects.create(organization=org, amber=Decimal("0.95"), red=Decimal("0.85"))
    assert MonitoringThresholds.values_for(org.pk) == (Decimal("0.950"), Decimal("0.850"))


def test_engagement_links_validate_ids_through_the_registered_provider(company, other_company, supporter):
    from banso.engagements.models import Engagement

    engagement = Engagement.objects.create(
        company=company, kind="early_plan", started_on=dt.date(2025, 4, 1), lead_supporter=supporter
    )
    refs = engagement_links.engagements_of(company)
    assert [(r.id, r.kind) for r in refs] == [(engagement.pk, "early_plan")]
    engagement_links.validate_engagement_id(company, engagement.pk)
    engagement_links.validate_engagement_id(company, None)
    with pytest.raises(ValidationError) as excinfo:
        engagement_links.validate_engagement_id(other_company, engagement.pk)
    assert "見つかりません" in excinfo.value.message_dict["engagement_id"][0]
    with pytest.raises(ValidationError):
        engagement_links.validate_action_id(company, 999_999)
