"""The monthly monitoring cycle in a real browser: from the monitoring home, import May's freee 月次推移表
(a Shift_JIS CSV built here), see the highlighted gap on the month's review, record its cause and
response, set June's key actions, then create, issue and download the monitoring report (PDF text and
Excel numbers checked)."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.monitoring.domain import plans
from banso.monitoring.engines.months import Month
from banso.monitoring.models import Gap, MonthlyActual, NextMonthAction
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

K = 1000


def freee_may_csv() -> bytes:
    """freee 月次推移表 for May 2025 as freee exports it (title row, header with 勘定科目コード, section
    headings and total rows without a code), in Shift_JIS. Sales 7,500千円 against a plan of 10,000千円."""
    rows = [
        ["損益計算書 月次推移", "", "", ""],
        ["勘定科目コード", "勘定科目", "2025/05", "期間累計"],
        ["", "[売上高]", "", ""],
        ["4110", "売上高", "7,500,000", "7,500,000"],
        ["", "売上高合計", "7,500,000", "7,500,000"],
        ["", "[売上原価]", "", ""],
        ["5110", "仕入高", "4,500,000", "4,500,000"],
        ["", "売上原価合計", "4,500,000", "4,500,000"],
        ["", "売上総利益", "3,000,000", "3,000,000"],
        ["", "[販売費及び一般管理費]", "", ""],
        ["6110", "給料手当", "1,800,000", "1,800,000"],
        ["6120", "地代家賃", "500,000", "500,000"],
        ["", "販売費及び一般管理費合計", "2,300,000", "2,300,000"],
        ["", "営業利益", "700,000", "700,000"],
        ["", "経常利益", "700,000", "700,000"],
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("cp932")


@pytest.fixture
def world(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(
        organization=org, name="有限会社丸山精工", supporters=[advisor], fiscal_year_end_month=3
    )
    version = plans.create_plan(
        company,
        by=advisor,
        title="経営改善計画",
        start_month=Month(2025, 4),
        years=3,
        yearly={
            fy: {"net_sales": 120_000 * K, "cost_of_sales": 72_000 * K, "sga": 30_000 * K}
            for fy in (2026, 2027, 2028)
        },
    )
    plans.add_measure(version, by=advisor, title="既存顧客の深耕", owner="丸山社長", status="in_progress")
    return company


def test_monthly_cycle_from_import_to_issued_report(world, live_server, sign_in, page, tmp_path):
    company = world
    sign_in("advisor")
    base = f"{live_server.url}/o/minato/companies/{company.pk}/monitoring"
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="今月のモニタリング")).to_be_visible()
    expect(page.get_by_text("まだ月次実績がありません")).to_be_visible()

    # 1. import May from the freee export
    page.get_by_role("link", name="① 月次推移表を取り込む").click()
    page.get_by_label("会計ソフトから出力したファイル（CSV または .xlsx）").set_input_files(
        {"name": "月次推移表_202505.csv", "mimeType": "text/csv", "buffer": freee_may_csv()}
    )
    page.get_by_role("button", name="読み取って確認する").click()
    expect(page.get_by_role("heading", name="取込の確認: 月次推移表_202505.csv")).to_be_visible()
    expect(page.get_by_test_id("unmapped-accounts")).to_have_count(0)
    page.get_by_test_id("commit-form").get_by_role("button", name="取り込む").click()
    expect(page.get_by_text("月次実績を取り込みました")).to_be_visible()
    assert (
        MonthlyActual.objects.get(company=company, month="2025-05-01", line="net_sales").amount == 7_500_000
    )

    # 2. the month's review: 売上高 75.0% is highlighted, with a link to record the gap
    page.get_by_test_id("monitoring-subnav").get_by_role("link", name="月次レビュー").click()
    expect(page.get_by_test_id("review-month")).to_have_text("2025年5月")
    sales = page.locator('tr[data-line="net_sales"]')
    expect(sales).to_contain_text("75.0%")
    expect(sales).to_contain_text("△2,500")
    expect(page.get_by_test_id("missing-items")).to_contain_text("乖離の原因が未記録の科目があります: 売上高")
    sales.locator("a.mon-gap").click()

    # 3. record its cause and response
    expect(page.get_by_role("heading", name="乖離分析: 2025年5月の売上高")).to_be_visible()
    page.get_by_label("原因の分類").select_option(label="受注・客数減")
    page.get_by_label("なぜなぜ（原因の掘り下げ）").fill("主要取引先の発注が止まった → 先方の在庫調整")
    page.get_by_label("対応（実施済み・予定）").fill("代替の取引先3社に提案する")
    page.get_by_label("担当").fill("丸山社長")
    page.get_by_label("期限").fill("2025-06-30")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("乖離の原因と対応を記録しました。")).to_be_visible()
    expect(page.get_by_test_id("review-gaps")).to_contain_text("代替の取引先3社に提案する")
    gap = Gap.objects.get(company=company)
    assert (gap.line, gap.cause, gap.owner, str(gap.due_on)) == (
        "net_sales",
        "orders_down",
        "丸山社長",
        "2025-06-30",
    )

    # 4. set June's key actions from the review screen
    page.get_by_test_id("review-cycle").get_by_role(
        "link", name="③ 2025年6月の重点アクションを設定する"
    ).click()
    page.get_by_role("textbox", name="アクション").fill("代替取引先への営業訪問")
    page.get_by_label("担当").fill("丸山社長")
    page.get_by_label("測定基準").fill("訪問20件")
    page.get_by_role("button", name="設定する").click()
    expect(
        page.get_by_text("2025年6月の重点アクション「代替取引先への営業訪問」を設定しました。")
    ).to_be_visible()
    assert NextMonthAction.objects.get(company=company).month.isoformat() == "2025-06-01"
    page.goto(f"{base}/review/?month=2025-05")
    expect(page.get_by_test_id("next-actions")).to_contain_text("代替取引先への営業訪問")

    # 5. create the report from the review screen, edit its drafted sentence, issue it
    page.get_by_test_id("review-cycle").get_by_role("link", name="⑤ 報告書を作成").click()
    expect(page.get_by_label("対象期間（至）")).to_have_value("2025-05")
    page.get_by_role("button", name="下書きを作成する").click()
    expect(page.get_by_text("報告書の下書きを作成しました。")).to_be_visible()
    drafted = page.locator("textarea").filter(has_text="売上高は計画比75.0％").first
    expect(drafted).to_contain_text("△2,500千円")
    drafted.fill(drafted.input_value() + "代替の取引先への提案を始めています。")
    page.get_by_role("button", name="文章を保存する").click()
    expect(page.get_by_text("報告書の文章を保存しました。")).to_be_visible()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("issue-report").click()
    expect(page.get_by_test_id("report-status")).to_have_text("発行済み")

    # 6. download both formats: the PDF says what the table says, the Excel holds the yen
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF をダウンロード").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    from pypdf import PdfReader

    text = "".join("".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "有限会社丸山精工" in text
    assert "売上高は計画比75.0％" in text and "代替の取引先への提案を始めています。" in text
    assert "代替の取引先3社に提案する" in text  # the gap's response
    assert "代替取引先への営業訪問" in text  # next month's action

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel をダウンロード").click()
    xlsx = tmp_path / "report.xlsx"
    download.value.save_as(xlsx)
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["月次モニタリング表"]
    may_sales = [
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] == "売上高" and row[1] == "2025年5月"
    ]
    assert [(row[2], row[3], row[4]) for row in may_sales] == [(10_000_000, 7_500_000, -2_500_000)]
