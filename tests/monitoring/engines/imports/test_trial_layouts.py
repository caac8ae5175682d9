"""推移表 imports of each vendor layout, built by the tests, asserted to the yen."""

import datetime as dt
from decimal import Decimal

import pytest

from banso.monitoring.engines.imports import ImportProblem, ImportResult, parse_import
from tests.monitoring.engines.imports import builders as b

APR, MAY, JUN = dt.date(2025, 4, 1), dt.date(2025, 5, 1), dt.date(2025, 6, 1)


def series(result, line):
    return [result.totals[line][m] for m in result.months]


def parse(content, name="file.csv", **kwargs):
    kwargs.setdefault("fiscal_year_end_month", 3)
    kwargs.setdefault("mapping", {})
    return parse_import(content, name, **kwargs)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_freee_trial_lines_to_the_yen_in_both_encodings(encoding):
    result = parse(b.freee_trial(encoding=encoding))
    assert result.layout == "freee_trial"
    assert result.encoding == ("utf-8" if encoding == "utf-8-sig" else "cp932")
    assert result.months == [APR, MAY, JUN]
    # 売上値引・返品 is a contra account: subtracted from 売上高
    assert series(result, "net_sales") == [1_180_000, 1_350_000, 965_000]
    assert result.accounts["売上値引・返品"][APR] == Decimal(-20_000)
    assert series(result, "cost_of_sales") == [600_000, 640_000, 500_000]
    # 人件費 and 減価償却費 are うち items: they count in 販管費 too
    assert series(result, "personnel_costs") == [300_000, 300_000, 310_000]
    assert series(result, "depreciation") == [50_000, 50_000, 50_000]
    assert series(result, "sga") == [450_000, 530_000, 470_000]
    assert series(result, "non_operating_income") == [10, 0, 12]
    assert series(result, "non_operating_expenses") == [8_000, 8_000, 7_900]
    assert result.unmapped_accounts == []
    assert result.checksum_differences == []
    assert result.checked_totals == 8 * 3  # eight total rows, three months each
    assert "期間累計" not in str(result.months)


def test_freee_trial_whose_totals_disagree_lists_each_difference():
    wrong = {"売上高合計": [1_180_000, 1_350_001, 965_000], "経常利益": [999, 0, 0]}
    result = parse(b.freee_trial(total_override=wrong))
    found = {(d.label, d.month): (d.stated, d.computed, d.difference) for d in result.checksum_differences}
    assert found[("売上高合計", MAY)] == (1_350_001, 1_350_000, 1)
    # April: 1,180,000 − 600,000 − 450,000 + 10 − 8,000
    assert found[("経常利益", APR)] == (999, 122_010, 999 - 122_010)
    assert len(found) == 4  # 売上高合計 in May, 経常利益 in all three months
    # the lines themselves are still read from the account rows
    assert series(result, "net_sales") == [1_180_000, 1_350_000, 965_000]


def test_freee_profit_rows_named_with_the_suffix_son_eki_kingaku_are_checked_not_summed_as_ranges():
    """freee labels its profit rows 売上総損益金額, 営業損益金額, 経常損益金額 (not …利益)."""
    text = b.freee_trial(encoding="utf-8").decode("utf-8-sig")
    for plain, freee in (
        ("売上総利益", "売上総損益金額"),
        ("営業利益", "営業損益金額"),
        ("経常利益", "経常損益金額"),
    ):
        text = text.replace(f",{plain},", f",{freee},")
    result = parse(text.encode("cp932"))
    assert result.checksum_differences == []
    assert result.checked_totals == 8 * 3
    assert series(result, "net_sales") == [1_180_000, 1_350_000, 965_000]


def test_mf_trial_with_preamble_sub_accounts_and_triangle_negatives():
    result = parse(b.mf_trial(encoding="cp932"))
    assert result.layout == "mf_trial"
    assert result.months == [APR, MAY, JUN]  # 4月…6月 dated from the 期間 row of the preamble
    assert series(result, "net_sales") == [1_180_000, 1_350_000, 965_000]
    # 普通預金 is the sum of its 補助科目 (its own row is only checked), plus 現金
    assert result.accounts["普通預金"] == {APR: 5_000_000, MAY: 5_200_000, JUN: 4_900_000}
    assert series(result, "cash_and_deposits") == [5_100_000, 5_290_000, 5_020_000]
    assert series(result, "borrowings") == [30_000_000, 29_800_000, 29_600_000]
    assert result.accounts["未払金"][MAY] == Decimal(-10_000)  # △10,000
    assert result.account_kinds["未払金"] == "bs"
    assert result.account_kinds["売上高"] == "pl"
    assert result.checksum_differences == []


