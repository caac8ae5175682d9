"""ローカルベンチマーク engine: formulas, edge cases, scoring boundaries, rank, size rule (docs/domain.md §3).

Every expected number below is worked out by hand in the comment next to it; the benchmark cut points
quoted are those of the shipped 2018 table (banso/diagnosis/engines/data/locaben_benchmarks_2018.csv).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings

from banso.companies.engines.size import size_for
from banso.diagnosis.engines.benchmark_table import load_shipped_table
from banso.diagnosis.engines.localbenchmark import (
    INDICATORS,
    BenchmarkRow,
    EvaluationOptions,
    IndicatorBenchmark,
    IndicatorKey,
    Size,
    Statement,
    evaluate,
    format_value,
    rank_for,
    score_value,
)

D = Decimal
K = IndicatorKey


def company_size(code: str, employees: int) -> str:
    """The size row the companies area picks with Banso's default settings (see test_size_rule.py)."""
    return size_for(
        industry_code=code,
        employees=employees,
        commerce_service_industries=settings.BANSO_COMMERCE_SERVICE_INDUSTRIES,
        small_max=settings.BANSO_SMALL_COMPANY_MAX_EMPLOYEES,
        small_commerce_max=settings.BANSO_SMALL_COMMERCE_MAX_EMPLOYEES,
    )


def row(code: str, size: str) -> BenchmarkRow:
    return load_shipped_table().get(code, size)


def scores(result) -> list[int | None]:
    return [ind.score for ind in result.indicators]


# A plain statement whose indicators are easy to read; tests override what they exercise.
def statement(**overrides) -> Statement:
    base = dict(
        net_sales=100_000_000,
        operating_income=5_000_000,
        depreciation=1_000_000,
        cash_and_deposits=10_000_000,
        accounts_receivable=10_000_000,
        inventories=5_000_000,
        accounts_payable=5_000_000,
        short_term_borrowings=10_000_000,
        long_term_borrowings=20_000_000,
        net_assets=30_000_000,
        total_assets=100_000_000,
        employees=10,
    )
    base.update(overrides)
    return Statement(**base)


PREVIOUS = Statement(net_sales=80_000_000)


# ---------------------------------------------------------------------------------------------------
# Formulas, one by one
# ---------------------------------------------------------------------------------------------------


def test_sales_growth_formula():
    # 100,000,000 ÷ 80,000,000 − 1 = 0.25 → 25 %
    result = evaluate(statement(), PREVIOUS, row("0304", "small"))
    ind = result.indicator(K.SALES_GROWTH)
    assert ind.value == D(25)
    assert ind.display == "25.0%"
    assert ind.reason is None


def test_sales_growth_decline_is_negative():
    # 72,000,000 ÷ 80,000,000 − 1 = −0.1 → −10 %
    result = evaluate(statement(net_sales=72_000_000), PREVIOUS, row("0304", "small"))
    assert result.indicator(K.SALES_GROWTH).value == D(-10)
    assert result.indicator(K.SALES_GROWTH).display == "-10.0%"


def test_operating_margin_formula():
    # 5,000,000 ÷ 100,000,000 = 0.05 → 5 %
    assert evaluate(statement(), PREVIOUS, row("0304", "small")).indicator(K.OPERATING_MARGIN).value == D(5)


def test_labor_productivity_is_thousand_yen_per_employee():
    # 営業利益 5,000,000 円 = 5,000 千円; ÷ 10 人 = 500 千円/人
    ind = evaluate(statement(), PREVIOUS, row("0304", "small")).indicator(K.LABOR_PRODUCTIVITY)
    assert ind.value == D(500)
    assert ind.unit == "千円/人"
    assert ind.display == "500千円"


def test_labor_productivity_display_rounds_to_whole_thousand_yen_half_up():
    # 5,000千円 ÷ 8 人 = 625 千円; 5,004千円 ÷ 8 = 625.5 → 626 (四捨五入); 1,234,567千円 ÷ 1 → "1,234,567千円"
    lb = row("0304", "small")
    assert evaluate(statement(employees=8), PREVIOUS, lb).indicator(K.LABOR_PRODUCTIVITY).display == "625千円"
    s = statement(operating_income=5_004_000, employees=8)
    ind = evaluate(s, PREVIOUS, lb).indicator(K.LABOR_PRODUCTIVITY)
    assert ind.value == D("625.5")
    assert ind.display == "626千円"
    big = evaluate(statement(operating_income=1_234_567_000, employees=1), PREVIOUS, lb)
    assert big.indicator(K.LABOR_PRODUCTIVITY).display == "1,234,567千円"


def test_ebitda_debt_ratio_formula():
    # 借入金 10,000,000 + 20,000,000 = 30,000,000; − 現預金 10,000,000 = 20,000,000
    # 営業利益 5,000,000 + 減価償却費 1,000,000 = 6,000,000; 20,000,000 ÷ 6,000,000 = 3.333… 倍
    ind = evaluate(statement(), PREVIOUS, row("0304", "small")).indicator(K.EBITDA_DEBT_RATIO)
    assert ind.value == D(20) / D(6)
    assert ind.display == "3.3倍"
    assert ind.note is None


