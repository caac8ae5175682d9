"""The 面談記録 PDF of one dialogue: what the owner and the bank will read, on A4, in the house style;
served from the dialogue page to the support side only, and every download logged."""

import datetime as dt
import io
import os

import pytest
from django.urls import reverse

from banso.core.formatting import ERA_JAPANESE
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain.dialogues import NewIssue
from banso.engagements.exports import DialogueRecordPdf
from tests.engagements.factories import TOKYO, IssueNodeFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _pdf(content: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content))


def _text(content: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in _pdf(content).pages)


@pytest.fixture
def recorded(active_engagement, supporter):
    root = IssueNodeFactory(engagement=active_engagement, text="利益が出ない")
    owner = StakeholderFactory(engagement=active_engagement, name="丸山 浩二", title="代表取締役")
    return domain.record_dialogue(
        active_engagement,
        by=supporter,
        held_at=dt.datetime(2026, 4, 20, 14, 0, tzinfo=TOKYO),
        duration_minutes=90,
        form="site_visit",
        title="第4回 社長面談",
        participants=[owner],
        listening_notes="値決めの話が中心。\n見積は社長が一人で出している。",
        owner_words="数字を見ないで経営してきた。\n結局、全部自分で決めてしまっているんですよね。",
        insights="原価が見えていない",
        agreements="主要10品目の原価を試算する",
        next_steps="次回までに原価表の様式を用意する",
        issue_nodes=[root],
        new_issues=[NewIssue("見積が社長にしか出せない", parent=root)],
    )


def url(dialogue, name="dialogue_pdf"):
    engagement = dialogue.engagement
    return reverse(
        f"engagements:{name}",
        kwargs={
            "org": "minato",
            "company_pk": engagement.company_id,
            "engagement_pk": engagement.pk,
            "dialogue_pk": dialogue.pk,
        },
    )


def test_the_record_holds_the_whole_dialogue_on_a4(recorded, org, supporter):
    export = DialogueRecordPdf().render(dialogue=recorded, organization=org, today=dt.date(2026, 4, 21))
    assert export.filename == "面談記録_有限会社丸山精工_20260420.pdf"
    reader = _pdf(export.content)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait
    text = _text(export.content)
    for expected in (
        "面談記録",
        "有限会社丸山精工",
        "2026年4月20日14:00〜15:30（90分）",
        "訪問・現場調査",
        "第4回社長面談",
        "丸山浩二（代表取締役）",
        supporter.display_name.replace(" ", ""),
        "見積は社長が一人で出している。",
        "「数字を見ないで経営してきた。」",
        "「結局、全部自分で決めてしまっているんですよね。」",
        "原価が見えていない",
        "主要10品目の原価を試算する",
        "次回までに原価表の様式を用意する",
        "利益が出ない＞見積が社長にしか出せない",
        "作成日:2026年4月21日",
        org.name,
        "1/1",
    ):
        assert expected in text, expected
    if os.environ.get("BANSO_KEEP_PDF"):
        with open(os.environ["BANSO_KEEP_PDF"], "wb") as handle:
            handle.write(export.content)


def test_the_record_follows_the_organizations_era(recorded, org):
    org.document_era = ERA_JAPANESE
    org.save()
    recorded.engagement.company.organization = org
    text = _text(DialogueRecordPdf().render(dialogue=recorded, organization=org).content)
    assert "令和8年4月20日" in text and "2026年4月20日" not in text


def test_an_empty_dialogue_says_what_was_not_recorded(active_engagement, supporter, org):
    dialogue = domain.record_dialogue(
        active_engagement, by=supporter, held_at=dt.datetime(2026, 4, 20, 9, 0, tzinfo=TOKYO)
    )
    text = _text(DialogueRecordPdf().render(dialogue=dialogue, organization=org).content)
    assert "記録なし" in text
    assert "この対話に結びつけた課題はありません。" in text


def test_the_page_offers_the_pdf_to_the_support_side_only(
    login, recorded, supporter, viewer, owner, colleague, outsider
):
    pdf_url = url(recorded)
    page = login(viewer).get(url(recorded, "dialogue_detail")).content.decode()
    assert f'href="{pdf_url}"' in page
    response = login(viewer).get(pdf_url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert _text(response.content).startswith("面談記録")
    logged = ActivityLog.objects.filter(code__endswith="engagements.dialogue_record.pdf").get()
    assert logged.data["filename"] == "面談記録_有限会社丸山精工_20260420.pdf"
    for user in (owner, colleague, outsider):
        assert login(user).get(pdf_url).status_code == 404, user
