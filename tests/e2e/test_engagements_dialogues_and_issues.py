"""Main path of an engagement's start, dialogues and issue tree in a real browser: start an
engagement, record a dialogue (the autosaved draft survives a reload) and reflect on it, build the
issue tree down to a 裏課題, rate the five walls twice and see the chart; a step jump past the
go / no-go decision is
refused in Japanese."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.engagements.models import Dialogue, Engagement, IssueNode, Reflection, WallAssessment
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

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


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def test_engagement_main_path(bank, live_server, sign_in, page):
    sign_in("advisor")  # lands on 今日やること
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="事業者一覧").click()
    page.get_by_role("link", name="有限会社丸山精工").click()

    # Start an engagement from the company's 伴走支援 tab.
    page.get_by_role("navigation", name="事業者のメニュー").get_by_role("link", name="伴走支援").click()
    expect(page.get_by_text("この事業者の伴走支援案件はまだありません。")).to_be_visible()
    page.get_by_role("link", name="＋ 伴走支援を始める").click()
    page.get_by_label("案件名").fill("利益体質への転換")
    page.get_by_label("開始日").fill(_day(30))
    page.get_by_role("button", name="案件を開始する").click()
    expect(page.get_by_role("heading", name="利益体質への転換")).to_be_visible()
    expect(page.locator(".stepper__step--current")).to_contain_text("① 支援対象の見極め")
    expect(page.locator(".company-facts")).to_contain_text("① 支援対象の見極め（候補）")
    engagement = Engagement.objects.get()

    # A jump past the go / no-go decision gets a clear Japanese message.
    page.get_by_role("link", name="確認項目とステップの判断へ").click()
    forward = page.locator("form.move-form").first
    forward.get_by_label("移る先のステップ").select_option("4")
    forward.get_by_label("判断の理由").fill("早く課題に入りたい")
    forward.get_by_role("button", name="ステップを進める").click()
    expect(
        page.get_by_text("ステップ③に進む前に、見極め（Go / No-Go）の判断を記録してください。")
    ).to_be_visible()

    # Record a dialogue on a tablet-sized screen; the draft survives a reload.
    page.set_viewport_size({"width": 820, "height": 1180})
    page.get_by_role("navigation", name="伴走支援案件のメニュー").get_by_role("link", name="対話記録").click()
    page.get_by_role("link", name="＋ 対話を記録する").click()
    expect(page.get_by_role("textbox", name="所要時間")).to_have_value("60")
    expect(page.get_by_role("group", name="形式").get_by_label("面談")).to_be_checked()
    page.get_by_role("button", name="90分").click()
    page.get_by_label("件名").fill("初回面談")
    page.get_by_label("傾聴メモ").fill(
        "売上は横ばいだが2期連続で営業赤字。見積りは社長が夜に一人で作っている。"
    )
    expect(page.locator("#autosave-status")).to_contain_text("下書きを自動保存しました", timeout=10_000)
    page.reload()
    expect(page.get_by_text("自動保存した下書きを復元しました")).to_be_visible()
    expect(page.get_by_label("傾聴メモ")).to_have_value(re.compile("見積りは社長が夜に一人で作っている"))
    expect(page.get_by_role("textbox", name="所要時間")).to_have_value("90")
    expect(page.get_by_role("button", name="90分")).to_have_attribute("aria-pressed", "true")
    page.get_by_label("経営者の言葉（言語化）").fill("見積りは長年の勘でやってきた。")
    page.screenshot(path="var/e2e-dialogue-tablet.png", full_page=True)
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("対話記録を保存しました。")).to_be_visible()
    expect(page.locator("blockquote.quote")).to_have_text("見積りは長年の勘でやってきた。")
    dialogue = Dialogue.objects.get()
    assert (dialogue.duration_minutes, dialogue.title) == (90, "初回面談")

    # Reflect on it in a few clicks.
    page.get_by_role("group", name="対話と傾聴による信頼関係の構築").get_by_text("おおむねできた").click()
    page.get_by_role("group", name="気づきを促す課題設定型コンサルティング").get_by_text(
        "あまりできなかった"
    ).click()
    page.get_by_role("group", name="自走化のための内発的動機づけと潜在力の引き出し").get_by_text(
        "よくできた"
    ).click()
    page.get_by_role("button", name="振り返りを記録する").click()
    expect(page.get_by_text("振り返りを記録しました。")).to_be_visible()
    assert Reflection.objects.get().ratings == {
        "dialogue_listening": 3,
        "issue_setting": 2,
        "intrinsic_motivation": 4,
    }

    # Build the issue tree in place, from a 表課題 through なぜ to a 裏課題.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("navigation", name="伴走支援案件のメニュー").get_by_role(
        "link", name="課題ツリー"
    ).click()
    page.get_by_role("link", name="＋ 表課題を加える").click()
    page.get_by_label("表課題（経営者が話した困りごと）").fill("2期連続で営業赤字")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("表課題「2期連続で営業赤字」を追加しました。")).to_be_visible()
    for parent, child in (
        ("2期連続で営業赤字", "値決めを社長が勘でしている"),
        ("値決めを社長が勘でしている", "製品ごとの原価が見えていない"),
    ):
        node = page.locator(".issue-node", has=page.locator(".issue-node__text", has_text=parent)).last
        node.get_by_role("link", name="＋ なぜ？").first.click()
        page.get_by_label("なぜ？（原因）").fill(child)
        page.get_by_role("button", name="追加する").click()
        expect(page.locator(".issue-node__text", has_text=child)).to_be_visible()
    deepest = page.locator(
        "li.issue-node", has=page.locator(".issue-node__text", has_text="製品ごとの原価が見えていない")
    ).last
    deepest.get_by_role("link", name="裏課題にする").click()
    page.get_by_label("経営者が腹落ちした日").fill(_day(1))
    page.get_by_role("button", name="裏課題にする").click()
    root = page.locator("li.issue-node--root")
    expect(root.locator(".kind-badge")).to_have_text("裏課題")
    expect(root.locator(".issue-node__agreed")).to_contain_text("✓ 腹落ち")
    page.screenshot(path="var/e2e-issue-tree.png", full_page=True)
    node = IssueNode.objects.get(kind="root")
    assert (node.text, node.parent.text, node.parent.parent.kind) == (
        "製品ごとの原価が見えていない",
        "値決めを社長が勘でしている",
        "surface",
    )

    # Rate the five walls twice and see how they moved.
    page.get_by_role("navigation", name="伴走支援案件のメニュー").get_by_role("link", name="5つの壁").click()
    for days_ago, levels in ((20, ("3", "3", "3", "2", "2")), (0, ("2", "1", "3", "2", "1"))):
        page.get_by_role("link", name="＋ 評価を記録する").click()
        page.get_by_label("評価した日").fill(_day(days_ago))
        for group, level in zip(
            (
                "見えない壁（課題が見えない）",
                "向き合えない壁",
                "実行できない壁",
                "ついてこない壁",
                "リソース・知見不足の壁",
            ),
            levels,
            strict=True,
        ):
            page.get_by_role("group", name=group).locator(f"input[value='{level}']").check()
        page.get_by_role("button", name="評価を記録する").click()
        expect(page.get_by_text("5つの壁の評価を記録しました。")).to_be_visible()
    expect(page.locator(".chart img")).to_be_visible()
    expect(page.locator(".wall-table")).to_contain_text("1 弱い壁")
    expect(page.locator(".wall-table")).to_contain_text("↓ 低くなりました")
    page.screenshot(path="var/e2e-walls.png", full_page=True)
    assert WallAssessment.objects.filter(engagement=engagement).count() == 2