def test_ebitda_debt_ratio_includes_bonds_and_lease_only_when_set():
    # 社債 6,000,000 is always debt: (30,000,000 + 6,000,000 − 10,000,000) ÷ 6,000,000 = 4.333…
    # リース債務 3,000,000 only with the setting: (39,000,000 − 10,000,000) ÷ 6,000,000 = 4.8333…
    s = statement(bonds=6_000_000, lease_obligations=3_000_000)
    lb = row("0304", "small")
    assert evaluate(s, PREVIOUS, lb).indicator(K.EBITDA_DEBT_RATIO).value == D(26) / D(6)
    with_lease = evaluate(s, PREVIOUS, lb, EvaluationOptions(include_lease_obligations=True))
    assert with_lease.indicator(K.EBITDA_DEBT_RATIO).value == D(29) / D(6)
    assert with_lease.indicator(K.EBITDA_DEBT_RATIO).display == "4.8倍"


def test_working_capital_months_formula_with_all_receivable_and_payable_kinds():
    # 売上債権 = 売掛金 10,000,000 + 受取手形 2,000,000 + 電子記録債権 1,000,000 = 13,000,000
    # 買入債務 = 買掛金 5,000,000 + 支払手形 1,500,000 + 電子記録債務 500,000 = 7,000,000
    # 運転資本 = 13,000,000 + 棚卸 5,000,000 − 7,000,000 = 11,000,000; 月商 = 100,000,000 ÷ 12
    # 11,000,000 ÷ (100,000,000 ÷ 12) = 132,000,000 ÷ 100,000,000 = 1.32 ヶ月
    s = statement(
        notes_receivable=2_000_000,
        electronic_receivables=1_000_000,
        notes_payable=1_500_000,
        electronic_payables=500_000,
    )
    ind = evaluate(s, PREVIOUS, row("0304", "small")).indicator(K.WORKING_CAPITAL_MONTHS)
    assert ind.value == D("1.32")
    assert ind.display == "1.3ヶ月"


def test_working_capital_can_be_negative():
    # 売掛金 1,000,000 + 棚卸 0 − 買掛金 6,000,000 = −5,000,000; ÷ (120,000,000 ÷ 12 = 10,000,000) = −0.5
    s = statement(
        net_sales=120_000_000, accounts_receivable=1_000_000, inventories=0, accounts_payable=6_000_000
    )
    ind = evaluate(s, PREVIOUS, row("0304", "small")).indicator(K.WORKING_CAPITAL_MONTHS)
    assert ind.value == D("-0.5")
    assert ind.score == 5  # −0.5 ≤ ⅰ 0.2478


def test_equity_ratio_formula_and_negative_net_assets():
    # 30,000,000 ÷ 100,000,000 = 30 %; 債務超過 −5,000,000 ÷ 100,000,000 = −5 %
    lb = row("0304", "small")
    assert evaluate(statement(), PREVIOUS, lb).indicator(K.EQUITY_RATIO).value == D(30)
    assert evaluate(statement(net_assets=-5_000_000), PREVIOUS, lb).indicator(K.EQUITY_RATIO).value == D(-5)


def test_missing_sub_items_count_as_zero():
    # Only 売掛金 entered: (8,000,000 + 0 − 0) ÷ (96,000,000 ÷ 12 = 8,000,000) = 1 ヶ月;
    # no borrowings and no cash: net debt 0 with positive cash flow → 0倍
    s = Statement(
        net_sales=96_000_000,
        operating_income=1_000_000,
        accounts_receivable=8_000_000,
        net_assets=1,
        total_assets=2,
        employees=3,
    )
    result = evaluate(s, None, row("0304", "small"))
    assert result.indicator(K.WORKING_CAPITAL_MONTHS).value == D(1)
    assert result.indicator(K.EBITDA_DEBT_RATIO).value == D(0)


def test_decimal_amounts_accepted_and_results_do_not_depend_on_callers_decimal_context():
    import decimal

    # 1,234,567 ÷ 100,000,000 × 100 = 1.234567 % — seven significant digits, kept even when the caller
    # has set a 3-digit decimal context (which would give 1.23).
    s = statement(net_sales=D("100000000"), operating_income=D("1234567"))
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        result = evaluate(s, PREVIOUS, row("0304", "small"))
        rounded = result.indicator(K.OPERATING_MARGIN).rounded_value
        big = format_value(D("1234567.4"), K.LABOR_PRODUCTIVITY)
    assert result.indicator(K.OPERATING_MARGIN).value == D("1.234567")
    assert rounded == D("1.2")
    assert big == "1,234,567千円"


