"""In a real browser on a tablet: record a dialogue that ticks an existing 表課題 and adds a new 表課題
and a なぜ in the same form (the autosaved draft keeps them across a reload), see them in the 課題ツリー
linked to the dialogue, and download the dialogue's 面談記録 PDF."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.engagements.models import Dialogue, IssueNode
from tests.engagements.factories import EngagementFactory, IssueNodeFactory
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def engagement(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(organization=org, name="有限会社丸山精工", supporters=[advisor])
    engagement = EngagementFactory(
        company=company, lead_supporter=advisor, title="利益体質への転換", started_on=dt.date(2026, 1, 5)
    )
    IssueNodeFactory(engagement=engagement, text="2期連続で営業赤字", created_by=advisor)
    return engagement


def test_recording_a_dialogue_creates_a_surface_issue_seen_in_the_tree(
    engagement, live_server, sign_in, page
):
    sign_in("advisor")
    new_dialogue = reverse(
        "engagements:dialogue_create",
        kwargs={"org": "minato", "company_pk": engagement.company_id, "engagement_pk": engagement.pk},
    )
    page.set_viewport_size({"width": 820, "height": 1180})
    page.goto(live_server.url + new_dialogue)

    page.get_by_label("件名").fill("第2回 社長面談")
    page.get_by_label("傾聴メモ").fill("若手が1年で辞めてしまう話になった。")
    issues = page.get_by_role("group", name="課題ツリー")
    issues.get_by_label("表課題: 2期連続で営業赤字").check()
    issues.get_by_label("新しい課題1", exact=True).fill("若手が定着しない")
    issues.get_by_label("新しい課題2を置く場所").select_option(label="「2期連続で営業赤字」の下（なぜ）")
    issues.get_by_label("新しい課題2", exact=True).fill("値決めを社長が勘でしている")
    expect(page.locator("#autosave-status")).to_contain_text("下書きを自動保存しました", timeout=10_000)

    # The draft keeps the ticked node and the new nodes' texts.
    page.reload()
    expect(page.get_by_text("自動保存した下書きを復元しました")).to_be_visible()
    issues = page.get_by_role("group", name="課題ツリー")
    expect(issues.get_by_label("表課題: 2期連続で営業赤字")).to_be_checked()
    expect(issues.get_by_label("新しい課題1", exact=True)).to_have_value("若手が定着しない")
    expect(issues.get_by_label("新しい課題2", exact=True)).to_have_value("値決めを社長が勘でしている")
    page.screenshot(path="var/e2e-dialogue-issues-tablet.png", full_page=True)
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("対話記録を保存しました。")).to_be_visible()

    dialogue = Dialogue.objects.get()
    assert sorted((n.kind, n.text) for n in dialogue.issue_nodes.all()) == [
        ("surface", "2期連続で営業赤字"),
        ("surface", "若手が定着しない"),
        ("why", "値決めを社長が勘でしている"),
    ]
    assert IssueNode.objects.get(text="値決めを社長が勘でしている").parent.text == "2期連続で営業赤字"

    # The 面談記録 PDF is one click from the dialogue page.
    with page.expect_download() as download:
        page.get_by_role("link", name="面談記録（PDF）").click()
    assert download.value.suggested_filename.startswith("面談記録_有限会社丸山精工_")

    # The new 表課題 stands at the top of the 課題ツリー.
    page.get_by_role("navigation", name="伴走支援案件のメニュー").get_by_role(
        "link", name="課題ツリー"
    ).click()
    new_surface = page.locator(
        "li.issue-node", has=page.locator(".issue-node__text", has_text="若手が定着しない")
    )
    expect(new_surface.locator(".kind-badge").first).to_have_text("表課題")
    expect(page.locator(".issue-node__text", has_text="値決めを社長が勘でしている")).to_be_visible()
