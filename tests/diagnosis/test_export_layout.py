"""Layout of the diagnosis exports as a reader meets them: the ローカルベンチマーク PDF's footnote and
page breaks, the statement template's labels and negatives, the design sheet's date cell."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from banso.diagnosis.engines.benchmark_table import SHIPPED_VERSION
from banso.diagnosis.models import BenchmarkTable
from banso.diagnosis.statement_xlsx import YEAR_ROW
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement

pytestmark = pytest.mark.django_db

OLD_SHIPPED_SOURCE = (
    "経済産業省「ローカルベンチマーク・ツール」（財務分析の業種別・規模別基準値、2018年データ）。"
    "Banso 同梱版（banso/diagnosis/data/locaben_benchmarks_2018.csv）。"
)


def _pages(content: bytes) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def benchmark_pdf(login, supporter, company):
    # A database migrated before the shipped source was reworded still holds the file path.
    shipped = BenchmarkTable.objects.filter(organization=None, version=SHIPPED_VERSION)
    shipped.update(source=OLD_SHIPPED_SOURCE)
    make_statement(company, 2023, by=supporter, **PREVIOUS_YEAR)
    make_statement(company, 2024, by=supporter)
    make_statement(company, 2025, by=supporter, operating_income=-1_000_000, sga=61_000_000)
    url = reverse("diagnosis:local_benchmark_pdf", kwargs={"org": "minato", "company_pk": company.pk})
    response = login(supporter).get(url)
    assert response.status_code == 200
    return _pages(response.content)


def test_benchmark_pdf_footnote_names_the_source_without_a_file_path_or_doubled_stops(benchmark_pdf):
    text = "".join(benchmark_pdf)
    assert "banso/" not in text and ".csv" not in text
    assert "。）。" not in text and "。。" not in text
    assert "基準値:2018年版。出典:経済産業省「ローカルベンチマーク・ツール」" in text
    assert "Banso同梱版。評価日時:" in text


def test_benchmark_pdf_keeps_the_figures_heading_with_its_table(benchmark_pdf):
    heading = next(i for i, page in enumerate(benchmark_pdf) if "財務データ（単位：千円）" in page)
    table = next(i for i, page in enumerate(benchmark_pdf) if "従業員数（人）" in page)
    assert heading == table


# --- the statement template ---------------------------------------------------------------------------


def _template(company, statements=()):
    from openpyxl import load_workbook

    from banso.diagnosis.statement_xlsx import build_template

    content = build_template(company, list(statements), today=dt.date(2026, 6, 1)).content
    return content, load_workbook(io.BytesIO(content))["決算書"]


def test_statement_template_shows_the_labels_of_its_header_cells_while_the_keys_stay_hidden(company):
    _, sheet = _template(company)
    assert sheet.column_dimensions["A"].hidden
    assert sheet.cell(YEAR_ROW + 1, 1).value == "net_sales"  # the keys the reader uses, hidden
    visible = {
        cell.coordinate: cell.value
        for row in sheet.iter_rows(min_row=1, max_row=6, min_col=2)
        for cell in row
        if cell.value
    }
    assert visible["B1"].startswith("決算書入力テンプレート")
    assert visible["B2"] == "banso-fs-1" and visible["C2"].startswith("← テンプレート版")
    assert visible["B3"] == "有限会社丸山精工" and visible["C3"] == "← 事業者"
    assert visible["B4"] == "千円" and visible["C4"].startswith("← 金額の単位")
    assert visible["B5"] == "3月" and visible["C5"] == "← 決算月"
    assert "決算年は決算月が属する西暦年です" in visible["B6"]


def test_statement_template_shows_negatives_with_a_triangle_and_reads_them_back(company, supporter):
    from banso.diagnosis.statement_xlsx import read_statements

    make_statement(company, 2024, by=supporter, **PREVIOUS_YEAR)
    loss = make_statement(company, 2025, by=supporter, operating_income=-1_000_000, sga=61_000_000)
    content, sheet = _template(company, company.financial_statements.all())
    rows = {sheet.cell(row, 1).value: row for row in range(YEAR_ROW, sheet.max_row + 1)}
    cell = sheet.cell(rows["operating_income"], 4)  # D: the 2025 column
    assert cell.value == -1000
    assert cell.number_format == '#,##0;"△"#,##0'
    blank = sheet.cell(rows["net_sales"], 5)  # E: an empty year column is formatted the same
    assert blank.value is None and blank.number_format == '#,##0;"△"#,##0'
    years = read_statements(content)
    assert dict(years[1].values) == loss.line_values()


# --- the design sheet ---------------------------------------------------------------------------------


def test_design_sheet_workbook_gives_its_date_cell_room_to_show_the_date(company, supporter):
    from openpyxl import load_workbook

    from banso.diagnosis.exports.sheets import DesignSheetXlsx
    from tests.diagnosis.factories import make_design_sheet

    sheet = make_design_sheet(company, by=supporter, title="2026年 事業承継")
    content = DesignSheetXlsx().render(sheet=sheet).content
    ws = load_workbook(io.BytesIO(content)).active
    assert ws["C1"].value == dt.datetime(2026, 4, 20)
    assert ws["C1"].number_format == "yyyy/mm/dd"
    # "2026/04/20" needs about 11 characters; Excel's default column (8.43) shows ###.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        columns = re.findall(r"<col [^>]*>", archive.read("xl/worksheets/sheet1.xml").decode())
    widths = {
        int(re.search(r'min="(\d+)"', c).group(1)): float(re.search(r'width="([\d.]+)"', c).group(1))
        for c in columns
    }
    assert widths.get(3, 0) >= 11
