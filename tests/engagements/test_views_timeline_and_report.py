"""The timeline page (filters, htmx, paging, bounded queries) and the 支援経過報告書 PDF."""

import datetime as dt
import re

import pytest

from banso.engagements import domain
from banso.engagements.domain import actions as action_domain
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.exports import ProgressReportPdf
from tests.engagements.factories import TOKYO, DialogueFactory, SupportBodyFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

RATINGS = {"unseen": 3, "unfaced": 3, "unexecuted": 2, "unfollowed": 2, "under_resourced": 1}


@pytest.fixture
def story(step6, supporter, leader, org):
    root = domain.add_issue_node(step6, by=supporter, text="原価が見えていない", kind="root")
    domain.record_agreement(root, by=supporter, agreed_on=dt.date(2026, 5, 10))
    domain.record_wall_assessment(step6, by=supporter, assessed_on=dt.date(2026, 4, 20), ratings=RATINGS)
    domain.record_wall_assessment(
        step6, by=supporter, assessed_on=dt.date(2026, 8, 20), ratings={**RATINGS, "unfaced": 1}
    )
    DialogueFactory(
        engagement=step6, title="第2回 社長面談", held_at=dt.datetime(2026, 5, 10, 14, tzinfo=TOKYO)
    )
    action = domain.create_action(
        step6,
        by=supporter,
        owner=leader,
        what="主要10品目の原価を計算する",
        due_on=dt.date(2026, 6, 30),
        root_issue=root,
    )
    action_domain.review_action(
        action,
        by=supporter,
        reviewed_on=dt.date(2026, 7, 1),
        status="done",
        result="10品目完了",
        small_success=True,
    )
    body = SupportBodyFactory(
        organization=org, name="税理士法人みなと会計", body_type="professional", profession="tax_accountant"
    )
    referral_domain.refer(
        step6,
        by=supporter,
        support_body=body,
        reason="配賦ルール",
        referred_on=dt.date(2026, 6, 5),
        issue=root,
    )
    follow_up_domain.set_baseline(
        step6,
        by=supporter,
        fiscal_year=2026,
        net_sales=480_000_000,
        employees=32,
        source="2026年3月期 決算書",
    )
    follow_up_domain.add_follow_up(
        step6,
        by=supporter,
        scheduled_on=dt.date(2026, 10, 1),
        done_on=dt.date(2026, 10, 2),
        runs_own_pdca=3,
        net_sales=500_000_000,
    )
    return step6


class TestTimeline:
    def test_the_story_in_date_order_with_marks_in_words(self, login, viewer, story, page_url):
        response = login(viewer).get(page_url("timeline", story))
        assert response.status_code == 200
        body = response.content.decode()
        for text in (
            "フォローアップを実施しました",
            "「税理士法人みなと会計」へ橋渡ししました",
            "アクションを振り返りました: 主要10品目の原価を計算する",
            "★ 小さな成功体験",
            "経営者が裏課題に腹落ちしました",
            "5つの壁を評価しました",
            "面談「第2回 社長面談」",
        ):
            assert text in body
        days = [e.day for e in response.context["page"].entries]
        assert days == sorted(days, reverse=True)

    def test_filter_by_kind_with_htmx_returns_the_fragment(self, login, supporter, story, page_url):
        response = login(supporter).get(
            page_url("timeline", story),
            {"kind": ["action", "walls"]},
            headers={"HX-Request": "true", "HX-Target": "results"},
        )
        assert {e.kind for e in response.context["page"].entries} == {"action", "walls"}
        assert "<html" not in response.content.decode() and response["Vary"].count("HX-Request") == 1

    def test_a_bad_page_number_shows_the_first_page(self, login, supporter, story, page_url):
        response = login(supporter).get(page_url("timeline", story), {"page": "x"})
        assert response.context["page"].number == 1

    def test_the_older_records_link_reaches_page_two(self, login, supporter, step6, page_url):
        for day in range(1, 36):
            DialogueFactory(
                engagement=step6,
                title=f"面談{day:02d}",
                held_at=dt.datetime(2026, 5, day % 28 + 1, 9, tzinfo=TOKYO),
            )
        client = login(supporter)
        first = client.get(page_url("timeline", step6))
        link = re.search(r'<a href="([^"]*)" rel="next"', first.content.decode())
        assert link is not None and link.group(1) == "?page=2"
        second = client.get(page_url("timeline", step6) + link.group(1).replace("&amp;", "&"))
        assert second.context["page"].number == 2
        first_titles = {e.title for e in first.context["page"].entries}
        assert second.context["page"].entries
        assert not first_titles & {e.title for e in second.context["page"].entries}

    def test_a_huge_page_number_is_an_empty_last_page_not_an_error(self, login, supporter, story, page_url):
        response = login(supporter).get(page_url("timeline", story), {"page": "9223372036854775808"})
        assert response.status_code == 200
        assert (response.context["page"].number, response.context["page"].entries) == (100_000, [])

    def test_outsiders_get_404(self, login, colleague, outsider, story, page_url):
        assert login(colleague).get(page_url("timeline", story)).status_code == 404
        assert login(outsider).get(page_url("timeline", story, org="sakura")).status_code == 404

    def test_query_count_does_not_grow_with_the_story(self, login, supporter, step6, leader, page_url):
        client = login(supporter)
        counts = []
        for size in (2, 30):
            for n in range(size):
                DialogueFactory(engagement=step6, held_at=dt.datetime(2026, 6, 1, 9, n % 60, tzinfo=TOKYO))
                action = domain.create_action(
                    step6, by=supporter, owner=leader, what=f"取組{size}-{n}", due_on=dt.date(2026, 6, 30)
                )
                action_domain.review_action(action, by=supporter, status="in_progress", result="着手")
                domain.add_issue_node(step6, by=supporter, text=f"課題{size}-{n}")
            counts.append(count_queries(client, page_url("timeline", step6)))
        assert counts[0] == counts[1]


