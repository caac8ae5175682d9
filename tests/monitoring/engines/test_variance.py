import datetime as dt
from decimal import Decimal

import pytest

from banso.monitoring.engines import variance
from banso.monitoring.engines.months import Month
from banso.monitoring.engines.variance import AMBER, NONE, OK, RED, Thresholds, judge, monitoring_table

D = Decimal
MARCH = 3  # 決算月


def _months(first: str, count: int) -> list[Month]:
    start = Month.parse(first)
    return [start + i for i in range(count)]


def _flat(amount, first="2025-04", count=12):
    return {month: amount for month in _months(first, count)}


PLAN = {
    "net_sales": _flat(10_000_000),
    "cost_of_sales": _flat(6_000_000),
    "sga": _flat(3_000_000),
    "personnel_costs": _flat(1_500_000),
    "non_operating_expenses": _flat(100_000),
}


def test_month_cell_has_plan_actual_variance_achievement_and_status():
    actual = {
        "net_sales": {Month(2025, 4): 8_200_000},
        "cost_of_sales": {Month(2025, 4): 5_000_000},
        "sga": {Month(2025, 4): 3_096_000},
    }
    table = monitoring_table(
        plan=PLAN, actual=actual, first_month="2025-04", last_month="2025-04", fiscal_year_end_month=MARCH
    )
    sales = table.row("net_sales").at("2025-04").cell
    assert (sales.plan, sales.actual, sales.variance) == (D(10_000_000), D(8_200_000), D(-1_800_000))
    assert sales.achievement == D("0.82")
    assert sales.status == AMBER
    gross = table.row("gross_profit").at("2025-04").cell
    assert (gross.plan, gross.actual, gross.variance) == (D(4_000_000), D(3_200_000), D(-800_000))
    assert gross.achievement == D("0.8") and gross.status == AMBER  # exactly 80 % is still amber
    sga = table.row("sga").at("2025-04").cell
    assert sga.variance == D(96_000) and sga.achievement == D("1.032") and sga.status == OK
    # operating income: plan 1,000,000, actual 104,000 → 10.4 %
    operating = table.row("operating_income").at("2025-04").cell
    assert operating.actual == D(104_000) and operating.achievement == D("0.104") and operating.status == RED
    # lines absent from a month with actuals count as 0; 経常利益 subtracts the plan's 営業外費用
    ordinary = table.row("ordinary_income").at("2025-04").cell
    assert (ordinary.plan, ordinary.actual) == (D(900_000), D(104_000))
    personnel = table.row("personnel_costs").at("2025-04").cell
    assert (personnel.plan, personnel.actual, personnel.status) == (D(1_500_000), D(0), OK)


def test_gross_profit_at_exactly_80_percent_is_amber():
    # the test above computes gross profit 3.2M vs 4.0M: exactly the red boundary is still amber
    assert judge("gross_profit", D(4_000_000), D(3_200_000)) == AMBER
    assert judge("gross_profit", D(4_000_000), D(3_199_999)) == RED


@pytest.mark.parametrize(
    ("actual", "status"),
    [(9_000_000, OK), (8_999_999, AMBER), (8_000_000, AMBER), (7_999_999, RED), (12_000_000, OK)],
)
def test_revenue_thresholds(actual, status):
    assert judge("net_sales", D(10_000_000), D(actual)) == status


@pytest.mark.parametrize(
    ("actual", "status"),
    [(1_000_000, OK), (1_100_000, OK), (1_100_001, AMBER), (1_200_000, AMBER), (1_200_001, RED), (0, OK)],
)
def test_cost_lines_over_plan_is_bad(actual, status):
    assert judge("sga", D(1_000_000), D(actual)) == status
    assert judge("cost_of_sales", D(1_000_000), D(actual)) == status


