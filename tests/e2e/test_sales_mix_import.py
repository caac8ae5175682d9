"""The sales-mix import in a real browser: on the 売上構成比 page drop a Shift_JIS CSV (区分 × 月, 計画 and
実績, 売上高 and 粗利, △ negatives), read the preview (new segments, totals, the check against the
month's 売上高), commit, and see the grid filled; then download the Excel."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.monitoring.models import MonthlyActual, SegmentMonth
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def mix_csv() -> bytes:
    rows = [
        ["売上構成表"],
        ["区分", "計画/実績", "項目", "2025年4月", "2025年5月"],
        ["精密部品", "計画", "売上高", "5,000,000", "5,000,000"],
        ["", "", "粗利", "1,500,000", "1,500,000"],
        ["", "実績", "売上高", "4,200,000", "4,800,000"],
        ["", "", "粗利", "1,100,000", "△50,000"],
        ["保守サービス", "実績", "売上高", "800,000", "900,000"],
        ["", "", "粗利", "560,000", "630,000"],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("cp932")


@pytest.fixture
def company(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(
        organization=org, name="有限会社丸山精工", supporters=[advisor], fiscal_year_end_month=3
    )
    MonthlyActual.objects.create(company=company, month="2025-04-01", line="net_sales", amount=5_000_000)
    return company


def test_drop_a_sales_mix_file_preview_and_commit(company, live_server, sign_in, page, tmp_path):
    sign_in("advisor")
    page.goto(f"{live_server.url}/o/minato/companies/{company.pk}/monitoring/sales-mix/?fy=2026")
    panel = page.get_by_test_id("segment-import-panel")
    expect(panel.get_by_role("heading", name="ファイルから取り込む")).to_be_visible()
    path = tmp_path / "売上構成.csv"
    path.write_bytes(mix_csv())
    panel.locator("input[type=file]").set_input_files(str(path))
    panel.get_by_role("button", name="読み取って確認する").click()

    expect(page.get_by_role("heading", name="売上構成表の取込の確認: 売上構成.csv")).to_be_visible()
    expect(page.get_by_test_id("import-months")).to_have_text("2025年4月、2025年5月")
    expect(page.get_by_test_id("segment-import-notices")).to_contain_text("精密部品、保守サービス")
    table = page.get_by_test_id("segment-import-table")
    expect(table).to_contain_text("△50,000")
    checks = page.get_by_test_id("segment-import-checks")
    expect(checks).to_contain_text("5,000,000")  # April: 4,200,000 + 800,000 = the month's 売上高
    expect(checks).to_contain_text("一致")
    assert SegmentMonth.objects.count() == 0

    page.get_by_test_id("segment-commit-form").get_by_role("button", name="取り込む").click()
    expect(page.get_by_text("区分の追加2件、月次行の更新4件")).to_be_visible()
    expect(page.get_by_test_id("total-actual-sales")).to_have_text("10,700")
    grid = page.get_by_test_id("mix-grid")
    expect(grid.get_by_label("精密部品 2025年5月 実績粗利")).to_have_value("-50")

    with page.expect_download() as download:
        page.get_by_test_id("mix-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