class TestReport:
    def test_the_pdf_is_named_for_the_company_and_month_and_embeds_the_font(
        self, login, viewer, story, page_url
    ):
        response = login(viewer).get(page_url("report_pdf", story))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert (
            "%E6%94%AF%E6%8F%B4%E7%B5%8C%E9%81%8E%E5%A0%B1%E5%91%8A%E6%9B%B8_" in disposition
        )  # 支援経過報告書_
        assert re.search(r"%E5%B9%B4\d+%E6%9C%88\.pdf", disposition)  # …年11月.pdf
        assert response.content.startswith(b"%PDF") and b"/FontFile2" in response.content

    def test_report_dates_follow_the_organizations_document_era(self, story, org):
        org.document_era = "japanese"
        org.save()
        story.refresh_from_db()
        export = ProgressReportPdf().render(engagement=story, organization=org, today=dt.date(2026, 11, 23))
        text = _pdf_text(export.content)
        assert "支援経過報告書　有限会社丸山精工　令和8年4月1日〜令和8年11月23日" in text
        assert "作成日: 令和8年11月23日" in text and "2026年4月1日" not in text

    def test_report_text_covers_every_section(self, story, org):
        export = ProgressReportPdf().render(engagement=story, organization=org, today=dt.date(2026, 11, 23))
        assert export.filename == "支援経過報告書_有限会社丸山精工_2026年11月.pdf"
        text = _pdf_text(export.content)
        pages = text.count("支援経過報告書　有限会社丸山精工　2026年4月1日〜2026年11月23日")
        assert pages >= 2 and f"{pages} / {pages}" in text  # company and period on every page, numbered
        for expected in (
            "支援経過報告書",
            "有限会社丸山精工",
            "1. 案件の概要",
            "3. 課題ツリー",
            "原価が見えていない",
            "4. 自己変革を妨げる5つの壁",
            "6. アクションプラン",
            "10品目完了",
            "7. 橋渡し",
            "税理士法人みなと会計",
            "8. フォローアップ",
            "480,000千円",
            "500,000千円",
            "+20,000千円",
        ):
            assert expected in text, expected


def _pdf_text(content: bytes) -> str:
    """Every page's text, plus the page count and each page's running header (company and period)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_new_engagement_gets_a_report_that_says_what_is_still_missing(engagement, org):
    export = ProgressReportPdf().render(engagement=engagement, organization=org, today=dt.date(2026, 11, 23))
    text = _pdf_text(export.content)
    for expected in (
        "課題ツリーはまだありません。",
        "5つの壁の評価はまだありません。",
        "アクションはまだありません。",
        "橋渡しはまだありません。",
        "フォローアップはまだ予定されていません。",
    ):
        assert expected in text, expected
