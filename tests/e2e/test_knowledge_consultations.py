"""In a real browser: a supporter of the bank asks the regional network a question (相談), a supporter
of another organization in the network answers it, and the asker accepts the answer, which is then
marked for both. And the 質問バンク beside the dialogue form: the questions for the engagement's step
and its high walls, one click puts a question into the 傾聴メモ."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.knowledge.models import BankItem, Consultation, Network, NetworkMembership
from banso.knowledge.shipped import sync_shipped_items
from tests.engagements.factories import EngagementFactory, WallAssessmentFactory
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    sync_shipped_items(BankItem)  # a transactional test flushes what the migration loaded
    bank = OrganizationFactory(name="みなと地域銀行", slug="minato")
    cci = OrganizationFactory(name="みなと商工会議所", slug="cci")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=bank, role=Role.SUPPORTER)
    counsellor = UserFactory(username="counsellor", full_name="木村 翔太")
    MembershipFactory(user=counsellor, organization=cci, role=Role.SUPPORTER)
    network = Network.objects.create(name="みなと地域 伴走支援推進協議会")
    for org in (bank, cci):
        NetworkMembership.objects.create(network=network, organization=org, members_may_publish=True)
    company = CompanyFactory(
        organization=bank, name="有限会社丸山精工", industry_code="0304", supporters=[advisor]
    )
    engagement = EngagementFactory(
        company=company, lead_supporter=advisor, step=4, status="active", started_on=dt.date(2026, 1, 5)
    )
    WallAssessmentFactory(
        engagement=engagement, unseen=1, unfaced=3, unexecuted=1, unfollowed=0, under_resourced=0
    )
    return {"bank": bank, "cci": cci, "network": network, "engagement": engagement}


def test_a_network_consultation_is_answered_by_another_organization_and_accepted(
    world, live_server, sign_in, page, browser
):
    sign_in("advisor")
    page.goto(live_server.url + reverse("knowledge:consultation_list", kwargs={"org": "minato"}))
    page.get_by_role("link", name="＋ 相談する").click()
    page.get_by_label("件名").fill("数字の話を避ける社長との対話")
    page.get_by_label("相談内容").fill("試算表を見せると話題を変えられます。どう切り出していますか。")
    page.get_by_label("ネットワーク", exact=True).check()
    page.get_by_label("相談先のネットワーク").select_option(label="みなと地域 伴走支援推進協議会")
    # A context still naming the client is refused with a Japanese message, and kept for fixing.
    page.get_by_label("背景（任意・匿名化済み）").fill("丸山精工は金属加工業で、従業員は30名です。")
    page.get_by_role("button", name="投稿する").click()
    expect(page.get_by_text("事業者を特定できる名前（有限会社丸山精工）が残っています")).to_be_visible()
    page.get_by_label("背景（任意・匿名化済み）").fill("A社は金属加工業で、従業員は30名です。")
    page.get_by_role("button", name="投稿する").click()
    expect(page.get_by_role("heading", name="数字の話を避ける社長との対話")).to_be_visible()
    consultation = Consultation.objects.get()
    assert (consultation.audience, consultation.network_id) == ("network", world["network"].pk)

    # A supporter of the 商工会議所 finds it in their own organization's list and answers.
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    other = context.new_page()
    other.goto(f"{live_server.url}/accounts/login/")
    other.get_by_label("ユーザー名").fill("counsellor")
    other.get_by_label("パスワード").fill("correct-horse-battery")
    other.get_by_role("button", name="ログイン").click()
    other.goto(live_server.url + reverse("knowledge:consultation_list", kwargs={"org": "cci"}))
    other.get_by_role("link", name="数字の話を避ける社長との対話").click()
    expect(other.get_by_text("A社は金属加工業で")).to_be_visible()
    other.get_by_role("textbox", name="回答").fill("社長が気にしている数字を一つだけ聞くところから始めます。")
    other.get_by_role("button", name="回答する").click()
    expect(other.get_by_text("回答を投稿しました。")).to_be_visible()

    # The asker votes and accepts it.
    page.reload()
    answer = page.get_by_test_id("answer").filter(has_text="一つだけ聞く")
    expect(answer).to_contain_text("みなと商工会議所 木村 翔太")
    answer.get_by_role("button", name="参考になった").click()
    answer = page.get_by_test_id("answer").filter(has_text="一つだけ聞く")
    expect(answer).to_contain_text("参考になった 1")
    answer.get_by_role("button", name="この回答を採用する").click()
    expect(page.get_by_text("回答を採用しました。")).to_be_visible()
    expect(page.get_by_test_id("accepted-mark")).to_be_visible()
    page.screenshot(path="var/e2e-consultation-accepted.png", full_page=True)

    # The answerer sees their answer marked as accepted.
    other.reload()
    expect(other.get_by_test_id("accepted-mark")).to_be_visible()
    expect(other.get_by_text("解決済み")).to_be_visible()
    context.close()


def test_the_question_bank_puts_a_question_into_the_dialogue_notes(world, live_server, sign_in, page):
    engagement = world["engagement"]
    sign_in("advisor")
    page.goto(
        live_server.url
        + reverse(
            "engagements:dialogue_create",
            kwargs={"org": "minato", "company_pk": engagement.company_id, "engagement_pk": engagement.pk},
        )
    )
    page.get_by_label("傾聴メモ").fill("売上の話から始めた。")
    aid = page.get_by_test_id("form-aid-question-bank")
    aid.get_by_role("button", name="質問を表示").click()
    picker = aid.get_by_test_id("question-picker")
    expect(picker).to_contain_text("④ 気づき・腹落ちの促進 の質問")
    expect(picker).to_contain_text("向き合えない壁（高い壁）の質問")
    expect(picker).to_contain_text("業種別の着眼点: 製造業")
    question = BankItem.objects.get(shipped_key="step4-02").text
    picker.get_by_role("button", name=f"＋ {question}").click()
    expect(page.get_by_label("傾聴メモ")).to_have_value(f"売上の話から始めた。\n{question}")
    page.screenshot(path="var/e2e-question-bank-picker.png", full_page=True)
