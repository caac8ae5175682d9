"""Cases in a real browser: a supporter drafts a case from an engagement (事例として共有), sees the
highlighted replacements, adds a name the engine missed, submits; the 管理者 approves and publishes it
to the network; a supporter of another organization in the network finds and reads it — without a
single name of the client."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.knowledge.models import CaseDraft, NetworkMembership, PublishedCase
from tests.e2e.conftest import ARTIFACTS
from tests.engagements.factories import (
    DialogueFactory,
    EngagementFactory,
    IssueNodeFactory,
    StakeholderFactory,
    WallAssessmentFactory,
)
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.knowledge.factories import NetworkFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"


def _member(org, role, username):
    user = UserFactory(username=username, full_name=f"{username} さん")
    MembershipFactory(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(transactional_db):
    bank = OrganizationFactory(name="みなと地域銀行", slug="minato")
    chamber = OrganizationFactory(name="みなと商工会議所", slug="cci", kind="chamber")
    network = NetworkFactory(name="みなと地域 伴走支援推進協議会")
    NetworkMembership.objects.create(network=network, organization=bank, members_may_publish=True)
    NetworkMembership.objects.create(network=network, organization=chamber)
    supporter = _member(bank, Role.SUPPORTER, "advisor")
    _member(bank, Role.ORG_ADMIN, "orgadmin")
    _member(chamber, Role.SUPPORTER, "cci-advisor")
    company = CompanyFactory(
        organization=bank,
        name="有限会社丸山精工",
        name_kana="マルヤマセイコウ",
        representative="丸山 太郎",
        address="新潟県燕市大字小池3-2",
        supporters=[supporter],
    )
    engagement = EngagementFactory(company=company, lead_supporter=supporter, status="active", step=5)
    StakeholderFactory(engagement=engagement, name="丸山 太郎", role="owner", title="代表取締役")
    StakeholderFactory(engagement=engagement, name="佐々木 健二", role="field_leader", title="工場長")
    IssueNodeFactory(engagement=engagement, kind="root", text="在庫が見えていない")
    DialogueFactory(
        engagement=engagement,
        insights="丸山社長は在庫 1億2千万円が寝ていると気づいた。番頭の田村さんも同意。佐々木工場長は慎重。",
        owner_words="在庫はお金が寝ているのと同じだった",
    )
    WallAssessmentFactory(engagement=engagement)
    return {"company": company, "engagement": engagement}


def _sign_out(page):
    page.context.clear_cookies()


def test_draft_review_publish_and_read_from_another_organization(world, live_server, sign_in, page):
    company, engagement = world["company"], world["engagement"]
    sign_in("advisor", PASSWORD)
    page.goto(
        live_server.url
        + reverse(
            "engagements:detail",
            kwargs={"org": "minato", "company_pk": company.pk, "engagement_pk": engagement.pk},
        )
    )
    panel = page.get_by_test_id("engagement-panel-case-sharing")
    panel.get_by_role("link", name="事例として共有").click()
    page.get_by_role("button", name="下書きを作る").click()

    # The draft: every known name replaced and highlighted; the engine could not know 田村.
    editor = page.get_by_test_id("field-insights").locator(".kn-text")
    expect(editor.locator("mark.kn-mark").first).to_be_visible()
    expect(editor.locator("mark.kn-mark--person").first).to_have_attribute("title", "元の語: 丸山社長")
    expect(editor).not_to_contain_text("丸山")
    expect(editor).not_to_contain_text("佐々木")
    expect(editor).to_contain_text("1〜3億円")
    expect(editor).to_contain_text("田村")

    # The supporter adds the missed name: replaced everywhere, highlighted too.
    form = page.get_by_test_id("add-term-form")
    form.get_by_label("除く語").fill("田村")
    form.get_by_label("置き換える語").fill("番頭")
    form.get_by_role("button", name="追加して置き換える").click()
    editor = page.get_by_test_id("field-insights").locator(".kn-text")
    expect(editor).not_to_contain_text("田村")
    expect(editor.locator("mark.kn-mark", has_text="番頭")).to_have_count(1)
    page.get_by_role("button", name="レビューに出す").click()
    expect(page.get_by_test_id("draft-status")).to_have_text("レビュー待ち")
    draft = CaseDraft.objects.get()

    # The 管理者 reviews and publishes to the network.
    _sign_out(page)
    sign_in("orgadmin", PASSWORD)
    page.goto(f"{live_server.url}/o/minato/knowledge/drafts/")
    page.get_by_test_id("draft-list").get_by_role("link", name=draft.title).click()
    page.get_by_test_id("review-form").get_by_label("コメント（差し戻すときは必須）").fill("よい事例です")
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_test_id("draft-status")).to_have_text("承認済み")
    page.get_by_test_id("publish-form").get_by_label("みなと地域 伴走支援推進協議会（ネットワーク）").check()
    page.get_by_role("button", name="公開する").click()
    expect(page.get_by_test_id("case-detail")).to_be_visible()
    case = PublishedCase.objects.get()
    assert case.network.name == "みなと地域 伴走支援推進協議会"

    # A supporter of the 商工会議所 finds it among the network's cases and reads it.
    _sign_out(page)
    sign_in("cci-advisor", PASSWORD)
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="事例").click()
    page.get_by_label("範囲").select_option("network")
    page.get_by_role("button", name="絞り込む").click()
    page.get_by_test_id("case-list").get_by_role("link", name=case.title).click()
    detail = page.get_by_test_id("case-detail")
    expect(detail).to_contain_text("在庫")
    expect(detail).to_contain_text("新潟県")
    for name in ("丸山", "佐々木", "田村", "燕市", "マルヤマ"):
        expect(detail).not_to_contain_text(name)
    # The draft stays the bank's: a 404 for the other organization.
    page.goto(f"{live_server.url}/o/cci/knowledge/drafts/{draft.pk}/")
    expect(page.get_by_text("見つかりません").first).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 860})
    page.goto(f"{live_server.url}/o/cci/knowledge/cases/{case.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_the_author_withdraws_a_published_case_after_confirming(world, live_server, sign_in, page):
    """取り下げ: the author opens the published case, confirms with a reason; the case leaves the list
    and the network reader gets 404; the draft shows the withdrawal and its history."""
    from django.utils import timezone

    from banso.knowledge.domain import cases as domain

    bank_case = PublishedCase.objects.create(
        organization=world["company"].organization,
        scope="network",
        network=NetworkMembership.objects.get(organization__slug="cci").network,
        published_at=timezone.now(),
        title="金属加工：在庫を「お金が寝ている」と捉え直すまで",
        root_issues="・在庫が月商の4か月分あった",
    )
    supporter = world["engagement"].lead_supporter
    draft = CaseDraft.objects.create(
        organization=bank_case.organization,
        source_engagement_id=world["engagement"].pk,
        source_company_id=world["company"].pk,
        author=supporter,
        title=bank_case.title,
        status="published",
        published_case=bank_case,
    )
    assert domain.may_withdraw(
        supporter.memberships.get(organization=bank_case.organization), bank_case, draft
    )
    sign_in("advisor", PASSWORD)
    page.goto(f"{live_server.url}/o/minato/knowledge/cases/{bank_case.pk}/")
    page.get_by_test_id("withdraw-link").click()
    confirm = page.get_by_test_id("case-withdraw")
    expect(confirm).to_contain_text("事例を取り下げますか")
    expect(confirm).to_contain_text("ネットワークの他機関の方も、この事例を開けなくなります")
    confirm.get_by_label("取り下げの理由").fill("事業者から掲載を控えてほしいと連絡があったため")
    page.screenshot(path=str(ARTIFACTS / "knowledge_case_withdraw_confirm.png"), full_page=True)
    confirm.get_by_role("button", name="取り下げる").click()

    expect(page.get_by_test_id("draft-status")).to_have_text("取り下げ")
    expect(page.get_by_test_id("withdrawal")).to_contain_text("事業者から掲載を控えてほしい")
    expect(page.get_by_test_id("draft-history")).to_contain_text("取り下げ")
    page.screenshot(path=str(ARTIFACTS / "knowledge_case_withdrawn_draft.png"), full_page=True)
    page.goto(f"{live_server.url}/o/minato/knowledge/cases/")
    expect(page.get_by_text(bank_case.title)).to_have_count(0)

    _sign_out(page)
    sign_in("cci-advisor", PASSWORD)
    page.goto(f"{live_server.url}/o/cci/knowledge/cases/{bank_case.pk}/")
    expect(page.get_by_text("見つかりません").first).to_be_visible()