def test_six_indicators_in_domain_order_with_labels_units_hints_and_medians():
    result = evaluate(statement(), PREVIOUS, row("0304", "small"))
    assert [i.key.value for i in result.indicators] == [
        "sales_growth",
        "operating_margin",
        "labor_productivity",
        "ebitda_debt_ratio",
        "working_capital_months",
        "equity_ratio",
    ]
    assert [i.label_ja for i in result.indicators] == [
        "売上増加率",
        "営業利益率",
        "労働生産性",
        "EBITDA有利子負債倍率",
        "営業運転資本回転期間",
        "自己資本比率",
    ]
    assert [i.unit for i in result.indicators] == ["%", "%", "千円/人", "倍", "ヶ月", "%"]
    assert all(i.hint and "。" in i.hint for i in result.indicators)
    # medians of 0304 小規模事業者
    assert [i.median for i in result.indicators] == [
        D("-1.6467"),
        D("1.2064"),
        D("315.4167"),
        D("8.7649"),
        D("1.7383"),
        D("24.2759"),
    ]
    assert result.indicator("operating_margin").cut_points == (
        D("-10.2622"),
        D("-1.4648"),
        D("3.271"),
        D("9.1849"),
    )


# ---------------------------------------------------------------------------------------------------
# Edge cases (docs/domain.md §3.2)
# ---------------------------------------------------------------------------------------------------


def test_no_previous_year_gives_five_indicators_and_no_rank():
    result = evaluate(statement(), None, row("0304", "small"))
    ind = result.indicator(K.SALES_GROWTH)
    assert (ind.value, ind.score, ind.display) == (None, None, "—")
    assert "前期" in ind.reason
    assert result.scored_count == 5
    assert result.rank is None
    assert "5指標" in result.total_display
    assert "ランクなし" in result.total_display


def test_previous_sales_zero_is_not_computed():
    result = evaluate(statement(), Statement(net_sales=0), row("0304", "small"))
    ind = result.indicator(K.SALES_GROWTH)
    assert ind.value is None and ind.score is None
    assert ind.reason == "前期の売上高が0円のため計算できません。"
    assert (result.scored_count, result.rank) == (5, None)


def test_previous_sales_not_entered_is_not_computed():
    result = evaluate(statement(), Statement(), row("0304", "small"))
    assert result.indicator(K.SALES_GROWTH).reason == "前期の売上高が未入力のため計算できません。"
    assert result.rank is None


def test_employees_zero_leaves_productivity_uncomputed_and_no_rank():
    result = evaluate(statement(employees=0), PREVIOUS, row("0304", "small"))
    ind = result.indicator(K.LABOR_PRODUCTIVITY)
    assert (ind.value, ind.score, ind.display) == (None, None, "—")
    assert ind.reason == "従業員数が0人のため計算できません。"
    assert result.scored_count == 5
    assert result.rank is None


@pytest.mark.parametrize(
    ("operating_income", "depreciation"),
    [
        (-1_000_000, 1_000_000),  # −1,000,000 + 1,000,000 = 0 → "≤ 0" includes 0
        (-3_000_000, 1_000_000),  # −2,000,000
    ],
)
def test_non_positive_cash_flow_scores_one_and_shows_dash(operating_income, depreciation):
    s = statement(operating_income=operating_income, depreciation=depreciation)
    result = evaluate(s, PREVIOUS, row("0304", "small"))
    ind = result.indicator(K.EBITDA_DEBT_RATIO)
    assert ind.value is None
    assert ind.display == "—"
    assert ind.score == 1
    assert "返済できない" in ind.reason
    assert result.scored_count == 6  # ④ counts as scored, so a rank is given
    assert result.rank is not None


def test_non_positive_cash_flow_scores_one_even_without_debt():
    # Banso applies the cash-flow rule first: no debt but 営業利益 + 減価償却費 = −500,000 → 1 point.
    s = statement(operating_income=-1_500_000, short_term_borrowings=0, long_term_borrowings=0)
    ind = evaluate(s, PREVIOUS, row("0304", "small")).indicator(K.EBITDA_DEBT_RATIO)
    assert (ind.value, ind.score) == (None, 1)


@pytest.mark.parametrize("cash", [30_000_000, 50_000_000])  # net debt 0 and −20,000,000
def test_net_debt_not_positive_with_positive_cash_flow_is_zero_times_and_five(cash):
    s = statement(cash_and_deposits=cash)
    ind = evaluate(s, PREVIOUS, row("0304", "small")).indicator(K.EBITDA_DEBT_RATIO)
    assert ind.value == D(0)
    assert ind.display == "0.0倍"
    assert ind.score == 5
    assert ind.reason is None
    assert "実質無借金" in ind.note


def test_net_debt_rule_forces_five_even_where_the_best_cut_point_is_positive():
    # 0201 中規模 ⅰ = 0.4707: a negative raw ratio would score 5 anyway; the rule also pins the value to 0.
    s = statement(cash_and_deposits=90_000_000)  # 30,000,000 − 90,000,000 = −60,000,000
    ind = evaluate(s, PREVIOUS, row("0201", "medium")).indicator(K.EBITDA_DEBT_RATIO)
    assert (ind.value, ind.score) == (D(0), 5)


def test_sales_zero_leaves_margin_and_working_capital_uncomputed():
    # ① is still computable: 0 ÷ 80,000,000 − 1 = −100 %
    result = evaluate(statement(net_sales=0), PREVIOUS, row("0304", "small"))
    for key in (K.OPERATING_MARGIN, K.WORKING_CAPITAL_MONTHS):
        ind = result.indicator(key)
        assert (ind.value, ind.score, ind.display) == (None, None, "—")
        assert ind.reason == "売上高が0円のため計算できません。"
    assert result.indicator(K.SALES_GROWTH).value == D(-100)
    assert result.scored_count == 4
    assert result.rank is None


