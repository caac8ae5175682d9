"""Main path of the diagnosis area in a real browser: an advisor enters three years of statements,
sees the local benchmark with its rank and radar chart, and downloads the Excel and the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from banso.core.roles import Role
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

PASSWORD = "correct-horse-battery"
SCREENSHOTS = Path("var/e2e-screenshots")

# Three years typed in 千円, the way an advisor copies them from the 決算書 (0304, 12 people → 小規模).
YEARS = {
    "2023": {
        "net_sales": "190,000",
        "cost_of_sales": "140,000",
        "sga": "42,000",
        "operating_income": "8,000",
    },
    "2024": {
        "net_sales": "200,000",
        "cost_of_sales": "150,000",
        "sga": "41,600",
        "operating_income": "8,400",
    },
    "2025": {
        "net_sales": "210,000",
        "cost_of_sales": "150,000",
        "sga": "51,600",
        "operating_income": "8,400",
    },
}
BALANCE_SHEET = {
    "depreciation": "3,600",
    "cash_and_deposits": "30,000",
    "accounts_receivable": "30,000",
    "notes_receivable": "5,000",
    "inventories": "17,500",
    "total_assets": "150,000",
    "accounts_payable": "14,000",
    "notes_payable": "3,000",
    "short_term_borrowings": "20,000",
    "long_term_borrowings": "62,000",
    "lease_obligations": "6,000",
    "total_liabilities": "105,000",
    "net_assets": "45,000",
}


@pytest.fixture
def advisor_company(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    user = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=user, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(organization=org, name="有限会社丸山精工", employees=12, supporters=[user])
    return org, company


@pytest.fixture
def browser_page(page, request):
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)


@pytest.mark.e2e
def test_enter_three_years_then_see_the_rank_and_radar_and_download(
    live_server, advisor_company, browser_page
):
    org, company = advisor_company
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "advisor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/o/{org.slug}/companies/{company.pk}/")
    page.get_by_role("link", name="診断").click()
    page.get_by_role("link", name="決算書", exact=True).click()
    for year, pl in YEARS.items():
        page.get_by_role("link", name="決算書を入力する").first.click()
        page.fill("#id_fiscal_year", year)
        page.fill("#id_employees", "12")
        for key, value in {**pl, **BALANCE_SHEET}.items():
            page.fill(f"#id_{key}", value)
        # the live check under the form agrees with the entry before it is sent
        assert page.locator("[data-calc=balance_check]").inner_text() == "150,000千円"
        page.get_by_role("button", name="確定する").click()
        assert page.get_by_text(f"{year}年3月期の決算書を確定しました。").is_visible()

    page.get_by_role("link", name="ローカルベンチマーク").click()
    # 2025: ① 5% → 4, ② 4% → 4, ③ 700千円 → 3, ④ 4.3倍 → 4, ⑤ 2.0ヶ月 → 3, ⑥ 30% → 3 = 21 → B
    assert page.locator(".lb-rank__letter").inner_text() == "B"
    assert "ランクB　21点／30点" in page.locator(".lb-rank").inner_text()
    radar = page.locator(".lb-radar img")
    assert radar.is_visible()
    assert radar.evaluate("img => img.naturalWidth") > 0
    headers = page.locator(".lb-table thead tr").first.inner_text()
    assert "2023年3月期" in headers and "2025年3月期" in headers

    with page.expect_download() as excel_info:
        page.get_by_role("link", name="Excel").click()
    excel = excel_info.value
    assert excel.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(excel.path()).read_bytes()))
    ranks = [row for row in workbook["財務分析"].iter_rows(values_only=True) if row[0] == "ランク"]
    assert ranks[0][7] == "B"

    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="PDF（A4）").click()
    pdf = pdf_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")
