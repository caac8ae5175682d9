"""A company with a plan, a year and a half of actuals that drift from it (a bad autumn), gaps with
responses, actions, a KPI and a cash-flow month: what a monitoring report is built from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from banso.monitoring.engines.months import Month, months_between
from banso.monitoring.models import (
    CashFlowEntry,
    Gap,
    Kpi,
    KpiMonth,
    Measure,
    MonthlyActual,
    NextMonthAction,
    PlanAmount,
    PlanYear,
)
from tests.monitoring.factories import make_plan

PLAN_START = Month(2025, 4)
# Monthly plan amounts in yen, deliberately not round, so 千円 rounding cannot hide a wrong yen.
PLAN = {
    "net_sales": 10_000_123,
    "cost_of_sales": 6_000_045,
    "sga": 3_000_011,
    "personnel_costs": 1_500_003,
    "depreciation": 200_001,
    "non_operating_income": 10_007,
    "non_operating_expenses": 50_003,
}


def actual_for(month: Month) -> dict[str, int]:
    """Sales fall short from 2025-09 (82 %), costs drift up; the year before is flat."""
    factor = Decimal("0.82") if Month(2025, 9) <= month <= Month(2025, 11) else Decimal("0.97")
    if month < PLAN_START:
        factor = Decimal("0.95")
    sales = int(PLAN["net_sales"] * factor) + month.month
    return {
        "net_sales": sales,
        "cost_of_sales": int(sales * Decimal("0.61")),
        "sga": 3_100_017 + month.month,
        "personnel_costs": 1_600_005,
        "depreciation": 200_001,
        "non_operating_income": 9_001,
        "non_operating_expenses": 50_003,
        "cash_and_deposits": 30_000_000 - 1_000_000 * (month - PLAN_START),
        "borrowings": 120_000_000 - 500_000 * (month - PLAN_START),
    }


LAST_ACTUAL = Month(2025, 9)


def build(company, *, by, last_actual: Month = LAST_ACTUAL, plan_title="経営改善計画"):
    version = make_plan(company, by=by, title=plan_title, start=PLAN_START.first_day, years=3)
    amounts = [
        PlanAmount(plan_version=version, month=month.first_day, line=line, amount=amount)
        for month in months_between(PLAN_START, version.last_month)
        for line, amount in PLAN.items()
    ]
    PlanAmount.objects.bulk_create(amounts)
    for index, fiscal_year in enumerate(version.fiscal_years(company.fiscal_year_end_month)):
        PlanYear.objects.create(
            plan_version=version,
            fiscal_year=fiscal_year,
            net_assets=-20_000_000 + 15_000_000 * index,
            borrowings=120_000_000 - 6_000_000 * index,
            cash_and_deposits=30_000_000,
        )
    actuals = [
        MonthlyActual(company=company, month=month.first_day, line=line, amount=amount)
        for month in months_between(PLAN_START - 12, last_actual)
        for line, amount in actual_for(month).items()
    ]
    MonthlyActual.objects.bulk_create(actuals)
    Measure.objects.create(
        plan_version=version,
        title="既存顧客への定期訪問",
        owner="営業部長",
        start_month=dt.date(2025, 4, 1),
        end_month=dt.date(2026, 3, 1),
        expected_effect=6_000_000,
        line="net_sales",
        status="in_progress",
        progress_note="月20件の訪問を継続中",
    )
    Gap.objects.create(
        company=company,
        month=dt.date(2025, 8, 1),
        line="net_sales",
        plan_version=version,
        cause="orders_down",
        response="休眠顧客へ再訪問",
    )
    Gap.objects.create(
        company=company,
        month=last_actual.first_day,
        line="net_sales",
        plan_version=version,
        cause="orders_down",
        why_chain="主要取引先の発注が減った → 競合の値下げ",
        response="新規見込み先へ提案を始めました",
        owner="社長",
        due_on=dt.date(2025, 10, 31),
    )
    NextMonthAction.objects.create(
        company=company, month=last_actual.first_day, title="営業訪問20件", owner="社長", review="partly"
    )
    NextMonthAction.objects.create(
        company=company, month=(last_actual + 1).first_day, title="在庫を月末までに1割圧縮", owner="工場長"
    )
    kpi = Kpi.objects.create(company=company, name="訪問件数", unit="件", direction="higher")
    KpiMonth.objects.create(kpi=kpi, month=(last_actual - 1).first_day, target=20, actual=Decimal(14))
    KpiMonth.objects.create(kpi=kpi, month=last_actual.first_day, target=20, actual=Decimal(17))
    CashFlowEntry.objects.create(
        company=company, month=last_actual.first_day, item="opening_balance", amount=26_000_000
    )
    CashFlowEntry.objects.create(
        company=company, month=last_actual.first_day, item="cash_sales", amount=8_000_000
    )
    CashFlowEntry.objects.create(
        company=company, month=last_actual.first_day, item="personnel", amount=1_600_000
    )
    return version


def matrix_reports(company, *, by) -> dict:
    """A draft and an issued report on a bare plan (no amounts: quick to build), for the URL matrix.
    The issued one gets small stand-in files instead of rendered ones."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from banso.monitoring.domain import reports

    make_plan(company, by=by, start=PLAN_START.first_day, years=3)
    draft = reports.draft_report(company, by=by, from_month="2025-04", to_month="2025-06")
    issued = reports.draft_report(company, by=by, from_month="2025-04", to_month="2025-05")
    issued.pdf.save("r.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=False)
    issued.xlsx.save("r.xlsx", ContentFile(b"PK stand-in"), save=False)
    issued.status, issued.issued_at, issued.issued_by = "issued", timezone.now(), by
    issued.save()
    return {"draft": draft, "issued": issued}
