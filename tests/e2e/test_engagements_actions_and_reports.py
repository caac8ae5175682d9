"""Main path of the action plan and the reports in a real browser: add an action, review it twice
(the PDCA history grows), see it on the timeline, download the 支援経過報告書 PDF and the action
plan in Excel."""

import datetime as dt
import io

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.engagements import domain
from tests.engagements.conftest import rate_all_points
from tests.engagements.factories import StakeholderFactory
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = dt.date(2026, 4, 1)


@pytest.fixture
def engagement(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(organization=org, name="有限会社丸山精工", supporters=[advisor])
    engagement = domain.start_engagement(company, by=advisor, started_on=START)
    domain.advance_step(engagement, by=advisor, reason="把握しました。", decided_on=START)
    rate_all_points(engagement, advisor)
    domain.decide_suitability(engagement, by=advisor, decision="go", reason="十分です。", decided_on=START)
    engagement.refresh_from_db()
    domain.advance_step(engagement, by=advisor, reason="行動に移ります。", to_step=6, decided_on=START)
    StakeholderFactory(engagement=engagement, name="佐藤 健", role="field_leader", title="製造課長")
    domain.add_issue_node(engagement, by=advisor, text="原価が見えていない", kind="root")
    engagement.refresh_from_db()
    return engagement


def test_action_review_timeline_and_reports(engagement, live_server, sign_in, page, tmp_path):
    sign_in("advisor")
    base = f"{live_server.url}/o/minato/companies/{engagement.company_id}/engagements/{engagement.pk}"
    page.goto(f"{base}/actions/")
    expect(page.get_by_role("heading", name="アクションプラン（ステップ⑥ 課題解決）")).to_be_visible()

    page.get_by_role("link", name="＋ アクションを追加").click()
    page.get_by_label("何を").fill("主要10品目の原価を計算する")
    page.get_by_label("誰が").select_option(label="佐藤 健（現場リーダー・製造課長）")
    page.get_by_label("いつまでに").fill("2026-06-30")
    page.get_by_label("どの程度").fill("売上上位10品目")
    page.get_by_label("見込む効果").fill("赤字受注をなくす")
    page.get_by_label("効果の目標値").fill("１０")
    page.get_by_label("目標値の単位").fill("品目")
    page.get_by_label("取り組む裏課題").select_option(label="裏課題（本質的課題）: 原価が見えていない")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("アクション「主要10品目の原価を計算する」を追加しました。")).to_be_visible()
    expect(page.locator(".overdue-mark")).to_contain_text("期限切れ")

    page.get_by_role("link", name="主要10品目の原価を計算する").click()
    page.get_by_label("振り返った日").fill("2026-06-15")
    page.get_by_label("振り返り後の状況").select_option(label="実行中")
    page.get_by_label("結果（やったこと・できたこと）").fill("5品目まで計算。2品目が赤字と分かった。")
    page.get_by_label("学び").fill("数字で見ると腹が決まる")
    page.get_by_label("次の一歩").fill("残り5品目は日報を見直してから")
    page.get_by_label("小さな成功体験として事業者と確かめた").check()
    page.get_by_role("button", name="振り返りを記録する").click()
    expect(page.get_by_text("振り返りを記録しました。")).to_be_visible()

    page.get_by_label("振り返った日").fill("2026-07-15")
    page.get_by_label("振り返り後の状況").select_option(label="完了")
    page.get_by_label("結果（やったこと・できたこと）").fill("10品目の原価表ができた。")
    page.get_by_role("button", name="振り返りを記録する").click()
    expect(page.get_by_role("heading", name="PDCA の記録（振り返り 2回）")).to_be_visible()
    history = page.locator(".pdca__item")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("5品目まで計算。2品目が赤字と分かった。")
    expect(history.first).to_contain_text("★ 小さな成功体験")
    expect(history.nth(1)).to_contain_text("10品目の原価表ができた。")

    page.get_by_role("link", name="タイムライン").click()
    expect(
        page.get_by_role("link", name="アクションを振り返りました: 主要10品目の原価を計算する").first
    ).to_be_visible()
    page.get_by_label("アクション").check()
    expect(page.locator(".timeline__item")).to_have_count(3)  # added, and two reviews

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="支援経過報告書（PDF）").first.click()
    pdf_path = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_download.value.suggested_filename.startswith("支援経過報告書_有限会社丸山精工_")
    content = pdf_path.read_bytes()
    assert content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "有限会社丸山精工" in text and "10品目の原価表ができた。" in text

    page.get_by_role("link", name="アクションプラン").click()
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel に出力").click()
    xlsx_path = tmp_path / "actions.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx_path)["アクションプラン"]
    assert sheet["B5"].value == "主要10品目の原価を計算する"
    assert sheet["K5"].value == "完了"
