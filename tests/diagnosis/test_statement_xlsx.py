"""The Excel template: download, fill, read back; every bad file gets a Japanese message naming the cell."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from banso.diagnosis.statement_xlsx import (
    ROW_KEYS,
    TEMPLATE_MARKER,
    YEAR_ROW,
    StatementImportError,
    build_template,
    read_statements,
)
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement

pytestmark = pytest.mark.django_db

ROW = {key: YEAR_ROW + offset for offset, key in enumerate(ROW_KEYS)}


def template_for(company, statements=()) -> bytes:
    return build_template(company, list(statements), today=dt.date(2026, 6, 1)).content


def edited(content: bytes, changes: dict[str, object]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["決算書"]
    for ref, value in changes.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_cached_values(content: bytes, cached: dict[str, object]) -> bytes:
    """openpyxl writes formulas without results (like a tool that does not calculate); add the result
    Excel would have stored, to test reading cached values."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, value in cached.items():
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v ?/>', rf"\g<1>\g<2><v>{value}</v>", text
                    )
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def errors_of(content: bytes) -> list[str]:
    with pytest.raises(StatementImportError) as info:
        read_statements(content)
    return info.value.messages


def test_blank_template_offers_the_last_three_closed_years(company):
    workbook = load_workbook(io.BytesIO(template_for(company)))
    sheet = workbook["決算書"]
    assert sheet["B2"].value == TEMPLATE_MARKER
    assert sheet["B4"].value == "千円"
    # company closes in March; on 2026-06-01 the last closed year is 2026年3月期
    assert [sheet.cell(YEAR_ROW, c).value for c in (3, 4, 5)] == [2024, 2025, 2026]
    assert sheet.column_dimensions["A"].hidden


def test_template_round_trip_reads_back_every_line_exactly(company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    statement = make_statement(company, 2025, net_sales=210_000_500, sga=51_600_500, source_note="第45期")
    years = read_statements(template_for(company, company.financial_statements.all()))
    assert [y.fiscal_year for y in years] == [2024, 2025]
    latest = years[1]
    assert dict(latest.values) == statement.line_values()  # 210,000.5 千円 comes back as 210,000,500 円
    assert (latest.employees, latest.source_note) == (12, "第45期")


def fill_one_year(company, **cells) -> bytes:
    changes = {
        f"C{ROW['fiscal_year']}": 2025,
        f"C{ROW['net_sales']}": "１２０，０００",
        f"C{ROW['employees']}": 8,
    }
    changes.update(cells)
    return edited(template_for(company), {**changes, "D9": None, "E9": None})


def test_full_width_digits_and_triangle_negatives_are_read(company):
    content = fill_one_year(company, **{f"C{ROW['operating_income']}": "△1,500"})
    [year] = read_statements(content)
    assert (year.fiscal_year, year.values["net_sales"], year.values["operating_income"]) == (
        2025,
        120_000_000,
        -1_500_000,
    )


def test_amounts_in_yen_when_the_unit_cell_says_so(company):
    [year] = read_statements(fill_one_year(company, B4="円", **{f"C{ROW['net_sales']}": 120_000_123}))
    assert year.values["net_sales"] == 120_000_123


def test_text_in_an_amount_names_the_cell(company):
    content = fill_one_year(company, **{f"C{ROW['net_sales']}": "約1億"})
    assert errors_of(content) == [
        f"セル C{ROW['net_sales']}（売上高・2025年）の「約1億」は数値として読み取れません。"
        "数字だけを入力してください。"
    ]


def test_negative_employees_and_impossible_negative_amount(company):
    content = fill_one_year(company, **{f"C{ROW['employees']}": -2, f"C{ROW['inventories']}": -5})
    assert errors_of(content) == [
        f"セル C{ROW['inventories']}（棚卸資産・2025年）はマイナスにできません。",
        f"セル C{ROW['employees']}（従業員数・2025年）は0以上の整数で入力してください。",
    ]


def test_fraction_of_a_yen_is_refused(company):
    content = fill_one_year(company, **{f"C{ROW['net_sales']}": 1.2345})
    assert errors_of(content) == [
        f"セル C{ROW['net_sales']}（売上高・2025年）に円未満の端数があります（1.2345千円）。"
    ]


def test_same_year_in_two_columns(company):
    content = edited(template_for(company), {"C9": 2025, "D9": 2025, "E9": None})
    assert errors_of(content) == ["C列とD列の決算年がどちらも 2025 です。同じ決算期は1列にしてください。"]


def test_numbers_without_a_year(company):
    content = edited(template_for(company), {"C9": None, "D9": None, "E9": None, f"C{ROW['net_sales']}": 1})
    assert errors_of(content) == [f"C列: 数字が入力されていますが、決算年（セル C{YEAR_ROW}）が空です。"]


def test_another_template_version_is_refused(company):
    content = edited(template_for(company), {"B2": "banso-fs-0"})
    [message] = errors_of(content)
    assert message.startswith(
        "このファイルは別の版のテンプレートです（セル B2: 「banso-fs-0」、必要な版: 「banso-fs-1」）。"
    )


def test_formula_with_a_stored_result_is_read(company):
    formula_row = ROW["net_sales"]
    content = fill_one_year(company, **{f"C{formula_row}": "=100000+20000"})
    [year] = read_statements(with_cached_values(content, {f"C{formula_row}": 120000}))
    assert year.values["net_sales"] == 120_000_000


def test_formula_without_a_stored_result_says_why(company):
    content = fill_one_year(company, **{f"C{ROW['net_sales']}": "=100000+20000"})
    assert errors_of(content) == [
        f"セル C{ROW['net_sales']}（売上高）は数式ですが、計算結果が保存されていません。"
        "Excel で開いて上書き保存するか、数式を値に置き換えてから取り込んでください。"
    ]


def test_not_an_xlsx(company):
    assert errors_of(b"net_sales,1\n")[0].startswith("Excel ブック（.xlsx）として読み取れません。")
    assert errors_of(b"PK\x03\x04broken")[0].startswith("Excel ブック（.xlsx）として読み取れません。")


def test_workbook_without_the_sheet(company):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert errors_of(buffer.getvalue())[0].startswith("シート「決算書」が見つかりません。")


def test_empty_template(company):
    content = edited(template_for(company), {"C9": None, "D9": None, "E9": None})
    assert errors_of(content) == [
        "取り込む数字がありません。少なくとも1期分の決算年と数字を入力してください。"
    ]
