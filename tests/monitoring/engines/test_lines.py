from decimal import Decimal as D

import pytest

from banso.monitoring.engines import lines


def test_line_list_holds_the_keys_of_the_plan():
    assert lines.LINE_KEYS == (
        "net_sales", "cost_of_sales", "gross_profit", "sga", "personnel_costs", "depreciation",
        "operating_income", "non_operating_income", "non_operating_expenses", "ordinary_income",
        "extraordinary_income", "extraordinary_losses", "income_taxes", "net_income",
        "cash_and_deposits", "borrowings",
    )  # fmt: skip
    assert lines.COMPUTED_KEYS == ("gross_profit", "operating_income", "ordinary_income", "net_income")
    assert "gross_profit" not in lines.INPUT_KEYS
    assert lines.line("personnel_costs").part_of == "sga"
    assert lines.line("depreciation").part_of == "sga"
    assert lines.line("sga").kind == lines.COST and not lines.line("sga").higher_is_better
    assert lines.line("operating_income").kind == lines.PROFIT
    assert lines.BALANCE_KEYS == ("cash_and_deposits", "borrowings")
    assert "cash_and_deposits" not in lines.PLAN_KEYS and "net_sales" in lines.PLAN_KEYS
    assert lines.label("sga") == "販売費及び一般管理費"
    with pytest.raises(KeyError):
        lines.line("nope")


def test_complete_derives_every_profit_line():
    result = lines.complete(
        {
            "net_sales": D(10_000),
            "cost_of_sales": D(6_000),
            "sga": D(3_000),
            "personnel_costs": D(1_500),
            "non_operating_income": D(200),
            "non_operating_expenses": D(500),
            "extraordinary_income": D(100),
            "extraordinary_losses": D(300),
            "income_taxes": 150,
        }
    )
    assert result["gross_profit"] == D(4_000)
    assert result["operating_income"] == D(1_000)
    assert result["ordinary_income"] == D(700)
    assert result["net_income"] == D(350)
    assert result["personnel_costs"] == D(1_500)  # a part of sga, not subtracted again
    assert result["cash_and_deposits"] is None


def test_complete_missing_optional_lines_count_as_zero_and_required_ones_make_none():
    result = lines.complete({"net_sales": D(100), "cost_of_sales": D(120), "sga": D(10)})
    assert result["gross_profit"] == D(-20)
    assert result["operating_income"] == D(-30)
    assert result["ordinary_income"] == D(-30)
    assert result["net_income"] == D(-30)
    partial = lines.complete({"net_sales": D(100), "cost_of_sales": D(50)})
    assert partial["gross_profit"] == D(50)
    assert partial["operating_income"] is None
    assert partial["ordinary_income"] is None and partial["net_income"] is None


def test_complete_ignores_given_computed_values_and_does_not_change_its_argument():
    given = {"net_sales": D(100), "cost_of_sales": D(40), "gross_profit": D(999)}
    result = lines.complete(given)
    assert result["gross_profit"] == D(60)
    assert given["gross_profit"] == D(999)


def test_total_sums_flows_and_keeps_the_latest_balance():
    months = [
        {"net_sales": D(100), "cost_of_sales": D(60), "sga": D(30), "cash_and_deposits": D(500)},
        {"net_sales": D(200), "cost_of_sales": D(110), "sga": D(30), "cash_and_deposits": D(450)},
        {"net_sales": D(50), "cost_of_sales": D(20), "sga": D(30), "borrowings": D(1_000)},
    ]
    result = lines.total(months)
    assert result["net_sales"] == D(350)
    assert result["gross_profit"] == D(160)
    assert result["operating_income"] == D(70)
    assert result["cash_and_deposits"] == D(450)  # the latest month that has it
    assert result["borrowings"] == D(1_000)
    assert result["income_taxes"] is None
    assert lines.total([])["net_sales"] is None
