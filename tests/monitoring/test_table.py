"""The company's monitoring table builder (banso.monitoring.domain.table): plan version, actuals,
prior year and thresholds loaded from the database, figures to the yen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from banso.core.errors import DomainError
from banso.monitoring.domain.table import current_plan_version, default_period, monitoring_table
from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonitoringThresholds, PlanVersion
from tests.monitoring.factories import make_plan
from tests.monitoring.table_data import add_actuals, add_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(company):
    # fiscal year ends in March (company fixture): FY2026 = 2025-04 … 2026-03
    version = make_plan(company, start=dt.date(2025, 4, 1), years=3)
    add_plan(
        version,
        {
            "net_sales": {"2025-04": 10_000_000, "2025-05": 10_000_000, "2025-06": 12_000_000},
            "cost_of_sales": {"2025-04": 6_000_000, "2025-05": 6_000_000, "2025-06": 7_000_000},
            "sga": {"2025-04": 3_000_000, "2025-05": 3_000_000, "2025-06": 3_000_000},
        },
    )
    return version


def test_figures_to_the_yen_with_prior_year_and_year_to_date(company, version):
    add_actuals(
        company,
        {
            "net_sales": {"2024-05": 9_100_000, "2025-04": 9_500_000, "2025-05": 7_900_001},
            "cost_of_sales": {"2024-05": 5_000_000, "2025-04": 5_800_000, "2025-05": 5_000_000},
            "sga": {"2024-05": 2_900_000, "2025-04": 3_100_000, "2025-05": 2_950_000},
        },
    )
    built = monitoring_table(company, from_month="2025-04", to_month="2025-05")
    assert built.plan_version == version
    assert built.plan_label == "経営改善計画 第1版"
    assert built.months == [Month(2025, 4), Month(2025, 5)]
    may = built.row("net_sales").at("2025-05")
    assert may.cell.plan == Decimal(10_000_000)
    assert may.cell.actual == Decimal(7_900_001)
    assert may.cell.variance == Decimal(-2_099_999)
    assert may.cell.achievement == Decimal("0.7900001")
    assert may.cell.prior_year == Decimal(9_100_000)
    assert may.cell.status == "red"
    assert may.ytd.plan == Decimal(20_000_000)
    assert may.ytd.actual == Decimal(17_400_001)
    assert may.ytd.status == "amber"  # 87.0 %
    operating = built.row("operating_income").at("2025-05")
    assert operating.cell.plan == Decimal(1_000_000)
    assert operating.cell.actual == Decimal(7_900_001 - 5_000_000 - 2_950_000)
    assert operating.cell.prior_year == Decimal(1_200_000)
    assert built.row("cost_of_sales").at("2025-04").cell.status == "ok"
    assert [(line, str(month)) for line, month, _ in built.flagged()][:2] == [
        ("net_sales", "2025-05"),
        ("gross_profit", "2025-05"),
    ]


def test_thresholds_of_the_organization_change_the_status(company, version):
    add_actuals(company, {"net_sales": {"2025-04": 8_500_000}})
    assert (
        monitoring_table(company, from_month="2025-04", to_month="2025-04")
        .row("net_sales")
        .at("2025-04")
        .cell.status
        == "amber"
    )
    MonitoringThresholds.objects.create(
        organization=company.organization, amber=Decimal("0.95"), red=Decimal("0.86")
    )
    built = monitoring_table(company, from_month="2025-04", to_month="2025-04")
    assert built.thresholds.amber == Decimal("0.95")
    assert built.row("net_sales").at("2025-04").cell.status == "red"


def test_another_organizations_thresholds_do_not_apply(company, version, foreign_org):
    add_actuals(company, {"net_sales": {"2025-04": 8_500_000}})
    MonitoringThresholds.objects.create(organization=foreign_org, amber=Decimal("0.95"), red=Decimal("0.90"))
    built = monitoring_table(company, from_month="2025-04", to_month="2025-04")
    assert built.row("net_sales").at("2025-04").cell.status == "amber"


def test_an_older_version_can_be_compared_and_the_current_is_the_default(company, version):
    version.is_current = False
    version.save()
    revised = PlanVersion.objects.create(
        plan=version.plan, number=2, start_month=dt.date(2025, 4, 1), years=3, reason="受注減を織り込む"
    )
    add_plan(revised, {"net_sales": {"2025-04": 8_000_000}})
    add_actuals(company, {"net_sales": {"2025-04": 8_000_000}})
    assert current_plan_version(company) == revised
    assert monitoring_table(company, to_month="2025-04").row("net_sales").at("2025-04").cell.plan == 8_000_000
    old = monitoring_table(company, plan_version=version, to_month="2025-04")
    assert old.plan_label == "経営改善計画 第1版"
    assert old.row("net_sales").at("2025-04").cell.plan == 10_000_000


def test_a_version_of_another_company_is_refused(company, other_company, version):
    with pytest.raises(DomainError):
        monitoring_table(other_company, plan_version=version, to_month="2025-04")


def test_default_period_is_the_fiscal_year_to_the_latest_actual_month(company, version):
    add_actuals(company, {"net_sales": {"2025-06": 1, "2025-05": 1}})
    assert default_period(company, version) == (Month(2025, 4), Month(2025, 6))
    built = monitoring_table(company)
    assert built.months == [Month(2025, 4), Month(2025, 5), Month(2025, 6)]


def test_without_plan_or_actuals_the_table_is_empty_not_an_error(company):
    built = monitoring_table(company, to_month="2025-04")
    assert built.plan_version is None
    assert built.plan_label == "計画なし"
    assert built.row("net_sales").at("2025-04").cell.status == "none"


@pytest.mark.parametrize(
    ("first", "last"),
    [("2025-05", "2025-04"), ("2015-01", "2025-04"), ("2025-13", "2025-04"), ("x", "2025-04")],
)
def test_bad_periods_are_domain_errors_in_japanese(company, first, last):
    with pytest.raises(DomainError) as error:
        monitoring_table(company, from_month=first, to_month=last)
    assert any("\u3040" <= ch <= "\u9fff" for ch in error.value.message)
