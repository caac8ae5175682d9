"""The owner portal on a phone (390×844): the owner opens their action, records what they did and
learnt, and the supporter sees the owner's entry in the action's PDCA history."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.core.visibility import Visibility
from tests.engagements.factories import ActionFactory, EngagementFactory, StakeholderFactory
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
    engagement = EngagementFactory(
        company=company, status="active", step=6, started_on=dt.date(2026, 4, 1), lead_supporter=advisor
    )
    person = StakeholderFactory(engagement=engagement, name="丸山 浩二", role="owner", user=owner)
    action = ActionFactory(engagement=engagement, owner=person, what="主要10品目の原価を計算する")
    ActionFactory(
        engagement=engagement,
        owner=person,
        what="専務の本音を探る（支援者メモ）",
        visibility=Visibility.INTERNAL,
    )
    return engagement, action


def test_owner_updates_an_action_on_a_phone_and_the_supporter_sees_it(
    world, live_server, sign_in, page, browser
):
    engagement, action = world
    page.set_viewport_size(PHONE)
    sign_in("owner")
    expect(page.get_by_role("heading", name="今月やること")).to_be_visible()
    nav = page.get_by_role("navigation", name="事業者メニュー")
    expect(nav).to_be_visible()
    expect(page.get_by_text("事業者一覧")).to_have_count(0)
    nav.get_by_role("link", name="アクション").click()
    expect(page.get_by_text("専務の本音を探る")).to_have_count(0)
    page.get_by_role("link", name="主要10品目の原価を計算する").click()

    page.get_by_label("状況").select_option(label="実行中")
    page.get_by_label("やったこと・結果").fill("主要10品目のうち6品目の原価を計算した")
    page.get_by_label("気づいたこと・学び").fill("見積の根拠が曖昧な品目ほど赤字だった")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("記録しました。担当の支援者にも伝わります。")).to_be_visible()
    expect(page.locator(".p-history--mine")).to_contain_text("主要10品目のうち6品目の原価を計算した")
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    supporter_page = context.new_page()
    supporter_page.goto(f"{live_server.url}/accounts/login/")
    supporter_page.get_by_label("ユーザー名").fill("advisor")
    supporter_page.get_by_label("パスワード").fill("correct-horse-battery")
    supporter_page.get_by_role("button", name="ログイン").click()
    supporter_page.goto(
        f"{live_server.url}/o/minato/companies/{engagement.company_id}/engagements/{engagement.pk}/actions/{action.pk}/"
    )
    entry = supporter_page.locator(".pdca__item").filter(has_text="主要10品目のうち6品目の原価を計算した")
    expect(entry).to_contain_text("事業者の記入")
    expect(entry).to_contain_text("丸山 浩二")
    expect(entry).to_contain_text("見積の根拠が曖昧な品目ほど赤字だった")
    context.close()
