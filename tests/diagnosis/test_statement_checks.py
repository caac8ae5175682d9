"""Statement checks before a year may be confirmed (statement_checks.py): balance, P&L, required lines."""

from __future__ import annotations

import pytest

from banso.diagnosis.engines.statement_checks import check_statement, money
from tests.diagnosis.factories import statement_values

TOLERANCE = 3000


def check(employees=12, **overrides):
    return check_statement(statement_values(**overrides), employees=employees, tolerance=TOLERANCE)


def fields(result) -> list[str]:
    return [p.field for p in result.problems]


def test_balanced_statement_passes_without_notes():
    result = check()
    assert result.ok
    assert result.notes == ()


@pytest.mark.parametrize("difference", [3000, -3000, 2999, -1])
def test_balance_within_rounding_tolerance_passes(difference):
    # 総資産 150,000,000 vs 負債合計 + 純資産 (105,000,000 + 45,000,000 − difference)
    assert check(net_assets=45_000_000 - difference).ok


@pytest.mark.parametrize("difference", [3001, -3001, 1_000_000])
def test_balance_beyond_tolerance_is_a_problem_in_both_directions(difference):
    # 総資産 moves away from 負債合計 105,000,000 + 純資産 45,000,000
    result = check(total_assets=150_000_000 + difference)
    assert fields(result) == ["total_liabilities"]
    assert result.problems[0].message.startswith("貸借が一致しません。")
    assert f"差額 {money(difference)}" in result.problems[0].message


def test_balance_message_names_the_figures():
    result = check(total_liabilities=100_000_000, long_term_borrowings=57_000_000)
    assert result.messages() == [
        "貸借が一致しません。総資産 150,000千円 に対し、負債合計 100,000千円 ＋ 純資産 45,000千円 ＝ "
        "145,000千円 です"
        "（差額 5,000千円）。決算書の数字をご確認ください。"
    ]


def test_liability_lines_must_fit_inside_total_liabilities():
    # 14 + 3 + 20 + 62 + 6 = 105 百万円; raising 長期借入金 by 10 百万円 exceeds 負債合計
    result = check(long_term_borrowings=72_000_000)
    assert fields(result) == ["total_liabilities"]
    assert "負債の内訳" in result.problems[0].message
    assert "115,000千円" in result.problems[0].message


def test_without_total_liabilities_the_implied_liabilities_must_hold_the_lines():
    # implied 負債 = 150 − 45 = 105 百万円 ≥ lines 105 → ok, with a note that the check was partial
    partial = check(total_liabilities=None)
    assert partial.ok
    assert partial.notes[0].startswith("負債合計が未入力のため")
    # 純資産 60 → implied 90 < lines 105
    short = check(total_liabilities=None, net_assets=60_000_000)
    assert fields(short) == ["total_assets"]
    assert "総資産 − 純資産 ＝ 90,000千円" in short.problems[0].message


def test_net_assets_above_total_assets_without_total_liabilities():
    result = check(total_liabilities=None, net_assets=160_000_000)
    assert fields(result) == ["net_assets"]
    assert "負債がマイナス" in result.problems[0].message


def test_asset_lines_must_fit_inside_total_assets():
    # 30 + 30 + 5 + 17.5 = 82.5 百万円; 現預金 100 百万円 → 152.5 > 150
    result = check(cash_and_deposits=100_000_000)
    assert fields(result) == ["total_assets"]
    assert "資産の内訳" in result.problems[0].message


def test_operating_income_must_equal_sales_minus_costs():
    # 210 − 150 − 51.6 = 8.4 百万円; entered 9.4 → 1,000千円 off
    result = check(operating_income=9_400_000)
    assert result.messages() == [
        "営業利益が合いません。売上高 210,000千円 − 売上原価 150,000千円 − 販管費 51,600千円 ＝ 8,400千円"
        "（売上総利益 60,000千円 − 販管費）ですが、営業利益は 9,400千円 です（差額 1,000千円）。"
    ]
    assert check(operating_income=8_402_000).ok  # within the 3,000円 tolerance


def test_operating_check_skipped_when_cost_lines_are_blank():
    assert check(cost_of_sales=None, sga=None, operating_income=1).ok


def test_missing_cost_line_counts_as_zero_when_the_other_is_entered():
    result = check(cost_of_sales=None)  # 210 − 0 − 51.6 = 158.4 ≠ 8.4
    assert fields(result) == ["operating_income"]


def test_required_lines_for_confirming():
    result = check_statement({}, employees=None, tolerance=TOLERANCE)
    assert fields(result) == ["net_sales", "operating_income", "total_assets", "net_assets", "employees"]
    assert result.messages()[0] == "確定するには売上高を入力してください。"


def test_money_shows_thousands_or_exact_yen():
    assert money(12_345_000) == "12,345千円"
    assert money(12_345_678) == "12,345,678円"
    assert money(-1_000) == "△1千円"
