"""The ローカルベンチマーク page, its PDF and Excel, checked against figures worked out by hand.

Three industries, statements entered the way an advisor does (two years each through the API of the
domain), compared on the page with the values, scores, totals and ranks computed by hand below. The
cut points quoted are those of the shipped 2018 table.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from banso.diagnosis.domain.benchmarks import upload_table
from banso.diagnosis.domain.statements import save_statement
from banso.diagnosis.models import LocalBenchmarkResult
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement
from tests.factories import CompanyFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def url(name, company, **kwargs):
    return reverse(
        f"diagnosis:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


# --- three industries, by hand ------------------------------------------------------------------------

# 0501 小売業, 4 people → 小規模 (小売: ≤ 5). Operating loss, 債務超過.
RETAIL = {
    "previous": {
        "net_sales": 60_000_000,
        "cost_of_sales": 42_000_000,
        "sga": 17_000_000,
        "operating_income": 1_000_000,
    },
    "current": {
        "net_sales": 54_000_000,
        "cost_of_sales": 37_800_000,
        "sga": 16_800_000,
        "operating_income": -600_000,  # 54.0 − 37.8 − 16.8 = −0.6 (百万円)
        "depreciation": 400_000,
        "cash_and_deposits": 3_000_000,
        "accounts_receivable": 1_500_000,
        "inventories": 6_000_000,
        "accounts_payable": 3_300_000,
        "short_term_borrowings": 5_000_000,
        "long_term_borrowings": 15_000_000,
        "total_liabilities": 27_000_000,  # 25 − (−2) = 27
        "net_assets": -2_000_000,
        "total_assets": 25_000_000,
    },
    "employees": 4,
    # ① 54 ÷ 60 − 1 = −10 %          ⅳ −13.5205 ≤ −10 < ⅲ −4.3483 → 2
    # ② −0.6 ÷ 54 = −1.111… %        ⅲ −1.7999 ≤ −1.11 < ⅱ 1.7279 → 3
    # ③ −600千円 ÷ 4 = −150 千円/人     ⅲ −679.5 ≤ −150 < ⅱ 1302.1111 → 3
    # ④ −0.6 + 0.4 = −0.2 ≤ 0 → "—", 1 point
    # ⑤ (1.5 + 6 − 3.3) = 4.2 ÷ (54 ÷ 12 = 4.5) = 0.933… ヶ月   ⅱ 0.5418 < 0.93 ≤ ⅲ 1.7943 → 3
    # ⑥ −2 ÷ 25 = −8 %               ⅳ −37.4175 ≤ −8 < ⅲ 2.4297 → 2
    "display": ["△10.0%", "△1.1%", "△150千円", "—", "0.9ヶ月", "△8.0%"],
    "scores": [2, 3, 3, 1, 3, 2],
    "total": 14,  # → C (12 ≤ 14 < 18)
    "rank": "C",
}

# 0201 建設業, 45 people → 中規模. Growing, cash-rich.
CONSTRUCTION = {
    "previous": {
        "net_sales": 1_000_000_000,
        "cost_of_sales": 800_000_000,
        "sga": 120_000_000,
        "operating_income": 80_000_000,
    },
    "current": {
        "net_sales": 1_250_000_000,
        "cost_of_sales": 1_000_000_000,
        "sga": 125_000_000,
        "operating_income": 125_000_000,
        "depreciation": 25_000_000,
        "cash_and_deposits": 400_000_000,
        "accounts_receivable": 150_000_000,
        "electronic_receivables": 50_000_000,
        "inventories": 25_000_000,
        "accounts_payable": 100_000_000,
        "electronic_payables": 25_000_000,
        "short_term_borrowings": 50_000_000,
        "long_term_borrowings": 150_000_000,
        "bonds": 100_000_000,
        "total_liabilities": 440_000_000,
        "net_assets": 660_000_000,
        "total_assets": 1_100_000_000,
    },
    "employees": 45,
    # ① 1,250 ÷ 1,000 − 1 = 25 %      25 ≥ ⅰ 18.952 → 5
    # ② 125 ÷ 1,250 = 10 %            10 ≥ ⅰ 9.8476 → 5
    # ③ 125,000千円 ÷ 45 = 2,777.8     ⅱ 2440.2286 ≤ 2777.8 < ⅰ 5230.1944 → 4
    # ④ 借入金 50 + 150 + 社債 100 = 300 − 現預金 400 = −100 ≤ 0 with CF 150 > 0 → 0倍, 5
    # ⑤ (150 + 50 + 25 − 100 − 25) = 100 ÷ (1,250 ÷ 12) = 0.96 ヶ月   ⅱ 0.6414 < 0.96 ≤ ⅲ 1.9696 → 3
    # ⑥ 660 ÷ 1,100 = 60 %            ⅱ 51.6675 ≤ 60 < ⅰ 72.3676 → 4
    "display": ["25.0%", "10.0%", "2,778千円", "0.0倍", "1.0ヶ月", "60.0%"],
    "scores": [5, 5, 4, 5, 3, 4],
    "total": 26,  # → A (≥ 24)
    "rank": "A",
}

# 0801 運輸業, 30 people → 中規模 (運輸: ≤ 20 is 小規模). Shrinking, heavily indebted.
TRANSPORT = {
    "previous": {
        "net_sales": 500_000_000,
        "cost_of_sales": 350_000_000,
        "sga": 140_000_000,
        "operating_income": 10_000_000,
    },
    "current": {
        "net_sales": 450_000_000,
        "cost_of_sales": 315_000_000,
        "sga": 153_000_000,
        "operating_income": -18_000_000,  # 450 − 315 − 153 = −18
        "depreciation": 20_000_000,
        "cash_and_deposits": 20_000_000,
        "accounts_receivable": 90_000_000,
        "accounts_payable": 15_000_000,
        "short_term_borrowings": 100_000_000,
        "long_term_borrowings": 200_000_000,
        "total_liabilities": 390_000_000,
        "net_assets": 10_000_000,
        "total_assets": 400_000_000,
    },
    "employees": 30,
    # ① 450 ÷ 500 − 1 = −10 %         −10 < ⅳ −7.3807 → 1
    # ② −18 ÷ 450 = −4 %              −4 < ⅳ −3.571 → 1
    # ③ −18,000千円 ÷ 30 = −600        −600 < ⅳ −525.862 → 1
    # ④ (300 − 20) ÷ (−18 + 20) = 140 倍   140 > ⅳ 34.7197 → 1
    # ⑤ (90 − 15) ÷ (450 ÷ 12 = 37.5) = 2 ヶ月   2 > ⅳ 1.9422 → 1
    # ⑥ 10 ÷ 400 = 2.5 %              ⅳ −7.8515 ≤ 2.5 < ⅲ 6.8642 → 2
    "display": ["△10.0%", "△4.0%", "△600千円", "140.0倍", "2.0ヶ月", "2.5%"],
    "scores": [1, 1, 1, 1, 1, 2],
    "total": 7,  # → D (< 12)
    "rank": "D",
}

# The previous years only feed ①; their B/S is a simple balanced one.
PREVIOUS_BS = {"total_assets": 100_000_000, "total_liabilities": 60_000_000, "net_assets": 40_000_000}


def company_with(case, *, organization, industry_code, supporter):
    company = CompanyFactory(
        organization=organization,
        industry_code=industry_code,
        employees=case["employees"],
        supporters=[supporter],
    )
    save_statement(
        company,
        fiscal_year=2024,
        by=supporter,
        values={**case["previous"], **PREVIOUS_BS},
        employees=case["employees"],
        status="final",
    )
    save_statement(
        company,
        fiscal_year=2025,
        by=supporter,
        values=case["current"],
        employees=case["employees"],
        status="final",
    )
    return company


@pytest.mark.parametrize(
    ("case", "industry_code", "size"),
    [
        (RETAIL, "0501", "小規模事業者"),
        (CONSTRUCTION, "0201", "中規模事業者"),
        (TRANSPORT, "0801", "中規模事業者"),
    ],
    ids=["retail", "construction", "transport"],
)
def test_page_shows_the_hand_computed_figures(login, org, supporter, case, industry_code, size):
    company = company_with(case, organization=org, industry_code=industry_code, supporter=supporter)
    response = login(supporter).get(url("local_benchmark", company))
    report = response.context["report"]
    assert [row.current.display for row in report.rows] == case["display"]
    assert [row.current.score for row in report.rows] == case["scores"]
    assert (report.result.total_score, report.result.rank) == (case["total"], case["rank"])
    assert report.size_display == size
    body = response.content.decode()
    assert f"ランク{case['rank']}　{case['total']}点／30点" in body
    assert f'<span class="lb-rank__letter">{case["rank"]}</span>' in body
    assert 'src="data:image/svg+xml;base64,' in body


def test_page_shows_units_medians_hints_previous_years_and_reasons(login, supporter, company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    response = login(supporter).get(url("local_benchmark", company))
    body = response.content.decode()
    report = response.context["report"]
    assert [c.label for c in report.years] == ["2024年3月期", "2025年3月期"]
    # 0304 小規模 medians
    assert [row.median_display for row in report.rows] == [
        "△1.6%",
        "1.2%",
        "315千円",
        "8.8倍",
        "1.7ヶ月",
        "24.3%",
    ]
    for unit in ("（%）", "（千円/人）", "（倍）", "（ヶ月）"):
        assert unit in body
    assert "売上が前の期よりどれだけ伸びたかを示します。" in body
    assert (
        "2024年3月期 ①売上増加率: 前期の決算データがないため計算できません（2期分の決算が必要です）。" in body
    )
    assert "21点（5指標）ランクなし" not in body  # 2024 has 5 scores: 4+3+4+3+3 = 17
    assert "17点（5指標）ランクなし" in body
    assert "21点（6指標）ランクB" in body


def test_year_selector_shows_an_earlier_year(login, supporter, company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    report = login(supporter).get(url("local_benchmark", company), {"fiscal_year": 2024}).context["report"]
    assert report.selected.fiscal_year == 2024
    assert [c.fiscal_year for c in report.years] == [2024]


def test_empty_and_draft_only_states_say_what_to_do(login, supporter, company):
    client = login(supporter)
    assert "決算書を入力する" in client.get(url("local_benchmark", company)).content.decode()
    make_statement(company, 2025, status="draft", total_liabilities=1)
    body = client.get(url("local_benchmark", company)).content.decode()
    assert "下書きの決算書（評価していません）" in body
    assert "貸借が一致しません" in body


def test_newer_table_is_announced_and_reevaluation_uses_it(login, admin_user, company):
    make_statement(company, 2025)
    text = LocalBenchmarkResult.objects.get().benchmark_table.csv_text
    upload_table(
        membership=admin_user.memberships.get(), by=admin_user, version="2024", source="METI", csv_text=text
    )
    client = login(admin_user)
    body = client.get(url("local_benchmark", company)).content.decode()
    assert "新しい基準値「2024年版」が登録されています。この結果は「2018年版」で評価したものです" in body
    client.post(url("reevaluate", company))
    assert sorted(LocalBenchmarkResult.objects.values_list("benchmark_version", flat=True)) == [
        "2018",
        "2024",
    ]
    report = client.get(url("local_benchmark", company)).context["report"]
    assert report.table.version == "2024"
    older = client.get(url("local_benchmark", company), {"benchmark_version": "2018"}).context["report"]
    assert older.table.version == "2018"


def test_changed_industry_is_flagged_until_reevaluated(login, supporter, company):
    make_statement(company, 2025)
    company.industry_code = "0305"
    company.save()
    client = login(supporter)
    report = client.get(url("local_benchmark", company)).context["report"]
    assert report.stale_reasons == [
        "業種が評価したとき（0304 金属製品製造業）から「0305 一般・電気機械器具製造業」に変わっています。"
    ]
    client.post(url("reevaluate", company))
    assert client.get(url("local_benchmark", company)).context["report"].stale_reasons == []


def test_viewer_sees_no_reevaluate_button(login, viewer, company):
    make_statement(company, 2025)
    company.industry_code = "0305"
    company.save()
    body = login(viewer).get(url("local_benchmark", company)).content.decode()
    assert "業種が評価したとき" in body
    assert "再評価する" not in body


def test_pdf_is_a4_with_the_company_and_period(login, viewer, company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    response = login(viewer).get(url("local_benchmark_pdf", company))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content  # A4 portrait
    assert b"IPAexGothic" in response.content  # embedded font
    assert (
        "ローカルベンチマーク_" in response["Content-Disposition"]
        or "filename*=" in response["Content-Disposition"]
    )


def test_excel_has_real_numbers_scores_rank_and_a_radar_chart(login, viewer, company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    response = login(viewer).get(url("local_benchmark_xlsx", company))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["財務分析"]
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows() if row[0].value}
    assert rows["売上高"][1:3] == [200_000_000, 210_000_000]  # yen, shown in 千円 by the number format
    assert sheet.cell(12, 2).number_format == '#,##0,;"△"#,##0,'
    margin = rows["② 営業利益率"]
    assert margin[1] == "%" and margin[4] == pytest.approx(4.0) and margin[5] == 4
    assert Decimal(str(rows["③ 労働生産性"][4])) == Decimal(700)
    assert rows["総合評価点"][5] == 21
    assert rows["ランク"][5] == "B"
    assert len(sheet._charts) == 1
    assert workbook["決算書"]["B2"].value == 200_000_000


def test_exports_without_a_confirmed_year_go_back_with_a_message(login, viewer, company):
    response = login(viewer).get(url("local_benchmark_pdf", company), follow=True)
    assert "確定した決算書がないため、PDF を作成できません。" in response.content.decode()


def test_page_query_count_does_not_grow_with_years(login, supporter, company):
    client = login(supporter)
    counts = []
    for years in ((2020, 2021), (2022, 2023, 2024, 2025, 2026)):
        for year in years:
            make_statement(company, year)
        counts.append(count_queries(client, url("local_benchmark", company)))
    assert counts[0] == counts[1]


def test_a_draft_year_beside_confirmed_ones_is_announced_not_scored(login, supporter, company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025, status="draft", total_liabilities=1)
    response = login(supporter).get(url("local_benchmark", company))
    assert response.context["report"].selected.fiscal_year == 2024
    body = response.content.decode()
    assert "2025年3月期の決算書は下書きのため評価していません。貸借が一致しません" in body
    assert LocalBenchmarkResult.objects.filter(fiscal_year=2025).count() == 0
