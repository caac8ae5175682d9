"""Bad files get a Japanese ImportProblem naming the row and column where it can; nothing is guessed."""

import pytest

from banso.monitoring.engines.imports import ImportProblem, parse_import, suggest_line
from tests.monitoring.engines.imports import builders as b


def parse(content, name="file.csv", **kwargs):
    kwargs.setdefault("mapping", {})
    return parse_import(content, name, fiscal_year_end_month=3, **kwargs)


def problem_of(content, name="file.csv", **kwargs) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        parse(content, name, **kwargs)
    return caught.value


def test_text_in_a_number_cell_names_row_column_and_month():
    rows = [["勘定科目", "2025年4月", "2025年5月"], ["売上高", "1,000", "1,000"], ["給料手当", "300", "abc"]]
    problem = problem_of(b.csv_bytes(rows))
    assert problem.message.startswith("3行目 C列（2025年5月）の「abc」は数値として読めません。")
    assert (problem.row, problem.column) == (3, 3)


def test_formula_text_in_a_number_cell_is_never_evaluated():
    rows = [["勘定科目", "2025/04"], ["売上高", "=1+2"]]
    assert "「=1+2」は数値として読めません" in problem_of(b.csv_bytes(rows)).message


def test_the_same_month_twice_is_refused_naming_both_columns():
    rows = [["勘定科目", "2025/04", "2025年5月", "2025-04"], ["売上高", "1", "2", "3"]]
    problem = problem_of(b.csv_bytes(rows))
    assert "B列とD列が同じ月（2025年4月）" in problem.message
    assert problem.row == 1


def test_a_file_without_header_row():
    rows = [["売上高", "1,000", "2,000"], ["給料手当", "300", "300"]]
    assert "見出し行が見つかりません" in problem_of(b.csv_bytes(rows)).message


def test_header_without_month_columns():
    rows = [["勘定科目", "金額"], ["売上高", "1,000"]]
    problem = problem_of(b.csv_bytes(rows))
    assert "1行目の見出しに月の列" in problem.message


def test_empty_and_blank_files():
    assert "ファイルが空です" in problem_of(b"").message
    assert "ファイルが空です" in problem_of(b"\r\n,,\r\n").message


def test_utf16_and_undecodable_shift_jis_are_refused():
    content = "勘定科目,2025/04\r\n売上高,1\r\n".encode("utf-16")
    assert "UTF-16" in problem_of(content).message
    broken = "勘定科目,2025/04\r\n売上高,1\r\n".encode("cp932") + b"\x81\xff\x82"
    assert "文字コード" in problem_of(broken).message


def test_old_xls_and_a_zip_that_is_no_workbook():
    assert ".xls" in problem_of(b"\xd0\xcf\x11\xe0 old", "推移表.xls").message
    assert "Excel ブック" in problem_of(b"PK\x03\x04 not really", "推移表.xlsx").message


def test_formula_like_account_names_are_kept_as_text_and_flagged():
    rows = [["勘定科目", "2025/04"], ['=HYPERLINK("x")', "100"], ["@SUM", "5"], ["売上高", "1,000"]]
    result = parse(b.csv_bytes(rows))
    assert result.formula_like_names == ['=HYPERLINK("x")', "@SUM"]
    assert result.accounts['=HYPERLINK("x")'][result.months[0]] == 100
    assert any("数式としては扱いません" in w for w in result.warnings)


def test_amount_without_an_account_name():
    rows = [["勘定科目", "2025/04"], ["売上高", "1,000"], ["", "500"]]
    problem = problem_of(b.csv_bytes(rows))
    assert problem.message.startswith("3行目 B列（2025/04）に金額がありますが、勘定科目が空です。")


def test_unknown_mapping_target_and_unknown_layout():
    rows = [["勘定科目", "2025/04"], ["売上高", "1,000"]]
    assert (
        "取り込み先の行ではありません"
        in problem_of(b.csv_bytes(rows), mapping={"売上高": "gross_profit"}).message
    )
    assert "対応していない" in problem_of(b.csv_bytes(rows), layout="bugyo").message


def test_yayoi_journal_row_of_the_wrong_shape():
    content = b.yayoi_journal(encoding="cp932") + "2000,1,,2025/04/01,売上高\r\n".encode("cp932")
    problem = problem_of(content)
    assert "弥生インポート形式の行ではありません" in problem.message


def test_numbers_in_every_written_form():
    rows = [
        ["勘定科目", "2025/04", "2025/05", "2025/06", "2025/07", "2025/08", "2025/09"],
        ["雑損失", "¥1,234", "1,234円", "△1,234", "▲1,234", "(1,234)", "-1,234"],
        ["雑費", " １２３ ", "", "-", "0", "1 234", "−5"],
    ]
    result = parse(b.csv_bytes(rows))
    assert list(result.accounts["雑損失"].values()) == [1234, 1234, -1234, -1234, -1234, -1234]
    assert list(result.accounts["雑費"].values()) == [123, 0, 0, 0, 1234, -5]


def test_suggest_line_uses_the_seed_then_words():
    assert suggest_line("給与手当") == "personnel_costs"
    assert suggest_line("法人税、住民税及び事業税") == "income_taxes"
    assert suggest_line("普通預金") == "cash_and_deposits"
    assert suggest_line("1年以内返済予定の長期借入金") == "borrowings"
    assert suggest_line("売掛金") == "ignore"
    assert suggest_line("システム利用料") == "sga"
    assert suggest_line("ΩΩ") is None