@pytest.mark.parametrize(
    ("plan", "actual", "status"),
    [
        (-1_000_000, -1_000_000, OK),
        (-1_000_000, -500_000, OK),  # better than a planned loss
        (-1_000_000, -1_200_000, AMBER),  # shortfall 200,000 = (1 - 0.8) × 1,000,000: not beyond
        (-1_000_000, -1_200_001, RED),
        (0, 0, OK),
        (0, 1, OK),
        (0, -1, RED),  # any shortfall against a plan of 0
    ],
)
def test_profit_lines_with_plan_at_or_below_zero_judge_the_amount(plan, actual, status):
    assert judge("operating_income", D(plan), D(actual)) == status
    assert variance.achievement(D(plan), D(actual)) is None


def test_organization_thresholds_change_the_status():
    strict = Thresholds(amber=D("0.95"), red=D("0.90"))
    assert judge("net_sales", D(100), D(94), strict) == AMBER
    assert judge("net_sales", D(100), D(89), strict) == RED
    assert judge("sga", D(100), D(106), strict) == AMBER
    assert judge("sga", D(100), D(111), strict) == RED


def test_thresholds_out_of_order_are_refused():
    with pytest.raises(ValueError, match="しきい値"):
        Thresholds(amber=D("0.80"), red=D("0.90"))
    with pytest.raises(ValueError):
        Thresholds(amber=D("1.10"), red=D("0.90"))


def test_balance_lines_more_cash_is_good_more_debt_is_bad():
    assert judge("cash_and_deposits", D(100), D(85)) == AMBER
    assert judge("borrowings", D(100), D(115)) == AMBER
    assert judge("borrowings", D(100), D(85)) == OK


def test_status_none_without_plan_or_actual():
    table = monitoring_table(
        plan=PLAN,
        actual={"net_sales": {Month(2025, 4): 1}},
        first_month="2025-04",
        last_month="2025-05",
        fiscal_year_end_month=MARCH,
    )
    may = table.row("net_sales").at("2025-05").cell
    assert (may.actual, may.variance, may.achievement, may.status) == (None, None, None, NONE)
    # balance lines have no monthly plan
    cash = table.row("cash_and_deposits").at("2025-04").cell
    assert (cash.plan, cash.actual, cash.status) == (None, None, NONE)


def test_year_to_date_sums_from_the_fiscal_year_start_and_restarts_after_the_closing_month():
    actual_sales = dict(zip(_months("2025-01", 6), [1, 2, 3, 4, 5, 6], strict=True))  # Jan..Jun 2025
    plan = {"net_sales": {m: 10 for m in _months("2025-01", 6)}}
    table = monitoring_table(
        plan=plan,
        actual={"net_sales": actual_sales},
        first_month="2025-02",
        last_month="2025-06",
        fiscal_year_end_month=MARCH,
    )
    row = table.row("net_sales")
    march = row.at("2025-03").ytd  # FY2025 runs from 2024-04: 2024-04..12 have no figures
    assert (march.plan, march.actual, march.status) == (None, None, NONE)
    april, june = row.at("2025-04").ytd, row.at("2025-06").ytd  # new fiscal year from April
    assert (april.plan, april.actual) == (D(10), D(4))
    assert (june.plan, june.actual, june.variance) == (D(30), D(15), D(-15))
    assert june.achievement == D("0.5") and june.status == RED
    assert row.year_to_date == june


def test_year_to_date_with_a_december_closing_and_the_prior_year():
    months = _months("2024-01", 15)  # 2024-01 .. 2025-03
    actual = {"net_sales": {m: 100 + i for i, m in enumerate(months)}}
    plan = {"net_sales": {m: 110 for m in _months("2025-01", 3)}}
    table = monitoring_table(
        plan=plan, actual=actual, first_month="2025-01", last_month="2025-03", fiscal_year_end_month=12
    )
    march = table.row("net_sales").at("2025-03")
    assert march.cell.prior_year == D(102)  # 2024-03
    assert (march.ytd.plan, march.ytd.actual, march.ytd.prior_year) == (D(330), D(112 + 113 + 114), D(303))