def test_total_assets_zero_leaves_equity_ratio_uncomputed():
    result = evaluate(statement(total_assets=0, net_assets=0), PREVIOUS, row("0304", "small"))
    ind = result.indicator(K.EQUITY_RATIO)
    assert (ind.value, ind.score) == (None, None)
    assert ind.reason == "総資産が0円のため計算できません。"


def test_principal_figures_not_entered_give_reasons_not_errors():
    result = evaluate(Statement(), None, row("0304", "small"))
    assert [i.score for i in result.indicators] == [None] * 6
    assert result.indicator(K.OPERATING_MARGIN).reason == "売上高が未入力のため計算できません。"
    assert result.indicator(K.LABOR_PRODUCTIVITY).reason == "従業員数が未入力のため計算できません。"
    assert result.indicator(K.EBITDA_DEBT_RATIO).reason == "営業利益が未入力のため計算できません。"
    assert result.indicator(K.EQUITY_RATIO).reason == "総資産が未入力のため計算できません。"
    assert (result.total_score, result.scored_count, result.rank) == (0, 0, None)


def test_statement_refuses_float_bool_and_impossible_negatives():
    with pytest.raises(TypeError):
        Statement(net_sales=1.5)
    with pytest.raises(TypeError):
        Statement(employees=True)
    with pytest.raises(ValueError, match="売上高は0以上"):
        Statement(net_sales=-1)
    with pytest.raises(ValueError, match="従業員数は0以上"):
        Statement(employees=-1)
    # profits and 純資産 may be negative
    assert Statement(operating_income=-1, net_assets=-1).net_assets == D(-1)


# ---------------------------------------------------------------------------------------------------
# Scoring boundaries — exactly on, just above, just below every cut point
# ---------------------------------------------------------------------------------------------------

# 0304 金属製品製造業 小規模事業者
MARGIN = IndicatorBenchmark(  # ② 営業利益率, higher is better
    median=D("1.2064"), std=D("6.9605"), iv=D("-10.2622"), iii=D("-1.4648"), ii=D("3.271"), i=D("9.1849")
)
WC = IndicatorBenchmark(  # ⑤ 営業運転資本回転期間, lower is better
    median=D("1.7383"), std=D("1.5027"), iv=D("4.0653"), iii=D("2.3054"), ii=D("1.243"), i=D("0.2478")
)
EPS = D("0.0001")


@pytest.mark.parametrize(
    ("cut", "on_or_better", "worse"),
    [("i", 5, 4), ("ii", 4, 3), ("iii", 3, 2), ("iv", 2, 1)],
)
def test_higher_is_better_boundaries(cut, on_or_better, worse):
    point = getattr(MARGIN, cut)
    assert score_value(point, MARGIN, higher_is_better=True) == on_or_better  # on the point: better score
    assert score_value(point + EPS, MARGIN, higher_is_better=True) == on_or_better  # just above
    assert score_value(point - EPS, MARGIN, higher_is_better=True) == worse  # just below


@pytest.mark.parametrize(
    ("cut", "on_or_better", "worse"),
    [("i", 5, 4), ("ii", 4, 3), ("iii", 3, 2), ("iv", 2, 1)],
)
def test_lower_is_better_boundaries(cut, on_or_better, worse):
    point = getattr(WC, cut)
    assert score_value(point, WC, higher_is_better=False) == on_or_better  # on the point: better score
    assert score_value(point - EPS, WC, higher_is_better=False) == on_or_better  # just below = better
    assert score_value(point + EPS, WC, higher_is_better=False) == worse  # just above = worse


def test_scoring_extremes():
    assert score_value(D(1000), MARGIN, higher_is_better=True) == 5
    assert score_value(D(-1000), MARGIN, higher_is_better=True) == 1
    assert score_value(D(-1000), WC, higher_is_better=False) == 5
    assert score_value(D(1000), WC, higher_is_better=False) == 1


def test_margin_exactly_on_best_cut_point_through_the_engine():
    # 9,184,900 ÷ 100,000,000 × 100 = 9.1849 % = ⅰ → 5; 9,184,899 → 9.184899 % → 4
    lb = row("0304", "small")
    on = evaluate(statement(operating_income=9_184_900), PREVIOUS, lb).indicator(K.OPERATING_MARGIN)
    below = evaluate(statement(operating_income=9_184_899), PREVIOUS, lb).indicator(K.OPERATING_MARGIN)
    assert (on.value, on.score) == (D("9.1849"), 5)
    assert below.score == 4


def test_working_capital_exactly_on_best_cut_point_through_the_engine():
    # 月商 120,000,000 ÷ 12 = 10,000,000; 運転資本 2,478,000 → 0.2478 ヶ月 = ⅰ → 5; 2,478,001 → 4
    lb = row("0304", "small")

    def wc(amount: int):
        s = statement(net_sales=120_000_000, accounts_receivable=amount, inventories=0, accounts_payable=0)
        return evaluate(s, PREVIOUS, lb).indicator(K.WORKING_CAPITAL_MONTHS)

    assert (wc(2_478_000).value, wc(2_478_000).score) == (D("0.2478"), 5)
    assert wc(2_478_001).score == 4
    assert wc(2_477_999).score == 5


