"""The owner's satisfaction survey on a phone (390×844): the owner finds the survey on their portal
home, opens the one-time link, answers the five questions and a comment; the link then refuses a
second answer, and the organization's admin sees the answer in the aggregate (n, means, comment)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.engagements.domain import surveys as survey_domain
from tests.engagements.factories import EngagementFactory
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SCORES = {"1.": "5", "2.": "4", "3.": "4", "4.": "5", "5.": "3"}


@pytest.fixture
def world(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    admin = UserFactory(username="orgadmin", full_name="佐藤 健一")
    MembershipFactory(user=admin, organization=org, role=Role.ORG_ADMIN)
    company = CompanyFactory(organization=org, name="有限会社丸山精工", supporters=[advisor])
    owner = UserFactory(username="owner", full_name="丸山 浩二")
    MembershipFactory(user=owner, organization=org, role=Role.OWNER, company=company)
    engagement = EngagementFactory(
        company=company, status="active", step=4, started_on=dt.date(2026, 4, 1), lead_supporter=advisor
    )
    return survey_domain.create_survey(engagement, by=advisor, milestone="after_step3")


def test_owner_answers_the_survey_on_a_phone_and_the_admin_sees_the_aggregate(
    world, live_server, sign_in, page, browser
):
    page.set_viewport_size(PHONE)
    sign_in("owner")
    expect(page.get_by_role("heading", name="アンケートのお願い")).to_be_visible()
    page.get_by_role("link", name="回答する").click()
    expect(page.get_by_role("heading", name="伴走支援についてのアンケート")).to_be_visible()
    link = page.url
    # Submitting with a question unanswered keeps the answers and says what is missing.
    page.get_by_role("group", name="1. ").get_by_text("5", exact=True).click()
    page.get_by_role("button", name="回答を送る").click()
    expect(page.get_by_text("この質問に 1〜5 のどれかで答えてください。").first).to_be_visible()
    for prefix, value in SCORES.items():
        page.get_by_role("group", name=prefix).get_by_text(value, exact=True).click()
    page.get_by_label("6. ご意見・ご感想").fill("話を最後まで聴いてもらえて、原価の見方が変わりました。")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="回答を送る").click()
    expect(page.get_by_role("heading", name="ご回答ありがとうございました")).to_be_visible()
    # The same link now refuses, and the portal no longer asks.
    page.goto(link)
    expect(page.get_by_role("heading", name="このリンクは使えません")).to_be_visible()
    page.goto(f"{live_server.url}/o/minato/portal/")
    expect(page.get_by_role("heading", name="アンケートのお願い")).to_have_count(0)

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    admin_page = context.new_page()
    admin_page.goto(f"{live_server.url}/accounts/login/")
    admin_page.get_by_label("ユーザー名").fill("orgadmin")
    admin_page.get_by_label("パスワード").fill("correct-horse-battery")
    admin_page.get_by_role("button", name="ログイン").click()
    admin_page.goto(f"{live_server.url}/o/minato/portfolio/statistics/")
    survey = admin_page.locator("section").filter(
        has=admin_page.get_by_role("heading", name="満足度調査（経営者の声）")
    )
    expect(survey).to_contain_text("送付 1件・回答 1件・回答率 100.0%")
    # (5 + 4 + 4 + 5 + 3) / 5 = 4.20, in the supporter's row and the organization's
    row = survey.get_by_role("row").filter(has_text="田中 美咲")
    expect(row).to_contain_text("4.20")
    expect(survey).to_contain_text("話を最後まで聴いてもらえて、原価の見方が変わりました。")
    expect(survey.locator(".survey-comments")).not_to_contain_text("丸山")
    context.close()