def test_a_missing_month_leaves_the_year_to_date_unknown_rather_than_comparing_unlike_periods():
    plan = {"net_sales": _flat(100, "2025-04", 3)}
    actual = {"net_sales": {Month(2025, 4): 100, Month(2025, 6): 100}}
    table = monitoring_table(
        plan=plan, actual=actual, first_month="2025-04", last_month="2025-06", fiscal_year_end_month=MARCH
    )
    assert table.row("net_sales").at("2025-06").ytd.actual is None
    assert table.row("net_sales").at("2025-06").ytd.plan == D(300)


def test_balance_year_to_date_is_the_latest_month_not_a_sum():
    actual = {
        "cash_and_deposits": {Month(2025, 4): 5_000_000, Month(2025, 5): 4_000_000},
        "borrowings": {Month(2025, 5): 30_000_000},
    }
    table = monitoring_table(
        plan={}, actual=actual, first_month="2025-04", last_month="2025-05", fiscal_year_end_month=MARCH
    )
    assert table.row("cash_and_deposits").year_to_date.actual == D(4_000_000)
    assert table.row("borrowings").at("2025-04").cell.actual is None  # unknown, not 0
    assert table.row("borrowings").year_to_date.actual == D(30_000_000)


def test_computed_lines_given_as_input_are_ignored_and_dates_are_accepted_as_months():
    actual = {
        "net_sales": {dt.date(2025, 4, 1): 1000},
        "cost_of_sales": {dt.date(2025, 4, 30): 400},
        "gross_profit": {dt.date(2025, 4, 1): 999_999},
    }
    table = monitoring_table(
        plan={},
        actual=actual,
        first_month=dt.date(2025, 4, 1),
        last_month="2025-04",
        fiscal_year_end_month=MARCH,
    )
    assert table.row("gross_profit").at("2025-04").cell.actual == D(600)


def test_net_income_uses_the_extra_input_lines():
    actual = {
        "net_sales": {Month(2025, 4): 1000},
        "cost_of_sales": {Month(2025, 4): 300},
        "sga": {Month(2025, 4): 200},
        "non_operating_income": {Month(2025, 4): 50},
        "non_operating_expenses": {Month(2025, 4): 30},
        "extraordinary_income": {Month(2025, 4): 10},
        "extraordinary_losses": {Month(2025, 4): 120},
        "income_taxes": {Month(2025, 4): 100},
    }
    table = monitoring_table(
        plan={}, actual=actual, first_month="2025-04", last_month="2025-04", fiscal_year_end_month=MARCH
    )
    values = {row.key: row.months[0].cell.actual for row in table.rows}
    assert values["operating_income"] == D(500)
    assert values["ordinary_income"] == D(520)
    assert values["net_income"] == D(310)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        monitoring_table(
            plan={"net_sales": {"2025-04": 0.1}},
            actual={},
            first_month="2025-04",
            last_month="2025-04",
            fiscal_year_end_month=MARCH,
        )


def test_flagged_lists_highlighted_month_cells_and_trend_gives_chart_series():
    actual = {
        "net_sales": {m: 7_000_000 for m in _months("2025-04", 2)},
        "cost_of_sales": {m: 4_000_000 for m in _months("2025-04", 2)},
        "sga": {m: 3_000_000 for m in _months("2025-04", 2)},
    }
    table = monitoring_table(
        plan=PLAN, actual=actual, first_month="2025-04", last_month="2025-05", fiscal_year_end_month=MARCH
    )
    flagged = {(key, str(month)) for key, month, _cell in table.flagged()}
    assert ("net_sales", "2025-04") in flagged and ("operating_income", "2025-05") in flagged
    assert ("sga", "2025-04") not in flagged
    sales, gross, operating = variance.trend(table)
    assert [str(m) for m in sales.months] == ["2025-04", "2025-05"]
    assert sales.plan == (D(10_000_000), D(10_000_000))
    assert sales.cumulative_plan == (D(10_000_000), D(20_000_000))
    assert sales.cumulative_actual == (D(7_000_000), D(14_000_000))
    assert gross.cumulative_actual == (D(3_000_000), D(6_000_000))
    assert operating.actual == (D(0), D(0)) and operating.cumulative_plan == (D(1_000_000), D(2_000_000))