def test_ebitda_ratio_exactly_on_best_cut_point_through_the_engine():
    # 0304 小規模 ⅰ = 0.9428: CF 5,000,000 + 1,000,000 = 6,000,000; net debt 5,656,800 → 0.9428 倍 → 5
    # (借入金 15,656,800 − 現預金 10,000,000 = 5,656,800); one yen more → 0.94280016… → 4
    lb = row("0304", "small")
    on = statement(short_term_borrowings=0, long_term_borrowings=15_656_800)
    above = statement(short_term_borrowings=0, long_term_borrowings=15_656_801)
    assert evaluate(on, PREVIOUS, lb).indicator(K.EBITDA_DEBT_RATIO).value == D("0.9428")
    assert evaluate(on, PREVIOUS, lb).indicator(K.EBITDA_DEBT_RATIO).score == 5
    assert evaluate(above, PREVIOUS, lb).indicator(K.EBITDA_DEBT_RATIO).score == 4


def test_scoring_uses_the_unrounded_value():
    # 9,184,850 ÷ 100,000,000 × 100 = 9.18485 %: displayed "9.2%" (half-up), but 9.18485 < ⅰ 9.1849 → 4
    result = evaluate(statement(operating_income=9_184_850), PREVIOUS, row("0304", "small"))
    ind = result.indicator(K.OPERATING_MARGIN)
    assert ind.value == D("9.18485")
    assert ind.display == "9.2%"
    assert ind.rounded_value == D("9.2")
    assert ind.score == 4


def test_display_never_shows_negative_zero():
    assert format_value(D("-0.04"), K.OPERATING_MARGIN) == "0.0%"
    assert format_value(D("-0.4"), K.LABOR_PRODUCTIVITY) == "0千円"
    assert format_value(D("-0.05"), K.EQUITY_RATIO) == "-0.1%"  # half-up away from zero
    assert format_value(None, K.EQUITY_RATIO) == "—"


# ---------------------------------------------------------------------------------------------------
# Rank
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "rank"),
    [(30, "A"), (24, "A"), (23, "B"), (18, "B"), (17, "C"), (12, "C"), (11, "D"), (6, "D")],
)
def test_rank_boundaries(total, rank):
    assert rank_for(total) == rank


def test_rank_cut_offs_are_settings():
    options = EvaluationOptions(rank_a_min=26, rank_b_min=20, rank_c_min=14)
    assert [rank_for(t, options) for t in (26, 25, 20, 19, 14, 13)] == ["A", "B", "B", "C", "C", "D"]
    with pytest.raises(ValueError):
        EvaluationOptions(rank_a_min=18, rank_b_min=18)


def test_rank_setting_reaches_evaluate():
    # Company A below totals 21: B by default, A when A starts at 21.
    result = evaluate(COMPANY_A, COMPANY_A_PREVIOUS, row("0304", "small"), EvaluationOptions(rank_a_min=21))
    assert (result.total_score, result.rank) == (21, "A")


# ---------------------------------------------------------------------------------------------------
# One real benchmark row per major group (01–14)
# ---------------------------------------------------------------------------------------------------


MAJOR_GROUP_CASES = [
    # 0101 農業 中規模 ⑥: ⅱ 27.8949 ≤ 30 < ⅰ 61.8952 → 4
    ("0101", "medium", K.EQUITY_RATIO, "30", 4),
    # 0201 建設業 小規模 ①: ⅲ −1.8335 ≤ 0 < ⅱ 10.2788 → 3
    ("0201", "small", K.SALES_GROWTH, "0", 3),
    # 0303 鉄鋼・非鉄 中規模 ④ (lower): ⅲ 18.81 < 20 ≤ ⅳ 86.697 → 2
    ("0303", "medium", K.EBITDA_DEBT_RATIO, "20", 2),
    # 0402 繊維卸 小規模 ⑤ (lower): ⅰ −0.1026 < 1.0 ≤ ⅱ 1.1311 → 4
    ("0402", "small", K.WORKING_CAPITAL_MONTHS, "1.0", 4),
    # 0501 小売 中規模 ②: 6 ≥ ⅰ 5.5647 → 5
    ("0501", "medium", K.OPERATING_MARGIN, "6", 5),
    # 0601 飲食 小規模 ② (negative cut points): ⅲ −12.7858 ≤ −6 < ⅱ −5.4069 → 3
    ("0601", "small", K.OPERATING_MARGIN, "-6", 3),
    # 0701 不動産 小規模 ③: ⅱ 6851.9053 ≤ 7000 < ⅰ 13881.5278 → 4
    ("0701", "small", K.LABOR_PRODUCTIVITY, "7000", 4),
    # 0801 運輸 小規模 ⑤ (lower): −0.1 ≤ ⅰ 0.046 → 5
    ("0801", "small", K.WORKING_CAPITAL_MONTHS, "-0.1", 5),
    # 0901 エネルギー 中規模 ④ (lower): ⅱ 0.9871 < 1.0 ≤ ⅲ 1.1657 → 3
    ("0901", "medium", K.EBITDA_DEBT_RATIO, "1.0", 3),
    # 1002 娯楽 小規模 ⑥: −80 < ⅳ −70.969 → 1
    ("1002", "small", K.EQUITY_RATIO, "-80", 1),
    # 1101 医療 中規模 ①: ⅱ 17.5409 ≤ 20 < ⅰ 44.4027 → 4
    ("1101", "medium", K.SALES_GROWTH, "20", 4),
    # 1201 保健衛生 小規模 ④ (lower): ⅰ 0.1943 < 0.2 ≤ ⅱ 1.2298 → 4
    ("1201", "small", K.EBITDA_DEBT_RATIO, "0.2", 4),
    # 1301 観光 中規模 ③: ⅲ −1067.0603 ≤ −1000 < ⅱ 301.8966 → 3
    ("1301", "medium", K.LABOR_PRODUCTIVITY, "-1000", 3),
    # 1400 その他 小規模 ⑥: exactly ⅰ 71.146 → 5
    ("1400", "small", K.EQUITY_RATIO, "71.146", 5),
]


