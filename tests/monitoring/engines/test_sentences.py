from decimal import Decimal

from banso.monitoring.engines.months import Month
from banso.monitoring.engines.sentences import (
    GapNote,
    draft_sentences,
    variance_sentence,
    year_to_date_sentence,
)
from banso.monitoring.engines.variance import DEFAULT_THRESHOLDS, _cell, monitoring_table

D = Decimal


def cell(key, plan, actual):
    as_decimal = [None if value is None else D(value) for value in (plan, actual)]
    return _cell(key, *as_decimal, None, DEFAULT_THRESHOLDS)


def test_revenue_sentence_gives_the_rate_to_one_decimal_and_the_difference_in_thousand_yen():
    text = variance_sentence("net_sales", cell("net_sales", 6_857_000, 5_623_000))
    # 5,623,000 / 6,857,000 = 82.004…% ; difference △1,234,000
    assert text == "売上高は計画比82.0％（△1,234千円）でした。"


def test_excess_gets_a_plus_sign_and_rounding_is_half_up():
    assert variance_sentence("gross_profit", cell("gross_profit", 1_000_000, 1_012_500)) == (
        "売上総利益は計画比101.3％（+13千円）でした。"
    )
    assert variance_sentence("net_sales", cell("net_sales", 1_000_000, 1_000_400)) == (
        "売上高は計画比100.0％（0千円）でした。"
    )


def test_cost_sentences_say_over_or_under_plan():
    assert variance_sentence("sga", cell("sga", 14_250_000, 14_706_000)) == (
        "販管費は計画を3.2％（456千円）上回りました。"
    )
    assert variance_sentence("cost_of_sales", cell("cost_of_sales", 10_000_000, 9_790_000)) == (
        "売上原価は計画を2.1％（210千円）下回りました。"
    )
    assert variance_sentence("sga", cell("sga", 100, 100)) == "販管費は計画どおりでした。"


def test_profit_line_with_a_planned_loss_is_described_by_amount():
    assert variance_sentence("operating_income", cell("operating_income", -500_000, -200_000)) == (
        "営業利益は計画△500千円に対し実績△200千円で、計画を300千円上回りました。"
    )
    assert variance_sentence("ordinary_income", cell("ordinary_income", 0, -1_500_000)) == (
        "経常利益は計画0千円に対し実績△1,500千円で、計画を1,500千円下回りました。"
    )


def test_negative_style_minus_is_honoured():
    text = variance_sentence("net_sales", cell("net_sales", 2_000_000, 1_000_000), negative="-")
    assert text == "売上高は計画比50.0％（-1,000千円）でした。"


def test_gap_cause_and_response_are_appended():
    text = variance_sentence(
        "net_sales",
        cell("net_sales", 6_857_000, 5_623_000),
        gap=GapNote(cause="受注・客数減", response="既存顧客への訪問を週5件に増やします"),
    )
    assert text == (
        "売上高は計画比82.0％（△1,234千円）でした。主因は受注・客数減です。"
        "対応：既存顧客への訪問を週5件に増やします。"
    )


def test_no_sentence_without_plan_or_actual():
    assert variance_sentence("net_sales", cell("net_sales", None, 100)) is None
    assert year_to_date_sentence("net_sales", cell("net_sales", 100, None), period="4月〜9月") is None


def test_draft_sentences_for_a_month_and_its_year_to_date_agree_with_the_table():
    months = [Month(2025, 4) + i for i in range(2)]
    plan = {
        "net_sales": {m: 10_000_000 for m in months},
        "cost_of_sales": {m: 6_000_000 for m in months},
        "sga": {m: 3_000_000 for m in months},
    }
    actual = {
        "net_sales": {months[0]: 9_500_000, months[1]: 8_000_000},
        "cost_of_sales": {months[0]: 5_700_000, months[1]: 5_000_000},
        "sga": {months[0]: 3_000_000, months[1]: 3_100_000},
    }
    table = monitoring_table(
        plan=plan, actual=actual, first_month="2025-04", last_month="2025-05", fiscal_year_end_month=3
    )
    sentences = draft_sentences(table, "2025-05", gaps={"net_sales": GapNote(cause="単価下落")})
    assert sentences == {
        "month.net_sales": "売上高は計画比80.0％（△2,000千円）でした。主因は単価下落です。",
        "month.gross_profit": "売上総利益は計画比75.0％（△1,000千円）でした。",
        "month.sga": "販管費は計画を3.3％（100千円）上回りました。",
        "month.operating_income": (
            "営業利益は計画1,000千円に対し実績△100千円で、計画を1,100千円下回りました。"
        ),
        "month.ordinary_income": (
            "経常利益は計画1,000千円に対し実績△100千円で、計画を1,100千円下回りました。"
        ),
        "ytd.net_sales": "4月〜5月の累計では、売上高は計画比87.5％（△2,500千円）でした。",
        "ytd.gross_profit": "4月〜5月の累計では、売上総利益は計画比85.0％（△1,200千円）でした。",
        "ytd.sga": "4月〜5月の累計では、販管費は計画を1.7％（100千円）上回りました。",
        "ytd.operating_income": "4月〜5月の累計では、営業利益は計画比35.0％（△1,300千円）でした。",
        "ytd.ordinary_income": "4月〜5月の累計では、経常利益は計画比35.0％（△1,300千円）でした。",
    }
    # the fiscal year's first month has no separate year-to-date sentence
    assert not any(key.startswith("ytd.") for key in draft_sentences(table, "2025-04"))
