"""The owner's monthly figures on a phone (390×844): a text in a number field is refused in Japanese
with nothing saved, then the owner records 売上高, 売上総利益, 現預金 and a KPI actual, and the
supporter sees the month marked 事業者入力 on the actuals grid."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.monitoring.domain.kpis import create_kpi
from banso.monitoring.engines.months import Month
from banso.monitoring.models import KpiMonth, MonthlyActual
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(organization=org, name="有限会社丸山精工", supporters=[advisor])
    owner = UserFactory(username="owner", full_name="丸山 浩二")
    MembershipFactory(user=owner, organization=org, role=Role.OWNER, company=company)
    kpi = create_kpi(company, by=advisor, name="新規訪問件数", unit="件")
    return company, kpi


def test_owner_enters_the_months_figures_on_a_phone_and_the_supporter_sees_them(
    world, live_server, sign_in, page, browser
):
    company, kpi = world
    month = Month.of(timezone.localdate())
    page.set_viewport_size(PHONE)
    sign_in("owner")
    nav = page.get_by_role("navigation", name="事業者メニュー")
    nav.get_by_role("link", name="数字").click()
    expect(page.get_by_role("heading", name="月次の数字")).to_be_visible()

    page.get_by_label("売上高").fill("たくさん")
    page.get_by_label("売上総利益（粗利）").fill("400万")
    page.get_by_label("新規訪問件数").fill("１２")
    page.get_by_role("button", name="記録する").click()
    expect(page.locator(".field--error")).to_have_count(1)
    expect(page.locator(".field--error")).to_contain_text("数")
    assert not MonthlyActual.objects.exists() and not KpiMonth.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("売上高").fill("1,200万")
    page.get_by_label("月末の現預金残高").fill("850万")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text(f"{month.label}の数字を記録しました")).to_be_visible()
    expect(page.get_by_label("売上高")).to_have_value("12000000")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="var/e2e-owner-figures-phone.png", full_page=True)
    stored = {row.line: (row.amount, row.source) for row in MonthlyActual.objects.all()}
    assert stored == {
        "net_sales": (12_000_000, "owner"),
        "cost_of_sales": (8_000_000, "owner"),
        "cash_and_deposits": (8_500_000, "owner"),
    }
    assert KpiMonth.objects.get(kpi=kpi).actual == 12

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    supporter = context.new_page()
    supporter.goto(f"{live_server.url}/accounts/login/")
    supporter.get_by_label("ユーザー名").fill("advisor")
    supporter.get_by_label("パスワード").fill("correct-horse-battery")
    supporter.get_by_role("button", name="ログイン").click()
    fy = month.fiscal_year(company.fiscal_year_end_month)
    supporter.goto(f"{live_server.url}/o/minato/companies/{company.pk}/monitoring/actuals/?fy={fy}")
    expect(supporter.get_by_test_id("owner-months")).to_contain_text(month.label)
    expect(supporter.get_by_test_id("owner-months")).to_contain_text("事業者入力")
    context.close()