@pytest.mark.parametrize(("code", "size", "key", "value", "expected"), MAJOR_GROUP_CASES)
def test_one_real_row_per_major_group(code, size, key, value, expected):
    spec = next(s for s in INDICATORS if s.key is key)
    bench = row(code, size).benchmark(key)
    assert score_value(D(value), bench, higher_is_better=spec.higher_is_better) == expected


def test_every_major_group_is_covered_above():
    assert sorted({code[:2] for code, *_ in MAJOR_GROUP_CASES}) == [f"{n:02d}" for n in range(1, 15)]


# ---------------------------------------------------------------------------------------------------
# Full company cases, all six indicators by hand
# ---------------------------------------------------------------------------------------------------

# Company A — 0304 金属製品製造業, 12 employees → 小規模事業者 (製造業: ≤ 20).
COMPANY_A_PREVIOUS = Statement(net_sales=200_000_000)
COMPANY_A = Statement(
    net_sales=210_000_000,
    operating_income=8_400_000,
    depreciation=3_600_000,
    cash_and_deposits=30_000_000,
    accounts_receivable=30_000_000,
    notes_receivable=5_000_000,
    inventories=17_500_000,
    accounts_payable=14_000_000,
    notes_payable=3_000_000,
    short_term_borrowings=20_000_000,
    long_term_borrowings=70_000_000,
    lease_obligations=6_000_000,
    net_assets=45_000_000,
    total_assets=150_000_000,
    employees=12,
)


def test_company_a_metal_products_small():
    assert company_size("0304", 12) == Size.SMALL
    result = evaluate(COMPANY_A, COMPANY_A_PREVIOUS, row("0304", "small"))
    values = [i.value for i in result.indicators]
    # ① 210,000,000 ÷ 200,000,000 − 1 = 5 %          ⅱ 2.2985 ≤ 5 < ⅰ 12.1361 → 4
    # ② 8,400,000 ÷ 210,000,000 = 4 %                ⅱ 3.271 ≤ 4 < ⅰ 9.1849 → 4
    # ③ 8,400千円 ÷ 12 = 700 千円                      ⅲ −189.2197 ≤ 700 < ⅱ 921.6136 → 3
    # ④ (20,000,000 + 70,000,000 − 30,000,000) ÷ (8,400,000 + 3,600,000)
    #    = 60,000,000 ÷ 12,000,000 = 5 倍 (リース債務 excluded)   ⅰ 0.9428 < 5 ≤ ⅱ 5.1917 → 4
    # ⑤ (30,000,000 + 5,000,000 + 17,500,000 − 14,000,000 − 3,000,000) = 35,500,000
    #    ÷ (210,000,000 ÷ 12 = 17,500,000) = 2.0285714… ヶ月   ⅱ 1.243 < 2.03 ≤ ⅲ 2.3054 → 3
    # ⑥ 45,000,000 ÷ 150,000,000 = 30 %              ⅲ 9.8735 ≤ 30 < ⅱ 41.6283 → 3
    assert values[:4] == [D(5), D(4), D(700), D(5)]
    assert values[4] == D(35_500_000) / D(17_500_000)
    assert values[5] == D(30)
    assert [i.display for i in result.indicators] == ["5.0%", "4.0%", "700千円", "5.0倍", "2.0ヶ月", "30.0%"]
    assert scores(result) == [4, 4, 3, 4, 3, 3]
    # 4 + 4 + 3 + 4 + 3 + 3 = 21 → B (18 ≤ 21 < 24)
    assert (result.total_score, result.scored_count, result.rank) == (21, 6, "B")
    assert result.total_display == "21点（6指標）ランクB"
    assert all(i.reason is None for i in result.indicators)


def test_company_a_with_lease_obligations_included():
    # ④ (90,000,000 + 6,000,000 − 30,000,000) ÷ 12,000,000 = 5.5 倍; ⅱ 5.1917 < 5.5 ≤ ⅲ 17.9903 → 3
    # total 21 − 1 = 20 → B
    result = evaluate(
        COMPANY_A, COMPANY_A_PREVIOUS, row("0304", "small"), EvaluationOptions(include_lease_obligations=True)
    )
    ind = result.indicator(K.EBITDA_DEBT_RATIO)
    assert (ind.value, ind.display, ind.score) == (D("5.5"), "5.5倍", 3)
    assert (result.total_score, result.rank) == (20, "B")


