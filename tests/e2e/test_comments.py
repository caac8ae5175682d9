"""Comments in the browser: the owner on a phone (390 px) comments on an action without a reload; the
advisor sees the bell's count, opens the notification and replies; the owner sees the reply (and their
bell). Hostile text stays text."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.core.visibility import Visibility
from tests.engagements.factories import ActionFactory, EngagementFactory, StakeholderFactory
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
QUESTION = "単価はいつ時点のものを使えばよいですか？<b>太字</b>"
REPLY = "直近3か月の平均で揃えましょう。"


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
    ActionFactory(engagement=engagement, owner=person, what="支援者メモ", visibility=Visibility.INTERNAL)
    return engagement, action


def test_owner_comments_on_a_phone_and_the_advisor_replies(world, live_server, sign_in, page, browser):
    _, action = world
    page.set_viewport_size(PHONE)
    sign_in("owner")
    page.get_by_role("navigation", name="事業者メニュー").get_by_role("link", name="アクション").click()
    page.get_by_role("link", name="主要10品目の原価を計算する").click()
    thread = page.locator(f"#thread-action-{action.pk}")
    expect(thread.get_by_role("heading", name="コメント（0件）")).to_be_visible()
    page.evaluate("window.__stayed = true")  # gone if the page reloads
    thread.get_by_role("button", name="コメントを送る").click()  # empty: refused, said in Japanese
    expect(
        page.locator(f"#thread-action-{action.pk}").get_by_text("コメントを入力してください。")
    ).to_be_visible()
    thread = page.locator(f"#thread-action-{action.pk}")
    thread.get_by_label("コメントを書く").fill(QUESTION)
    thread.get_by_role("button", name="コメントを送る").click()
    thread = page.locator(f"#thread-action-{action.pk}")
    expect(thread.get_by_role("heading", name="コメント（1件）")).to_be_visible()
    expect(thread.locator(".comment__body")).to_have_text(QUESTION)  # shown as text, not markup
    assert page.evaluate("window.__stayed") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    advisor = context.new_page()
    advisor.goto(f"{live_server.url}/accounts/login/")
    advisor.get_by_label("ユーザー名").fill("advisor")
    advisor.get_by_label("パスワード").fill("correct-horse-battery")
    advisor.get_by_role("button", name="ログイン").click()
    bell = advisor.get_by_role("link", name="通知（未読 1 件）")
    expect(bell).to_be_visible()
    expect(bell.get_by_test_id("bell-count")).to_have_text("1")
    bell.click()
    item = advisor.locator(".notification--unread")
    expect(item).to_contain_text("丸山 浩二さんがアクション「主要10品目の原価を計算する」にコメントしました")
    item.get_by_role("link").click()
    expect(advisor.get_by_role("link", name="通知", exact=True)).to_be_visible()  # read: no count any more
    advisor_thread = advisor.locator(f"#thread-action-{action.pk}")
    expect(advisor_thread.locator(".comment__body")).to_have_text(QUESTION)
    advisor_thread.get_by_label("コメントを書く").fill(REPLY)
    advisor_thread.get_by_role("button", name="コメントを送る").click()
    expect(
        advisor.locator(f"#thread-action-{action.pk}").get_by_role("heading", name="コメント（2件）")
    ).to_be_visible()
    context.close()

    page.reload()
    expect(page.get_by_role("link", name="通知（未読 1 件）")).to_be_visible()
    thread = page.locator(f"#thread-action-{action.pk}")
    expect(thread.locator(".comment--support .comment__body")).to_have_text(REPLY)
    expect(thread.locator(".comment--support")).to_contain_text("田中 美咲")