def test_yayoi_header_less_annual_trial_in_shift_jis():
    result = parse(b.yayoi_trial())
    assert result.layout == "yayoi_trial"
    assert result.encoding == "cp932"
    assert result.months[0] == APR and result.months[-1] == dt.date(2026, 3, 1) and len(result.months) == 12
    assert series(result, "net_sales") == [
        1_000_000 + 10_000 * i for i in range(12)
    ]  # 上半期/下半期 not months
    # 支払手数料 = 補助科目なし 1,000 + 振込手数料 4,000, not counted twice
    assert result.accounts["支払手数料"][APR] == 5_000
    assert series(result, "sga") == [105_000] * 12
    assert result.checksum_differences == []


def test_generic_xlsx_with_wareki_headers_and_a_total_column():
    rows = [
        ["月次推移表"],
        ["科目", "R7/4", "R7/5", "合計"],
        ["売上高", 1_000_000, 1_100_000, 2_100_000],
        ["外注費", 200_000, "=SUM(B1:B2)", None],
    ]
    with pytest.raises(ImportProblem) as problem:
        parse(b.xlsx_bytes(rows), "推移表.xlsx")
    assert problem.value.row == 4 and problem.value.column == 3
    rows[3][2] = 250_000.0
    result = parse(b.xlsx_bytes(rows), "推移表.xlsx")
    assert result.layout == "generic_trial"
    assert result.encoding is None
    assert result.months == [APR, MAY]
    assert series(result, "net_sales") == [1_000_000, 1_100_000]
    assert series(result, "sga") == [200_000, 250_000]


def test_year_less_months_take_the_chosen_fiscal_year_or_are_refused():
    rows = [["勘定科目", "1月", "2月", "3月"], ["売上高", "100", "200", "300"]]
    with pytest.raises(ImportProblem, match="年がなく"):
        parse(b.csv_bytes(rows))
    result = parse(b.csv_bytes(rows), fiscal_year=2026)
    assert result.months == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]


def test_company_mapping_overrides_the_seed_and_unknown_accounts_are_listed_with_a_suggestion():
    rows = [
        ["勘定科目", "2025年4月", "2025年5月"],
        ["売上高", "1,000", "2,000"],
        ["雑収入", "50", "0"],
        ["クラウド利用料", "300", "300"],
        ["営業協力金", "10", "20"],
    ]
    result = parse(b.csv_bytes(rows), mapping={"雑収入": "net_sales", "営業協力金": "ignore"})
    assert series(result, "net_sales") == [1_050, 2_000]
    assert "non_operating_income" not in result.totals
    [unmapped] = result.unmapped_accounts
    assert (unmapped.name, unmapped.total, unmapped.suggestion) == ("クラウド利用料", 600, "sga")
    result = parse(b.csv_bytes(rows), mapping={"クラウド利用料": "personnel_costs"})
    assert series(result, "personnel_costs") == [300, 300]
    assert series(result, "sga") == [300, 300]


def test_cumulative_export_is_refused_unless_accepted_then_converted_to_months():
    rows = [
        ["勘定科目", "2025/04", "2025/05", "2025/06", "期間累計"],
        ["売上高", "1,000,000", "2,100,000", "3,300,000", ""],
        ["給料手当", "300,000", "600,000", "910,000", ""],
        ["地代家賃", "100,000", "200,000", "300,000", ""],
        ["営業利益", "600,000", "1,300,000", "2,090,000", ""],
    ]
    with pytest.raises(ImportProblem, match="累計") as problem:
        parse(b.csv_bytes(rows))
    assert "売上高 4月 1,000,000 → 5月 2,100,000" in problem.value.message
    result = parse(b.csv_bytes(rows), cumulative_ok=True)
    assert series(result, "net_sales") == [1_000_000, 1_100_000, 1_200_000]
    assert series(result, "sga") == [400_000, 400_000, 410_000]
    assert result.checksum_differences == []  # 営業利益 converted the same way
    assert any("累計" in w for w in result.warnings)


def test_monthly_file_with_steady_rent_is_not_taken_for_cumulative():
    rows = [
        ["勘定科目", "2025/04", "2025/05", "2025/06"],
        ["売上高", "1,000", "1,200", "900"],
        ["地代家賃", "100", "100", "100"],
        ["給料手当", "300", "310", "320"],
    ]
    assert series(parse(b.csv_bytes(rows)), "net_sales") == [1_000, 1_200, 900]


def test_result_round_trips_through_json():
    result = parse(b.mf_trial())
    again = ImportResult.from_json(result.to_json())
    assert again.totals == result.totals
    assert again.accounts == result.accounts
    assert again.months == result.months
    assert result.to_json()["months"] == ["2025-04", "2025-05", "2025-06"]
    assert result.to_json()["totals"]["net_sales"]["2025-04"] == 1_180_000
