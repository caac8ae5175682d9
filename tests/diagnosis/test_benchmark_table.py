"""The benchmark CSV parser/validator: the shipped 2018 table, and Japanese errors naming line and column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from banso.companies.engines.industries import INDUSTRIES
from banso.diagnosis.engines.benchmark_table import (
    EXPECTED_HEADER,
    SHIPPED_CSV_PATH,
    SHIPPED_VERSION,
    BenchmarkTableError,
    load_shipped_table,
    parse_benchmark_csv,
)
from banso.diagnosis.engines.localbenchmark import Size

D = Decimal


def shipped_lines() -> list[str]:
    return SHIPPED_CSV_PATH.read_text(encoding="utf-8").splitlines()


def parse(lines: list[str]):
    return parse_benchmark_csv("\r\n".join(lines) + "\r\n", version="test")


def set_cell(lines: list[str], line_no: int, column: str, value: str) -> list[str]:
    """Return a copy of ``lines`` with one cell replaced (line_no is 1-based, as in the messages)."""
    out = list(lines)
    cells = out[line_no - 1].split(",")
    cells[EXPECTED_HEADER.index(column)] = value
    out[line_no - 1] = ",".join(cells)
    return out


def error_of(lines: list[str]) -> BenchmarkTableError:
    with pytest.raises(BenchmarkTableError) as info:
        parse(lines)
    return info.value


# ---------------------------------------------------------------------------------------------------
# The shipped table
# ---------------------------------------------------------------------------------------------------


def test_shipped_table_has_54_rows_all_industries_both_sizes():
    table = load_shipped_table()
    assert len(table) == 54
    assert table.version == SHIPPED_VERSION == "2018"
    assert {(r.industry_code, r.size) for r in table} == {(c, s) for c in INDUSTRIES for s in Size}
    assert len(INDUSTRIES) == 27


def test_shipped_table_values_and_lookup_by_code_and_size_string():
    table = load_shipped_table()
    # line 15: 03_製造業,0304_金属製品製造業,小規模事業者,...
    small = table.get("0304", "small")
    assert small is table["0304", Size.SMALL]
    assert small.industry_name == "金属製品製造業"
    assert small.operating_margin.cut_points == (D("-10.2622"), D("-1.4648"), D("3.271"), D("9.1849"))
    assert small.ebitda_debt_ratio.i == D("0.9428")
    assert small.labor_productivity.median == D("315.4167")
    # the CSV spells 0303 "鉄鋼業、非鉄金属製造業" and 1201 "保険衛生…"; keyed by code, names normalised
    assert table.get("0303", "medium").industry_name == "鉄鋼業・非鉄金属製造業"
    assert table.get("1201", "small").industry_name == "保健衛生・廃棄物処理業"
    assert ("0304", "medium") in table


def test_lookup_of_an_unknown_industry_names_it():
    with pytest.raises(KeyError, match="9999"):
        load_shipped_table().get("9999", "small")


def test_shipped_file_has_the_documented_layout():
    lines = shipped_lines()
    assert tuple(lines[0].split(",")) == EXPECTED_HEADER
    assert len(EXPECTED_HEADER) == 39
    assert len(lines) == 55


def test_bom_lf_line_ends_and_blank_lines_are_accepted():
    lines = shipped_lines()
    text = "\ufeff" + "\n".join(lines[:10]) + "\n\n" + "\n".join(lines[10:]) + "\n\n"
    assert len(parse_benchmark_csv(text, version="x")) == 54


def test_equal_neighbouring_cut_points_are_accepted():
    # line 2 (0101 中規模) ② ⅲ −1.4047 → set ⅱ to the same value: still monotone (non-strict)
    table = parse(set_cell(shipped_lines(), 2, "op_margin_pct_ii", "-1.4047"))
    assert table.get("0101", "medium").operating_margin.ii == D("-1.4047")


# ---------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------


def test_missing_industry_row():
    prefix = "03_製造業,0304_金属製品製造業,小規模事業者,"
    lines = [line for line in shipped_lines() if not line.startswith(prefix)]
    assert len(lines) == 54
    error = error_of(lines)
    assert str(error) == "業種「0304 金属製品製造業」小規模事業者の行がありません。"
    assert error.issues[0].line is None


def test_non_number_names_line_and_column():
    error = error_of(set_cell(shipped_lines(), 3, "op_margin_pct_i", "abc"))
    assert str(error) == "3行目「op_margin_pct_i」の値「abc」が数値ではありません。"
    assert (error.issues[0].line, error.issues[0].column) == (3, "op_margin_pct_i")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1_000", "１２", "1,5", "5%"])
def test_only_plain_decimal_numbers_are_numbers(value):
    cell = f'"{value}"' if "," in value else value
    error = error_of(set_cell(shipped_lines(), 4, "wc_months_median", cell))
    assert error.messages == [f"4行目「wc_months_median」の値「{value}」が数値ではありません。"]


def test_empty_cell():
    error = error_of(set_cell(shipped_lines(), 5, "equity_ratio_pct_std", ""))
    assert error.messages == ["5行目「equity_ratio_pct_std」の値が空です。"]


def test_wrong_header_names_the_column():
    lines = shipped_lines()
    lines[0] = lines[0].replace(",op_margin_pct_ii,", ",op_margin_ii,")
    error = error_of(lines)
    position = EXPECTED_HEADER.index("op_margin_pct_ii") + 1  # 14
    assert position == 14
    assert str(error) == (
        "1行目（見出し）の14列目は「op_margin_pct_ii」である必要がありますが、「op_margin_ii」になっています。"
    )
    assert (error.issues[0].line, error.issues[0].column) == (1, "op_margin_pct_ii")


def test_header_missing_and_extra_columns():
    lines = shipped_lines()
    short = [lines[0].rsplit(",", 1)[0], *lines[1:]]
    assert str(error_of(short)) == "1行目（見出し）に列「equity_ratio_pct_i」がありません。"
    long = [lines[0] + ",note", *lines[1:]]
    assert str(error_of(long)) == "1行目（見出し）に想定外の列「note」があります。"


def test_header_with_swapped_columns():
    lines = shipped_lines()
    lines[0] = lines[0].replace("major,minor", "minor,major")
    message = str(error_of(lines))
    assert message.startswith("1行目（見出し）の1列目は「major」である必要がありますが、「minor」")


def test_empty_text():
    with pytest.raises(BenchmarkTableError, match="CSVが空です"):
        parse_benchmark_csv("", version="x")


def test_broken_csv_quoting_stops_at_that_line():
    lines = shipped_lines()
    lines[5] = lines[5].replace(",-1.3275,", ',"-1.3275"x,')  # line 6, 0306 中規模
    error = error_of(lines)
    assert len(error.messages) == 1
    assert error.messages[0].startswith("6行目をCSVとして読めません")


def test_wrong_column_count_names_the_line():
    lines = shipped_lines()
    lines[6] = lines[6] + ",1"
    # the row is still recognised as 0306 小規模, so it is not also reported missing
    assert error_of(lines).messages == ["7行目の列数が40です（39列必要です）。"]


def test_higher_is_better_cut_points_must_ascend():
    # line 3 (0101 小規模) ② ⅱ 1.9738, ⅰ 7.7558 → ⅰ = 1.0 is below ⅱ
    error = error_of(set_cell(shipped_lines(), 3, "op_margin_pct_i", "1.0"))
    assert error.messages == [
        "3行目「op_margin_pct_i」の値「1.0」が「op_margin_pct_ii」の値「1.9738」より小さくなっています。"
        "営業利益率の基準値はⅳ→ⅲ→ⅱ→ⅰの順に大きくなる必要があります（ⅰが最も良い側の境界です）。"
    ]
    assert error.issues[0].column == "op_margin_pct_i"


def test_lower_is_better_cut_points_must_descend():
    # line 4 (0201 中規模) ④ ⅳ 31.8334, ⅲ 10.26 → ⅲ = 40 is above ⅳ
    error = error_of(set_cell(shipped_lines(), 4, "ebitda_debt_x_iii", "40"))
    assert error.messages == [
        "4行目「ebitda_debt_x_iii」の値「40」が「ebitda_debt_x_iv」の値「31.8334」より大きくなっています。"
        "EBITDA有利子負債倍率の基準値はⅳ→ⅲ→ⅱ→ⅰの順に小さくなる必要があります（ⅰが最も良い側の境界です）。"
    ]


def test_negative_standard_deviation():
    error = error_of(set_cell(shipped_lines(), 2, "labor_prod_kyen_std", "-1"))
    assert error.messages == [
        "2行目「labor_prod_kyen_std」の値「-1」は標準偏差なので0以上である必要があります。"
    ]


def test_unknown_size_label():
    error = error_of(set_cell(shipped_lines(), 2, "scale", "中規模"))
    # the row cannot be placed, so 0101 中規模 is also reported missing
    assert error.messages == [
        "2行目「scale」の値「中規模」は「中規模事業者」か「小規模事業者」である必要があります。",
        "業種「0101 農業」中規模事業者の行がありません。",
    ]


def test_unreadable_and_unknown_industry():
    lines = shipped_lines()
    bad = error_of(set_cell(lines, 2, "minor", "農業"))
    assert bad.messages[0].startswith("2行目「minor」の値「農業」が業種として読めません")
    # that row is unusable, so 0101 中規模 is also reported missing
    assert bad.messages[1] == "業種「0101 農業」中規模事業者の行がありません。"
    unknown = error_of(set_cell(lines, 2, "minor", "0199_林業"))
    assert unknown.messages[0] == "2行目「minor」の業種コード「0199」はロカベン業種にありません。"


def test_major_group_must_match_the_industry_code():
    error = error_of(set_cell(shipped_lines(), 14, "major", "02_建設業"))
    assert error.messages[0] == (
        "14行目「major」の値「02_建設業」が業種コード「0304」の大分類「03」と一致しません。"
    )


def test_duplicate_row():
    lines = shipped_lines()
    lines.append(lines[13])  # line 14 (0304 中規模) again as line 56
    error = error_of(lines)
    assert error.messages == [
        "56行目：業種「0304 金属製品製造業」中規模事業者の行が重複しています（14行目と同じ）。"
    ]


def test_all_problems_are_reported_together():
    lines = set_cell(shipped_lines(), 3, "op_margin_pct_i", "abc")
    lines = set_cell(lines, 10, "wc_months_iv", "")
    lines = [line for line in lines if not line.startswith("14_その他,1400_その他業種,中規模事業者,")]
    error = error_of(lines)
    assert error.messages == [
        "3行目「op_margin_pct_i」の値「abc」が数値ではありません。",
        "10行目「wc_months_iv」の値が空です。",
        "業種「1400 その他」中規模事業者の行がありません。",
    ]
    assert str(error) == "\n".join(error.messages)


def test_custom_industry_list():
    # An administrator's table for a subset: only 0101 expected.
    lines = shipped_lines()[:3]
    table = parse_benchmark_csv("\n".join(lines), version="subset", industries={"0101": "農業"})
    assert len(table) == 2