# Company B — 0501 小売業, 4 employees → 小規模事業者 (小売: ≤ 5). Operating loss, 債務超過.
COMPANY_B_PREVIOUS = Statement(net_sales=60_000_000)
COMPANY_B = Statement(
    net_sales=54_000_000,
    operating_income=-600_000,
    depreciation=400_000,
    cash_and_deposits=3_000_000,
    accounts_receivable=1_500_000,
    inventories=6_000_000,
    accounts_payable=3_300_000,
    short_term_borrowings=5_000_000,
    long_term_borrowings=15_000_000,
    net_assets=-2_000_000,
    total_assets=25_000_000,
    employees=4,
)


def test_company_b_retail_small_with_operating_loss():
    assert company_size("0501", 4) == Size.SMALL
    result = evaluate(COMPANY_B, COMPANY_B_PREVIOUS, row("0501", "small"))
    # ① 54,000,000 ÷ 60,000,000 − 1 = −10 %          ⅳ −13.5205 ≤ −10 < ⅲ −4.3483 → 2
    # ② −600,000 ÷ 54,000,000 = −1.1111… %            ⅲ −1.7999 ≤ −1.11 < ⅱ 1.7279 → 3
    # ③ −600千円 ÷ 4 = −150 千円                        ⅲ −679.5 ≤ −150 < ⅱ 1302.1111 → 3
    # ④ −600,000 + 400,000 = −200,000 ≤ 0 → "—", 1 point
    # ⑤ (1,500,000 + 6,000,000 − 3,300,000) = 4,200,000 ÷ (54,000,000 ÷ 12 = 4,500,000) = 0.9333… ヶ月
    #                                                  ⅱ 0.5418 < 0.93 ≤ ⅲ 1.7943 → 3
    # ⑥ −2,000,000 ÷ 25,000,000 = −8 %               ⅳ −37.4175 ≤ −8 < ⅲ 2.4297 → 2
    ind = {i.key: i for i in result.indicators}
    assert ind[K.SALES_GROWTH].value == D(-10)
    assert ind[K.OPERATING_MARGIN].value == D(-600_000) / D(54_000_000) * 100
    assert ind[K.LABOR_PRODUCTIVITY].value == D(-150)
    assert ind[K.EBITDA_DEBT_RATIO].value is None
    assert ind[K.WORKING_CAPITAL_MONTHS].value == D(4_200_000) / D(4_500_000)
    assert ind[K.EQUITY_RATIO].value == D(-8)
    assert [i.display for i in result.indicators] == ["-10.0%", "-1.1%", "-150千円", "—", "0.9ヶ月", "-8.0%"]
    assert scores(result) == [2, 3, 3, 1, 3, 2]
    # 2 + 3 + 3 + 1 + 3 + 2 = 14 → C (12 ≤ 14 < 18)
    assert (result.total_score, result.scored_count, result.rank) == (14, 6, "C")


def test_company_b_first_year_only_gives_five_indicators():
    # Without the previous year ① drops out: 3 + 3 + 1 + 3 + 2 = 12 over 5 indicators, no rank.
    result = evaluate(COMPANY_B, None, row("0501", "small"))
    assert scores(result) == [None, 3, 3, 1, 3, 2]
    assert (result.total_score, result.scored_count, result.rank) == (12, 5, None)
    assert result.total_display == "12点（5指標・ランクなし）"


# Company C — 0201 建設業, 45 employees → 中規模事業者. Cash-rich, growing.
COMPANY_C_PREVIOUS = Statement(net_sales=1_000_000_000)
COMPANY_C = Statement(
    net_sales=1_250_000_000,
    operating_income=125_000_000,
    depreciation=25_000_000,
    cash_and_deposits=400_000_000,
    accounts_receivable=150_000_000,
    electronic_receivables=50_000_000,
    inventories=25_000_000,
    accounts_payable=100_000_000,
    electronic_payables=25_000_000,
    short_term_borrowings=50_000_000,
    long_term_borrowings=150_000_000,
    bonds=100_000_000,
    net_assets=540_000_000,
    total_assets=900_000_000,
    employees=45,
)


