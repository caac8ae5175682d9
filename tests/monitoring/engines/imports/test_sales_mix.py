"""売上構成比・粗利管理表の取込 (engines/imports/sales_mix.py) with files built here: the documented
rows layout, figures in month headers, a two-row header, Shift_JIS, △, 千円, totals, bad cells."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from banso.monitoring.engines.imports import ImportProblem
from banso.monitoring.engines.imports.sales_mix import parse_sales_mix
from tests.monitoring.engines.imports.builders import csv_bytes, xlsx_bytes

APR, MAY, JUN = dt.date(2025, 4, 1), dt.date(2025, 5, 1), dt.date(2025, 6, 1)


def parse(content, name="売上構成.csv", **options):
    options.setdefault("fiscal_year_end_month", 3)
    return parse_sales_mix(content, name, **options)


def figures(result):
    return {(s.name, s.kind): s.months for s in result.segments}


ROWS_LAYOUT = [
    ["売上構成表（2026年3月期）"],
    ["区分", "種類", "計画/実績", "項目", "2025年4月", "2025年5月", "2025年6月", "合計"],
    ["主力製品A", "商品・サービス別", "計画", "売上高", "1,000,000", "1,100,000", "1,200,000", "3,300,000"],
    [None, None, None, "粗利", "300,000", "330,000", "360,000", "990,000"],
    [None, None, "実績", "売上高", "980,000", "1,150,000", "△20,000", "2,110,000"],
    [None, None, None, "粗利", "290,000", "▲5,000", "(1,000)", "284,000"],
    [None, None, None, "粗利率", "29.6%", "", "", ""],
    ["EC", "販路別", "実績", "売上高", "200,000", None, "250,000", "450,000"],
    [None, None, None, "売上原価", "150,000", None, "200,000", "350,000"],
    ["合計", None, "実績", "売上高", "1,180,000", "1,150,000", "230,000", ""],
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_the_documented_rows_layout_in_every_encoding(encoding):
    result = parse(csv_bytes(ROWS_LAYOUT, encoding=encoding))
    assert result.encoding == ("cp932" if encoding == "cp932" else "utf-8")
    assert result.months == [APR, MAY, JUN]
    found = figures(result)
    assert found[("主力製品A", "product")] == {
        APR: {
            "plan_sales": 1_000_000,
            "plan_gross_profit": 300_000,
            "actual_sales": 980_000,
            "actual_gross_profit": 290_000,
        },
        MAY: {
            "plan_sales": 1_100_000,
            "plan_gross_profit": 330_000,
            "actual_sales": 1_150_000,
            "actual_gross_profit": -5_000,
        },
        JUN: {
            "plan_sales": 1_200_000,
            "plan_gross_profit": 360_000,
            "actual_sales": -20_000,
            "actual_gross_profit": -1_000,
        },
    }
    # 売上原価 gives 粗利 = 売上高 − 売上原価; a blank month is absent (not 0)
    assert found[("EC", "channel")] == {
        APR: {"actual_sales": 200_000, "actual_gross_profit": 50_000},
        JUN: {"actual_sales": 250_000, "actual_gross_profit": 50_000},
    }
    # the 合計 row is no segment: it is checked, and agrees
    assert [s.name for s in result.segments] == ["主力製品A", "EC"]
    assert result.checksum_differences == [] and result.checked_totals == 3


def test_the_total_row_is_compared_with_the_segments():
    rows = [list(r) for r in ROWS_LAYOUT]
    rows[-1] = ["合計", None, "実績", "売上高", "1,180,000", "1,150,000", "999,999", ""]
    result = parse(csv_bytes(rows))
    (difference,) = result.checksum_differences
    assert difference.month == JUN and difference.row == 10
    assert (difference.stated, difference.computed, difference.difference) == (999_999, 230_000, 769_999)
    assert result.checked_totals == 3
    assert any("粗利率" in w for w in result.warnings)  # the ratio row is read over, said so
    assert any("売上原価" in w for w in result.warnings)


def test_figures_in_the_month_headers_and_the_side_chosen_at_upload():
    rows = [
        ["得意先", "4月売上高", "4月粗利", "5月売上高", "5月粗利", "累計売上高"],
        ["A社", "100", "30", "200", "60", "300"],
        ["B社", "50", "10", "", "", "50"],
    ]
    result = parse(csv_bytes(rows), default_side="plan", fiscal_year=2026)
    assert figures(result) == {
        ("A社", "customer"): {
            APR: {"plan_sales": 100, "plan_gross_profit": 30},
            MAY: {"plan_sales": 200, "plan_gross_profit": 60},
        },
        ("B社", "customer"): {APR: {"plan_sales": 50, "plan_gross_profit": 10}},
    }


def test_a_two_row_header_under_merged_month_cells_in_an_xlsx_with_thousand_yen():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["販路別 売上・粗利", None, None, None, None])
    sheet.append(["単位：千円"])
    sheet.append(["販路", dt.datetime(2025, 4, 1), None, dt.datetime(2025, 5, 1), None])
    sheet.append([None, "売上高", "粗利", "売上高", "粗利"])
    sheet.append(["店舗", 1234.5, 400, 1000, 300])
    sheet.append(["EC", 500, "=B6*0.3", 600, 180])
    sheet.merge_cells("B3:C3")
    sheet.merge_cells("D3:E3")
    import io

    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ImportProblem) as refused:
        parse(out.getvalue(), "mix.xlsx")
    # openpyxl saves a formula without its result: refused naming the cell, never read as text
    assert "6行目 C列" in refused.value.message and "数式" in refused.value.message
    sheet["C6"] = 150
    out = io.BytesIO()
    workbook.save(out)
    result = parse(out.getvalue(), "mix.xlsx")
    assert result.unit == "thousand"
    assert figures(result) == {
        ("店舗", "channel"): {
            APR: {"actual_sales": 1_234_500, "actual_gross_profit": 400_000},
            MAY: {"actual_sales": 1_000_000, "actual_gross_profit": 300_000},
        },
        ("EC", "channel"): {
            APR: {"actual_sales": 500_000, "actual_gross_profit": 150_000},
            MAY: {"actual_sales": 600_000, "actual_gross_profit": 180_000},
        },
    }


def test_a_formula_cell_with_its_cached_result_gives_the_value(tmp_path):
    # an .xlsx Excel saved: <f> and <v> both present — the value is read, the formula never is
    content = xlsx_bytes([["区分", "2025/04"], ["A", 100]])
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<c r="B2" t="n"><v>100</v></c>', b'<c r="B2"><f>SUM(1,99)</f><v>100</v></c>'
                )
                assert b"<f>SUM" in data
            target.writestr(item, data)
    result = parse(out.getvalue(), "mix.xlsx")
    assert figures(result) == {("A", None): {APR: {"actual_sales": 100}}}


def test_formula_like_names_stay_text_and_are_flagged():
    rows = [["区分", "2025/04"], ['=HYPERLINK("http://x")', "100"], ["@SUM(A1)", "5"]]
    result = parse(csv_bytes(rows))
    assert [s.name for s in result.segments] == ['=HYPERLINK("http://x")', "@SUM(A1)"]
    assert result.formula_like_names == ['=HYPERLINK("http://x")', "@SUM(A1)"]
    assert any("数式としては扱いません" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["区分", "2025/04"], ["A", "abc"]], "2行目 B列（2025/04）の「abc」は数値として読めません"),
        ([["区分", "2025/04", "2025/04"], ["A", "1", "2"]], "B列とC列が同じ月"),
        (
            [["区分", "項目", "2025/04"], ["A", "売上高", "1"], ["A", "売上高", "2"]],
            "3行目 C列（2025/04）: 「A」の実績売上高（2025年4月）が2行目と重複しています",
        ),
        ([["区分", "種類", "2025/04"], ["A", "地域別", "1"]], "2行目 B列の種類「地域別」が分かりません"),
        ([["区分", "2025/04"], ["", "1"]], "2行目 A列の区分名が空です"),
        ([["区分", "2025/04"], ["A" * 101, "1"]], "区分名が長すぎます"),
        ([["区分", "2025/04"], ["A", "9" * 17]], "金額が大きすぎます"),
        ([["売上", "備考"], ["A", "1"]], "見出し行が見つかりません"),
        ([["区分", "4月"], ["A", "1"]], "年がなく"),
        ([["区分", "2025/04"], ["A", ""]], "取り込める区分の行がありません"),
    ],
)
def test_bad_cells_are_refused_naming_row_and_column(rows, expected):
    with pytest.raises(ImportProblem) as refused:
        parse(csv_bytes(rows))
    assert expected in refused.value.message


def test_bounds_on_segments_months_and_size():
    many = [["区分", "2025/04"], *[[f"区分{i}", "1"] for i in range(201)]]
    with pytest.raises(ImportProblem, match="区分が多すぎます"):
        parse(csv_bytes(many))
    wide = [["区分", *[f"{2020 + i // 12}/{i % 12 + 1:02d}" for i in range(37)]], ["A", *["1"] * 37]]
    with pytest.raises(ImportProblem, match="月の列が多すぎます"):
        parse(csv_bytes(wide))
    with pytest.raises(ImportProblem) as big:
        parse(b"x" * (5 * 1024 * 1024 + 1))
    assert big.value.status == 413
    long = [["区分", "2025/04"], *[["A", "1"] for _ in range(5001)]]
    with pytest.raises(ImportProblem, match="行数が多すぎます"):
        parse(csv_bytes(long))


def test_round_trip_through_json():
    from banso.monitoring.engines.imports.sales_mix import SalesMixFile

    result = parse(csv_bytes(ROWS_LAYOUT))
    again = SalesMixFile.from_json(result.to_json())
    assert figures(again) == figures(result)
    assert again.months == result.months and again.warnings == result.warnings
    assert again.totals() == result.totals()
    assert result.totals()[APR] == {
        "plan_sales": 1_000_000,
        "plan_gross_profit": 300_000,
        "actual_sales": 1_180_000,
        "actual_gross_profit": 340_000,
    }


def test_a_department_trial_balance_export_sums_accounts_and_checks_its_subtotals():
    """部門別推移表 as an accounting tool exports it: 部門 × 勘定科目 rows, several sales accounts, a
    contra account shown positive, 売上高合計 / 売上原価合計 subtotals and 売上総利益; other accounts
    are read over."""
    rows = [
        ["部門別損益 月次推移"],
        ["部門", "勘定科目", "2025/04", "2025/05", "期間累計"],
        ["本店", "商品売上高", "1,000", "1,900", "2,900"],
        ["本店", "製品売上高", "500", "500", "1,000"],
        ["本店", "売上値引・返品", "100", "0", "100"],
        ["本店", "売上高合計", "1,400", "2,400", "3,800"],
        ["本店", "売上原価合計", "900", "1,500", "2,400"],
        ["本店", "給料手当", "300", "300", "600"],
        ["支店", "売上高", "700", "800", "1,500"],
        ["支店", "売上高合計", "700", "999", "1,699"],
        ["支店", "売上総利益", "200", "250", "450"],
        ["支店", "売上原価合計", "500", "550", "1,050"],
    ]
    result = parse(csv_bytes(rows))
    assert figures(result) == {
        ("本店", None): {
            APR: {"actual_sales": 1_400, "actual_gross_profit": 500},
            MAY: {"actual_sales": 2_400, "actual_gross_profit": 900},
        },
        ("支店", None): {
            APR: {"actual_sales": 700, "actual_gross_profit": 200},
            MAY: {"actual_sales": 999, "actual_gross_profit": 250},  # the file's own 合計, checked:
        },
    }
    (difference,) = result.checksum_differences
    assert (difference.label, difference.row, difference.month) == ("支店 売上高合計", 10, MAY)
    assert (difference.stated, difference.computed) == (999, 800)
    assert any("給料手当" in w for w in result.warnings)
