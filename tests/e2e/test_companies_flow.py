"""Main path of the foundation in a real browser: sign in, list, create a company, see it in the list and
its history; another organization's supporter gets a 404 for its URL."""

import re

import pytest
from playwright.sync_api import expect

from banso.companies.models import Company
from banso.core.roles import Role
from tests.factories import (
    CompanyFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    valid_corporate_number,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bank(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    CompanyFactory(
        organization=org, name="有限会社丸山精工", name_kana="マルヤマセイコウ", supporters=[advisor]
    )
    return org


@pytest.fixture
def office(transactional_db):
    org = OrganizationFactory(name="さくら経営診断事務所", slug="sakura")
    MembershipFactory(
        user=UserFactory(username="advisor2", full_name="山本 由紀"), organization=org, role=Role.SUPPORTER
    )
    return org


def test_supporter_creates_company_and_sees_it_in_list_and_history(
    bank, live_server, sign_in, page, tmp_path
):
    sign_in("advisor")
    # Support-side users land on 今日やること; the company list is one click away.
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="事業者一覧").click()
    expect(page.get_by_role("heading", name="事業者一覧")).to_be_visible()
    expect(page.get_by_role("link", name="有限会社丸山精工")).to_be_visible()

    page.get_by_role("link", name="＋ 事業者を登録").click()
    page.get_by_role("textbox", name="商号", exact=True).fill("株式会社さくら食品")
    page.get_by_label("商号（フリガナ）").fill("サクラショクヒン")
    page.get_by_label("法人番号").fill(valid_corporate_number(4242))
    page.get_by_role("combobox", name="業種").select_option("0301")
    page.get_by_role("combobox", name="決算月").select_option("3")
    page.get_by_role("textbox", name="従業員数").fill("２４")
    page.get_by_label("資本金").fill("10,000,000")
    page.get_by_role("button", name="登録する").click()

    expect(page.get_by_role("heading", name="株式会社さくら食品")).to_be_visible()
    expect(page.get_by_text("「株式会社さくら食品」を登録しました。")).to_be_visible()
    expect(page.get_by_text("24人")).to_be_visible()

    page.get_by_role("link", name="事業者一覧").first.click()
    page.get_by_placeholder(re.compile("商号・フリガナで検索")).fill("さくら")
    expect(page.get_by_role("link", name="株式会社さくら食品")).to_be_visible()
    expect(page.get_by_role("link", name="有限会社丸山精工")).to_have_count(0)

    page.get_by_role("link", name="株式会社さくら食品").click()
    page.get_by_role("link", name="編集").click()
    page.get_by_role("textbox", name="従業員数").fill("30")
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("link", name="履歴").click()
    history = page.locator(".history__item").first
    expect(history).to_contain_text("田中 美咲")
    expect(history).to_contain_text("従業員数")
    expect(history.locator("td").nth(0)).to_have_text("24")
    expect(history.locator("td").nth(1)).to_have_text("30")
    page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
    assert Company.objects.get(name="株式会社さくら食品").employees == 30


def test_bad_input_shows_japanese_errors_and_saves_nothing(bank, live_server, sign_in, page):
    sign_in("advisor")
    # Support-side users land on 今日やること; the company list is one click away.
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="事業者一覧").click()
    page.get_by_role("link", name="＋ 事業者を登録").click()
    page.get_by_role("textbox", name="商号", exact=True).fill("　　")
    page.get_by_label("法人番号").fill("1000000000555")
    page.get_by_role("combobox", name="業種").select_option("0304")
    page.get_by_role("combobox", name="決算月").select_option("3")
    page.get_by_role("textbox", name="従業員数").fill("-3")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("入力内容に誤りがあります")).to_be_visible()
    expect(page.get_by_text("チェックディジット")).to_be_visible()
    expect(page.get_by_text("0 以上の数を入力してください")).to_be_visible()
    assert Company.objects.count() == 1


def test_other_organizations_supporter_gets_404(bank, office, live_server, sign_in, page):
    company = Company.objects.get(name="有限会社丸山精工")
    sign_in("advisor2")
    # Support-side users land on 今日やること; the company list is one click away.
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="事業者一覧").click()
    expect(page.get_by_role("heading", name="事業者一覧")).to_be_visible()
    expect(page.get_by_text("有限会社丸山精工")).to_have_count(0)
    response = page.goto(f"{live_server.url}/o/sakura/companies/{company.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="ページが見つかりません")).to_be_visible()
    response = page.goto(f"{live_server.url}/o/minato/companies/{company.pk}/")
    assert response.status == 404


def test_list_search_chips_sorting_and_paging_in_the_browser(bank, live_server, sign_in, page):
    org = bank
    advisor = org.memberships.get().user
    for i in range(27):
        CompanyFactory(organization=org, name=f"株式会社テスト{i:02d}", employees=i + 1, supporters=[advisor])
    CompanyFactory(
        organization=org, name="株式会社まるや商店", industry_code="0501", employees=500, supporters=[advisor]
    )
    sign_in("advisor")
    # Support-side users land on 今日やること; the company list is one click away.
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="事業者一覧").click()
    results = page.locator("#results")
    expect(results.locator(".result-count")).to_have_text("29件")

    # A chip narrows the list, unticking it widens it again (no stale filter in the URL).
    page.locator(".chip", has_text="小売業").click()
    expect(results.locator(".result-count")).to_contain_text("1件")
    page.locator(".chip", has_text="小売業").click()
    expect(results.locator(".result-count")).to_have_text("29件")

    # Sorting by 従業員数 works on the first click, the second click reverses it.
    page.get_by_role("link", name="従業員数").click()
    expect(page.locator("tbody tr").first).to_contain_text("株式会社テスト00")
    page.get_by_role("link", name="従業員数 ▲").click()
    expect(page.locator("tbody tr").first).to_contain_text("株式会社まるや商店")

    # Paging keeps the sort and reaches the last rows.
    page.get_by_role("link", name="次へ →").click()
    expect(page.get_by_text("2 / 2 ページ")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(4)
    expect(page.locator("tbody tr").last).to_contain_text("株式会社テスト00")