def test_company_c_construction_medium_debt_free():
    assert company_size("0201", 45) == Size.MEDIUM
    result = evaluate(COMPANY_C, COMPANY_C_PREVIOUS, row("0201", "medium"))
    # ① 1,250,000,000 ÷ 1,000,000,000 − 1 = 25 %     25 ≥ ⅰ 18.952 → 5
    # ② 125,000,000 ÷ 1,250,000,000 = 10 %            10 ≥ ⅰ 9.8476 → 5
    # ③ 125,000千円 ÷ 45 = 2,777.77… 千円 → "2,778千円"  ⅱ 2440.2286 ≤ 2777.8 < ⅰ 5230.1944 → 4
    # ④ 借入金 50,000,000 + 150,000,000 + 社債 100,000,000 = 300,000,000 − 現預金 400,000,000
    #    = −100,000,000 ≤ 0, CF 150,000,000 > 0 → 0倍, 5
    # ⑤ (150,000,000 + 50,000,000 + 25,000,000 − 100,000,000 − 25,000,000) = 100,000,000
    #    ÷ (1,250,000,000 ÷ 12) = 1,200,000,000 ÷ 1,250,000,000 = 0.96 ヶ月
    #                                                  ⅱ 0.6414 < 0.96 ≤ ⅲ 1.9696 → 3
    # ⑥ 540,000,000 ÷ 900,000,000 = 60 %              ⅱ 51.6675 ≤ 60 < ⅰ 72.3676 → 4
    ind = {i.key: i for i in result.indicators}
    assert ind[K.SALES_GROWTH].value == D(25)
    assert ind[K.OPERATING_MARGIN].value == D(10)
    assert ind[K.LABOR_PRODUCTIVITY].value == D(125_000) / D(45)
    assert ind[K.EBITDA_DEBT_RATIO].value == D(0)
    assert ind[K.WORKING_CAPITAL_MONTHS].value == D("0.96")
    assert ind[K.EQUITY_RATIO].value == D(60)
    assert [i.display for i in result.indicators] == [
        "25.0%",
        "10.0%",
        "2,778千円",
        "0.0倍",
        "1.0ヶ月",
        "60.0%",
    ]
    assert scores(result) == [5, 5, 4, 5, 3, 4]
    # 5 + 5 + 4 + 5 + 3 + 4 = 26 → A (≥ 24)
    assert (result.total_score, result.scored_count, result.rank) == (26, 6, "A")
    assert (result.industry_code, result.size) == ("0201", Size.MEDIUM)


# Company D — 0801 運輸業, 30 employees → 中規模事業者 (運輸: ≤ 20 is small). Shrinking, heavily indebted.
def test_company_d_transport_medium_rank_d():
    assert company_size("0801", 30) == Size.MEDIUM
    previous = Statement(net_sales=500_000_000)
    current = Statement(
        net_sales=450_000_000,
        operating_income=-18_000_000,
        depreciation=20_000_000,
        cash_and_deposits=20_000_000,
        accounts_receivable=90_000_000,
        accounts_payable=15_000_000,
        short_term_borrowings=100_000_000,
        long_term_borrowings=200_000_000,
        net_assets=10_000_000,
        total_assets=400_000_000,
        employees=30,
    )
    result = evaluate(current, previous, row("0801", "medium"))
    # ① 450 ÷ 500 − 1 = −10 %                         −10 < ⅳ −7.3807 → 1
    # ② −18,000,000 ÷ 450,000,000 = −4 %              −4 < ⅳ −3.571 → 1
    # ③ −18,000千円 ÷ 30 = −600 千円                    −600 < ⅳ −525.862 → 1
    # ④ (300,000,000 − 20,000,000) ÷ (−18,000,000 + 20,000,000) = 280,000,000 ÷ 2,000,000 = 140 倍
    #                                                  140 > ⅳ 34.7197 → 1
    # ⑤ (90,000,000 − 15,000,000) ÷ (450,000,000 ÷ 12 = 37,500,000) = 2 ヶ月   2 > ⅳ 1.9422 → 1
    # ⑥ 10,000,000 ÷ 400,000,000 = 2.5 %              ⅳ −7.8515 ≤ 2.5 < ⅲ 6.8642 → 2
    assert [i.value for i in result.indicators] == [D(-10), D(-4), D(-600), D(140), D(2), D("2.5")]
    assert scores(result) == [1, 1, 1, 1, 1, 2]
    # 1 + 1 + 1 + 1 + 1 + 2 = 7 → D (< 12)
    assert (result.total_score, result.rank) == (7, "D")


# ---------------------------------------------------------------------------------------------------
# Settings and purity
# ---------------------------------------------------------------------------------------------------


def test_options_come_from_settings_shaped_values():
    options = EvaluationOptions.from_values(
        rank_cutoffs=settings.BANSO_LOCABEN_RANK_CUTOFFS,
        include_lease_obligations=settings.BANSO_LOCABEN_INCLUDE_LEASE_OBLIGATIONS,
    )
    assert options == EvaluationOptions()  # docs/domain.md defaults: A ≥ 24, B ≥ 18, C ≥ 12, lease excluded
    assert options.as_dict() == {
        "include_lease_obligations": False,
        "rank_cutoffs": {"A": 24, "B": 18, "C": 12},
    }
    custom = EvaluationOptions.from_values(
        rank_cutoffs={"A": 25, "B": 19, "C": 13}, include_lease_obligations=1
    )
    assert (custom.rank_a_min, custom.include_lease_obligations) == (25, True)
    with pytest.raises(ValueError, match="C"):
        EvaluationOptions.from_values(rank_cutoffs={"A": 25, "B": 19}, include_lease_obligations=False)


def test_engine_imports_no_django():
    import subprocess
    import sys

    code = (
        "import sys; import banso.diagnosis.engines.localbenchmark, banso.diagnosis.engines.benchmark_table; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
