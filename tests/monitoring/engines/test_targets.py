from decimal import Decimal

from banso.monitoring.engines.months import fiscal_year_months
from banso.monitoring.engines.targets import PlanYearFigures, Yardsticks, plan_targets, plan_year_figures

D = Decimal


def year(fy, **values):
    return PlanYearFigures(fiscal_year=fy, **{k: D(v) for k, v in values.items()})


def test_ordinary_profit_and_net_assets_years_against_the_yardsticks():
    years = [
        year(2026, ordinary_income=-3_000_000, net_assets=-20_000_000),
        year(2027, ordinary_income=-500_000, net_assets=-18_000_000),
        year(2028, ordinary_income=2_000_000, net_assets=-14_000_000),
        year(2029, ordinary_income=4_000_000, net_assets=-8_000_000),
        year(2030, ordinary_income=6_000_000, net_assets=1_000_000),
    ]
    targets = plan_targets(years, fiscal_year_end_month=3)
    ordinary = targets.ordinary_profit
    assert (ordinary.fiscal_year, ordinary.plan_year, ordinary.stays, ordinary.meets) == (2028, 3, True, True)
    assert ordinary.yardstick == "3年以内"
    net_assets = targets.net_assets
    assert (net_assets.fiscal_year, net_assets.plan_year, net_assets.meets) == (2030, 5, True)
    assert targets.final_year == 2030


def test_a_relapse_into_loss_fails_the_ordinary_profit_target_and_names_the_year():
    years = [
        year(2026, ordinary_income=1),
        year(2027, ordinary_income=-1),
        year(2028, ordinary_income=5),
    ]
    ordinary = plan_targets(years, fiscal_year_end_month=9).ordinary_profit
    assert (ordinary.fiscal_year, ordinary.plan_year, ordinary.stays, ordinary.meets) == (
        2026,
        1,
        False,
        False,
    )
    assert ordinary.note == "2027年9月期に再び経常赤字になります。"


def test_targets_not_reached_or_not_given():
    years = [year(2026, ordinary_income=-1), year(2027, ordinary_income=0)]
    targets = plan_targets(years, fiscal_year_end_month=3)
    assert (targets.ordinary_profit.fiscal_year, targets.ordinary_profit.meets) == (None, False)
    assert targets.ordinary_profit.note == "計画期間中に経常黒字になりません。"
    assert (targets.net_assets.meets, targets.net_assets.note) == (None, "純資産が入力されていません。")
    assert targets.debt_repayment_years.value is None
    assert targets.debt_repayment_years.note == "2027年3月期の有利子負債が入力されていません。"


def test_late_ordinary_profit_misses_the_three_year_yardstick():
    years = [year(2026 + i, ordinary_income=-1 if i < 3 else 1) for i in range(5)]
    ordinary = plan_targets(years, fiscal_year_end_month=3).ordinary_profit
    assert (ordinary.plan_year, ordinary.meets) == (4, False)
    assert (
        plan_targets(
            years, fiscal_year_end_month=3, yardsticks=Yardsticks(ordinary_profit_within_years=4)
        ).ordinary_profit.meets
        is True
    )


def test_debt_repayment_years_and_ratios_at_plan_end():
    last = year(
        2030,
        operating_income=9_000_000,
        ordinary_income=8_000_000,
        income_taxes=2_000_000,
        depreciation=3_000_000,
        net_assets=5_000_000,
        borrowings=120_000_000,
        cash_and_deposits=15_000_000,
        receivables=20_000_000,
        inventories=10_000_000,
        payables=12_000_000,
    )
    targets = plan_targets([year(2029, ordinary_income=1), last], fiscal_year_end_month=3)
    # (120 − 15 − (20 + 10 − 12)) ÷ (8 − 2 + 3) = 87 ÷ 9 = 9.666…
    debt_years = targets.debt_repayment_years
    assert debt_years.value.quantize(D("0.01")) == D("9.67") and debt_years.meets is True
    assert debt_years.yardstick == "10年以下"
    # 120 ÷ 9 = 13.33…: over 10
    assert targets.debt_to_cash_flow.value.quantize(D("0.01")) == D("13.33")
    assert targets.debt_to_cash_flow.meets is False
    # (120 − 15) ÷ (9 + 3) = 8.75
    assert targets.ebitda_multiple.value == D("8.75") and targets.ebitda_multiple.meets is True
    assert targets.ebitda_multiple.yardstick == "10倍以下"


def test_no_repayment_source_and_no_net_debt():
    no_source = year(
        2030,
        operating_income=-2_000_000,
        ordinary_income=-1_000_000,
        depreciation=1_000_000,
        borrowings=50_000_000,
    )
    targets = plan_targets([no_source], fiscal_year_end_month=3)
    assert targets.debt_repayment_years.value is None and targets.debt_repayment_years.meets is False
    assert targets.debt_repayment_years.note.startswith("返済原資がありません")
    assert targets.ebitda_multiple.note.startswith("返済原資がありません")
    cash_rich = year(2030, operating_income=1, ordinary_income=1, borrowings=10, cash_and_deposits=30)
    targets = plan_targets([cash_rich], fiscal_year_end_month=3)
    assert (targets.debt_repayment_years.value, targets.debt_repayment_years.note) == (D(0), "実質無借金です")
    assert targets.ebitda_multiple.value == D(0)


def test_ebitda_multiple_fails_with_negative_net_assets():
    last = year(2030, operating_income=10, ordinary_income=10, borrowings=50, net_assets=-1)
    ebitda = plan_targets([last], fiscal_year_end_month=3).ebitda_multiple
    assert ebitda.value == D(5) and ebitda.meets is False
    assert "純資産が0円以下" in ebitda.note


def test_plan_year_figures_add_the_months_of_each_fiscal_year():
    months = fiscal_year_months(2027, 3) + fiscal_year_months(2028, 3)[:11]  # FY2028 lacks March
    amounts = {
        "net_sales": {m: 1_000_000 for m in months},
        "cost_of_sales": {m: 600_000 for m in months},
        "sga": {m: 300_000 for m in months},
        "depreciation": {m: 50_000 for m in months},
        "non_operating_expenses": {m: 10_000 for m in months},
        "income_taxes": {months[11]: 200_000},
    }
    first, second = plan_year_figures(
        amounts=amounts,
        balances={2027: {"borrowings": 30_000_000, "net_assets": -1}},
        fiscal_years=[2027, 2028],
        fiscal_year_end_month=3,
    )
    assert first.operating_income == D(1_200_000)
    assert first.ordinary_income == D(1_080_000)
    assert first.depreciation == D(600_000) and first.income_taxes == D(200_000)
    assert (first.borrowings, first.net_assets, first.cash_and_deposits) == (D(30_000_000), D(-1), None)
    assert second.ordinary_income is None  # eleven months only
