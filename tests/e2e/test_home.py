"""The supporter's home (今日やること) and the portfolio in a real browser, on the demo data: the demo
advisor lands on their home and it shows every alert kind, each item one click from where to act;
the org admin's portfolio numbers open the lists behind them; phones never scroll sideways."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from banso.core.alerts import alert_kinds
from banso.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--force", stdout=io.StringIO())


def test_demo_advisor_home_shows_every_alert_kind(demo, live_server, sign_in, page):
    sign_in("advisor", DEMO_PASSWORD)
    assert page.url.endswith("/o/minato-bank/today/")
    expect(page.get_by_role("heading", name="今日やること", level=1)).to_be_visible()
    counts = {}
    for kind in alert_kinds():
        counts[kind.code] = page.locator(f"#kind-{kind.code} .alert-item").count()
    assert all(counts.values()), counts

    # One click from where to act: the overdue action opens the action's page.
    page.locator("#kind-action_overdue .alert-item a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/actions/" in page.url

    # Filtering by kind keeps only that kind; a phone never scrolls sideways.
    page.goto(f"{live_server.url}/o/minato-bank/today/")
    page.get_by_role("link", name="資金ショートの見込み").first.click()
    expect(page.locator(".alert-group")).to_have_count(1)
    page.set_viewport_size({"width": 390, "height": 860})
    page.goto(f"{live_server.url}/o/minato-bank/today/")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_org_admin_portfolio_numbers_open_their_lists(demo, live_server, sign_in, page):
    sign_in("orgadmin", DEMO_PASSWORD)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="ポートフォリオ").click()
    expect(page.get_by_role("heading", name="ポートフォリオ", level=1)).to_be_visible()
    # 期限切れのアクション per supporter → the company list filtered to those companies.
    table = page.locator("section", has=page.get_by_role("heading", name="支援者ごとの担当"))
    table.locator("td[data-label='期限切れのアクション'] a").first.click()
    expect(page.get_by_text("期限切れのアクションあり")).to_be_visible()
    rows = page.locator(".companies-table tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        expect(rows.nth(i).locator("td[data-label='期限切れ']")).to_contain_text("件")
    for width in (390, 768):
        page.set_viewport_size({"width": width, "height": 860})
        page.goto(f"{live_server.url}/o/minato-bank/portfolio/")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), width
