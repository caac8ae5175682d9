"""資金繰り表 engine: the §5.4 layout, the checks, the projection and the warning — to the yen, every
figure worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from banso.monitoring.engines import cashflow as cf

APR, MAY, JUN, JUL, AUG = (dt.date(2026, m, 1) for m in (4, 5, 6, 7, 8))
MINATO = cf.LenderRef(1, "みなと銀行")
SAKURA = cf.LenderRef(2, "さくら信金")
LENDERS = (MINATO, SAKURA)


def e(month, item, amount, lender=None):
    return cf.Entry(month, item, D(amount), lender)


ACTUAL_ENTRIES = [
    e(APR, "cash_sales", 300_000),
    e(APR, "receivable_collections", 2_000_000),
    e(APR, "other_income", 5_000),
    e(APR, "cash_purchases", 100_000),
    e(APR, "payable_payments", 900_000),
    e(APR, "personnel", 800_000),
    e(APR, "other_expenses", 400_000),
    e(APR, "interest", 20_000),
    e(APR, "capital_expenditure", 500_000),
    e(APR, "tax_payments", 150_000),
    e(APR, "borrowing", 1_000_000, 1),
    e(APR, "repayment", 200_000, 1),
    e(APR, "repayment", 100_000, 2),
    e(APR, "deposit_placement", 50_000),
    e(MAY, "opening_balance", 999),  # a later month's entered 前月繰越 does not restart the table
    e(MAY, "cash_sales", 250_000),
    e(MAY, "receivable_collections", 1_800_000),
    e(MAY, "payable_payments", 950_000),
    e(MAY, "personnel", 800_000),
    e(MAY, "other_expenses", 450_000),
    e(MAY, "repayment", 200_000, 1),
    e(MAY, "repayment", 100_000, 2),
    e(JUN, "cash_sales", 1),  # outside the months asked for
]


def actual_table():
    return cf.build_actual_table([APR, MAY], ACTUAL_ENTRIES, opening_balance=5_000_000, lenders=LENDERS)


def test_actual_months_follow_the_standard_layout_to_the_yen():
    april, may = actual_table().months
    # April: B = 300,000 + 2,000,000 + 5,000; C = 100,000 + 900,000 + 800,000 + 400,000 + 20,000
    assert april.opening == D(5_000_000)
    assert april.operating_income == D(2_305_000)
    assert april.operating_expenses == D(2_220_000)
    assert april.operating_balance == D(85_000)
    assert april.non_operating_balance == D(-650_000)  # 設備投資 500,000 + 納税 150,000
    assert april.financial_balance == D(650_000)  # 1,000,000 − 200,000 − 100,000 − 50,000
    assert april.closing == D(5_085_000)
    # May opens with April's 翌月繰越, not with the 999 typed into May
    assert may.opening == D(5_085_000)
    assert may.operating_balance == D(-150_000)  # 2,050,000 − 2,200,000
    assert may.financial_balance == D(-300_000)
    assert may.closing == D(4_635_000)
    assert may.amount("repayment") == D(300_000)
    assert may.amount("repayment", 2) == D(100_000)


def test_first_month_opening_can_be_entered():
    table = cf.build_actual_table([APR], [e(APR, "opening_balance", 1_234_567)], opening_balance=0)
    assert table.months[0].opening == D(1_234_567)
    assert table.months[0].closing == D(1_234_567)


def test_rows_come_in_the_standard_order_with_a_row_per_lender():
    rows = actual_table().rows()
    assert [r.label for r in rows] == [
        "前月繰越",
        "経常収入",
        "現金売上",
        "売掛金回収",
        "受取手形期日入金",
        "手形割引",
        "前受金",
        "その他収入",
        "経常支出",
        "現金仕入",
        "買掛金支払",
        "支払手形決済",
        "人件費",
        "諸経費",
        "支払利息・割引料",
        "経常収支",
        "固定資産売却・補助金",
        "設備投資",
        "法人税等・消費税納付",
        "決算賞与・配当",
        "経常外収支",
        "借入（みなと銀行）",
        "借入（さくら信金）",
        "定期預金解約",
        "借入金返済（みなと銀行）",
        "借入金返済（さくら信金）",
        "定期預金預入",
        "財務収支",
        "翌月繰越",
    ]
    by_label = {r.label: r.values for r in rows}
    assert by_label["借入（みなと銀行）"] == (D(1_000_000), D(0))
    assert by_label["借入金返済（さくら信金）"] == (D(100_000), D(100_000))
    assert by_label["翌月繰越"] == (D(5_085_000), D(4_635_000))
    # 翌月繰越 = A + D + E + G in every column
    for i in range(2):
        assert by_label["翌月繰越"][i] == (
            by_label["前月繰越"][i]
            + by_label["経常収支"][i]
            + by_label["経常外収支"][i]
            + by_label["財務収支"][i]
        )


def test_a_lender_missing_from_the_list_gets_an_other_row_rather_than_vanishing():
    table = cf.build_actual_table([APR], [e(APR, "repayment", 70_000, 99)], lenders=[MINATO])
    rows = {r.label: r.values for r in table.rows()}
    assert rows["借入金返済（その他）"] == (D(70_000),)
    assert rows["財務収支"] == (D(-70_000),)


def test_unknown_items_and_lenders_on_plain_items_are_refused():
    with pytest.raises(ValueError):
        cf.build_actual_table([APR], [e(APR, "magic", 1)])
    with pytest.raises(ValueError):
        cf.build_actual_table([APR], [e(APR, "personnel", 1, 1)])


def test_receivable_check_reports_the_difference_per_month():
    results = cf.receivable_checks(
        actual_table(),
        sales={APR: D(2_400_000), MAY: D(2_200_000)},
        receivables={dt.date(2026, 3, 1): D(3_000_000), APR: D(3_100_000), MAY: D(3_260_000)},
    )
    # April: 3,000,000 + 2,400,000 − 300,000 − 2,000,000 = 3,100,000 (agrees)
    # May:   3,100,000 + 2,200,000 − 250,000 − 1,800,000 = 3,250,000 (books say 3,260,000)
    assert [(r.month, r.expected, r.reported, r.difference, r.ok) for r in results] == [
        (APR, D(3_100_000), D(3_100_000), D(0), True),
        (MAY, D(3_250_000), D(3_260_000), D(10_000), False),
    ]


def test_borrowing_check_skips_months_without_the_previous_balance():
    results = cf.borrowing_checks(actual_table(), borrowings={APR: D(30_700_000), MAY: D(30_400_000)})
    assert [(r.month, r.expected, r.difference) for r in results] == [(MAY, D(30_400_000), D(0))]
    results = cf.borrowing_checks(
        actual_table(),
        borrowings={dt.date(2026, 3, 1): D(30_000_000), APR: D(30_600_000)},
        tolerance=50_000,
    )
    # 30,000,000 + 1,000,000 − 300,000 = 30,700,000; the books say 30,600,000
    assert [(r.expected, r.difference, r.ok) for r in results] == [(D(30_700_000), D(-100_000), False)]


PLAN_MONTH = {
    "net_sales": D(2_500_001),
    "cost_of_sales": D(1_200_000),
    "sga": D(1_500_000),
    "personnel_costs": D(800_000),
    "depreciation": D(100_000),
    "non_operating_income": D(3_000),
    "non_operating_expenses": D(25_000),
}
PLAN = {
    JUN: PLAN_MONTH,
    JUL: {**PLAN_MONTH, "extraordinary_income": D(500_000)},
    AUG: {**PLAN_MONTH, "income_taxes": D(120_000)},
}
TERMS = cf.PaymentTerms(
    cash_sales_ratio=D("0.1"), collection_months=2, cash_purchase_ratio=D("0.2"), payment_months=1
)
SCHEDULE = [
    cf.ScheduledLoan(lender, m, repayment=D(r))
    for m in (JUN, JUL, AUG)
    for lender, r in ((1, 200_000), (2, 100_000))
]


def projection(**kwargs):
    args = {
        "start_month": JUN,
        "opening_balance": D(4_635_000),
        "plan": PLAN,
        "terms": TERMS,
        "schedule": SCHEDULE,
        "lenders": LENDERS,
        "sales_before": {APR: D(2_400_000), MAY: D(2_200_000)},
        "purchases_before": {MAY: D(1_000_000)},
        "months": 3,
    }
    return cf.project(**{**args, **kwargs})


def test_projection_from_plan_terms_and_repayment_schedule_to_the_yen():
    june, july, august = projection().months
    assert all(m.projected for m in (june, july, august))
    # June: 現金売上 round(250,000.1) = 250,000; 回収 = April's credit sales 2,400,000 × 0.9
    assert june.amount("cash_sales") == D(250_000)
    assert june.amount("receivable_collections") == D(2_160_000)
    assert june.amount("other_income") == D(3_000)
    assert june.amount("cash_purchases") == D(240_000)
    assert june.amount("payable_payments") == D(800_000)  # May's purchases 1,000,000 × 0.8
    assert june.amount("personnel") == D(800_000)
    assert june.amount("other_expenses") == D(
        600_000
    )  # 1,500,000 − 800,000 − 100,000 (減価償却費 is no cash)
    assert june.amount("interest") == D(25_000)  # the schedule states no interest: the plan's 営業外費用
    assert june.operating_balance == D(-52_000)  # 2,413,000 − 2,465,000
    assert june.financial_balance == D(-300_000)
    assert june.closing == D(4_283_000)
    # July: 回収 = May's 2,200,000 × 0.9; 買掛金支払 = June's 1,200,000 × 0.8; 補助金 500,000
    assert july.amount("receivable_collections") == D(1_980_000)
    assert july.amount("payable_payments") == D(960_000)
    assert july.operating_balance == D(-392_000)
    assert july.non_operating_balance == D(500_000)
    assert july.opening == D(4_283_000)
    assert july.closing == D(4_091_000)
    # August: 回収 = June's plan 2,500,001 − 250,000 (the cash part rounded, the credit part exact)
    assert august.amount("receivable_collections") == D(2_250_001)
    assert august.operating_balance == D(-121_999)
    assert august.amount("tax_payments") == D(120_000)
    assert august.closing == D(3_549_001)
    assert august.amount("repayment", 1) == D(200_000)


def test_schedule_interest_replaces_the_plans_non_operating_expenses():
    schedule = [*SCHEDULE, cf.ScheduledLoan(1, JUN, interest=D(12_345))]
    june, july, _ = projection(schedule=schedule).months
    assert june.amount("interest") == D(12_345)
    assert july.amount("interest") == D(0)


def test_twelve_months_cross_the_year_and_carry_the_balance_forward():
    table = projection(months=12)
    assert [m.month for m in table.months][-1] == dt.date(2027, 5, 1)
    assert len(table.months) == 12
    for before, after in zip(table.months, table.months[1:], strict=False):
        assert after.opening == before.closing
    # months beyond the plan bring in only the collections and payments still due
    september = table.month(dt.date(2026, 9, 1))
    assert september.amount("receivable_collections") == D(2_250_001)  # July's credit sales
    assert september.amount("payable_payments") == D(960_000)  # August's credit purchases
    assert september.amount("cash_sales") == D(0)


def test_actual_and_projection_side_by_side():
    table = cf.combine(actual_table(), projection())
    assert [m.projected for m in table.months] == [False, False, True, True, True]
    closing = {r.key: r.values for r in table.rows()}["closing"]
    assert closing == (D(5_085_000), D(4_635_000), D(4_283_000), D(4_091_000), D(3_549_001))


def test_payment_terms_are_checked():
    with pytest.raises(ValueError):
        cf.PaymentTerms(cash_sales_ratio=D("1.5"))
    with pytest.raises(ValueError):
        cf.PaymentTerms(collection_months=-1)


def test_no_warning_while_cash_stays_above_one_month_of_fixed_outflows():
    table = projection()
    # 人件費 800,000 + 諸経費 600,000 + 返済 300,000 in every projected month
    assert cf.default_threshold(table) == D(1_700_000)
    assert cf.shortfall_warning(table) is None


def test_warning_names_the_first_month_below_the_threshold():
    warning = cf.shortfall_warning(projection(), threshold=4_100_000)
    assert warning.month == JUL
    assert warning.balance == D(4_091_000)
    assert not warning.below_zero
    assert (
        warning.message == "2026年7月に資金残高が4,091千円となり、必要残高（4,100千円）を下回る見込みです。"
    )


def burn_projection():
    # sales 1,000,000 all in cash against 1,440,000 of expenses paid at once: −440,000 a month
    month = {"net_sales": D(1_000_000), "sga": D(1_440_000), "personnel_costs": D(1_000_000)}
    start = dt.date(2026, 12, 1)
    plan = {cf.add_months(start, i): month for i in range(12)}
    terms = cf.PaymentTerms(
        cash_sales_ratio=D(1), collection_months=0, cash_purchase_ratio=D(1), payment_months=0
    )
    return cf.project(start_month=start, opening_balance=1_000_000, plan=plan, terms=terms)


def test_warning_below_zero_names_the_month_in_japanese():
    table = burn_projection()
    assert table.closing_balances[:3] == (D(560_000), D(120_000), D(-320_000))
    warning = cf.shortfall_warning(table, threshold=0)
    assert warning.month == dt.date(2027, 2, 1)
    assert warning.below_zero
    assert warning.message == "2027年2月に資金残高が△320千円となり、資金不足が見込まれます。"
    assert cf.shortfall_warning(table, threshold=0, negative_mark="-").message.startswith(
        "2027年2月に資金残高が-320千円"
    )


def test_default_threshold_warns_before_the_balance_turns_negative():
    warning = cf.shortfall_warning(burn_projection())
    assert warning.threshold == D(1_440_000)
    assert warning.month == dt.date(2026, 12, 1)
    assert warning.message == "2026年12月に資金残高が560千円となり、必要残高（1,440千円）を下回る見込みです。"


def test_actual_months_never_raise_the_warning():
    table = cf.build_actual_table([APR], [e(APR, "personnel", 9_000_000)], opening_balance=0)
    assert table.months[0].closing == D(-9_000_000)
    assert cf.shortfall_warning(table) is None


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(-320_000, "△320"), (1_499, "1"), (1_500, "2"), (-500, "△1"), (0, "0"), (123_456_789, "123,457")],
)
def test_thousand_yen_rounds_half_up(amount, shown):
    assert cf.thousand_yen(D(amount)) == shown
