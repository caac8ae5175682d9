"""The hostile corpus through every renderer: each (renderer, field) pair is one test.

- PDF: the field's text appears literally in the extracted text (less the control character); no
  image or link annotation was added (a `<img src>` would embed a server file, `<a href>` a link);
  no 500.
- Excel: the cell shows the text as typed, less the control character a workbook cannot hold; a
  text starting with = + - @ is never a formula.
- HTML: the escaped text appears; the raw text never does.

Rendering is the slow part, so the corpus is built and every renderer fetched once per test process;
each parametrised test then checks its own field in the cached output.
"""

from __future__ import annotations

import pytest
from django.utils.html import escape

from tests.hostile import corpus as hostile
from tests.hostile.renderers import RENDERERS, Rendered, render

pytestmark = pytest.mark.django_db

SHEET_ANSWERS = [f for f in hostile.VIEWPOINTS if f.startswith("sheet.answer.")]
SHEET_FLOW = ["sheet.step.name", "sheet.step.activity", "sheet.step.differentiation"]
WALL_NOTES = [f for f in hostile.ENGAGEMENT if f.startswith("walls.")]
ACTION = ["action.what", "action.how_much", "action.how", "action.expected_effect"]
REVIEW = ["review.result", "review.learning", "review.next_step"]
DIALOGUE = [f"dialogue.{f}" for f in hostile.ENGAGEMENT_DIALOGUE_FIELDS]
ISSUES = ["issue.surface", "issue.why", "issue.root"]
ON_ENGAGEMENT_PAGES = ["company.name", "engagement.title"]
PLAN = ["monitoring.plan.title", "monitoring.plan.reason"]
MEASURE = ["monitoring.measure.owner", "monitoring.measure.progress_note"]
GAP = [
    "monitoring.gap.why_chain",
    "monitoring.gap.response",
    "monitoring.gap.owner",
    "monitoring.gap.effect_note",
]
NEXT_ACTION = [
    "monitoring.action.title",
    "monitoring.action.owner",
    "monitoring.action.measure",
    "monitoring.action.review_note",
]
MEETING = ["monitoring.meeting.attendees", "monitoring.meeting.discussion", "monitoring.meeting.decisions"]
# What the monitoring report (PDF and Excel) shows: everything but the sales mix, the meeting record,
# the lenders' names (its cash position has no row per lender) and the accounting file's account names.
REPORTED = [
    f
    for f in hostile.MONITORING
    if f not in ("monitoring.segment.name", "monitoring.import.account", "monitoring.lender.name", *MEETING)
]

# What each renderer shows of the corpus (checked both ways: a field missing here that the
# renderer shows is caught by test_every_shown_field_is_listed).
SHOWS = {
    "pdf:ローカルベンチマーク": ["company.name"],
    "pdf:非財務シート": [
        "company.name",
        *SHEET_ANSWERS,
        *SHEET_FLOW,
        "sheet.counterparty.name",
        "sheet.counterparty.reason",
    ],
    "pdf:経営デザインシート": ["company.name", *hostile.DESIGN],
    "pdf:支援経過報告書": [
        *ON_ENGAGEMENT_PAGES,
        "engagement.status_reason",
        "step.reason",
        "dialogue.title",
        "dialogue.owner_words",
        "dialogue.insights",
        *ISSUES,
        *WALL_NOTES,
        "stakeholder.name",
        *ACTION,
        *REVIEW,
        "support_body.name",
        "referral.reason",
        "referral.outcome",
        "followup.evidence",
        "baseline.source",
    ],
    "pdf:面談記録": [
        *ON_ENGAGEMENT_PAGES,
        *DIALOGUE,
        "issue.surface",
        "stakeholder.name",
        "stakeholder.title",
    ],
    "pdf:モニタリング報告書": ["company.name", *REPORTED],
    "xlsx:ローカルベンチマーク": ["company.name", "statement.source_note"],
    "xlsx:モニタリング報告書": ["company.name", *REPORTED],
    "html:モニタリング報告書": [
        "company.name",
        "monitoring.plan.title",
        "monitoring.report.lender_request",
        "monitoring.report.sentence",
    ],
    "html:モニタリング": ["company.name", "monitoring.plan.title"],
    "html:改善計画": ["company.name", *PLAN, "monitoring.measure.title", *MEASURE],
    "html:改善計画の旧版": ["company.name", *PLAN],
    "html:月次モニタリング表": ["company.name", "monitoring.plan.title"],
    "html:月次レビュー": [
        "company.name",
        "monitoring.plan.title",
        *NEXT_ACTION,
        "monitoring.kpi.name",
        "monitoring.kpi.unit",
        *MEETING,
    ],
    "html:乖離の履歴": ["company.name", *GAP],
    "html:乖離の記録": ["company.name", "monitoring.plan.title", *GAP],
    # the engagement's actions are offered as links
    "html:次月重点アクション": ["company.name", "action.what", *NEXT_ACTION],
    "html:KPI管理シート": ["company.name", "monitoring.kpi.name", "monitoring.kpi.unit"],
    "html:売上構成比": ["company.name", "monitoring.segment.name"],
    "html:月次ミーティング": ["company.name", *MEETING],
    "html:資金繰り表": ["company.name", "monitoring.plan.title", "monitoring.lender.name"],
    "html:返済予定": ["company.name", "monitoring.lender.name"],
    "html:取込プレビュー": ["company.name", "monitoring.import.account"],
    "html:勘定科目の対応": ["company.name"],
    "html:取込一覧": ["company.name"],
    "html:報告書一覧": ["company.name", "monitoring.plan.title"],
    "xlsx:非財務シート": [
        "company.name",
        *SHEET_ANSWERS,
        *SHEET_FLOW,
        "sheet.counterparty.name",
        "sheet.counterparty.reason",
    ],
    "xlsx:経営デザインシート": ["company.name", *hostile.DESIGN],
    "xlsx:アクションプラン": [*ON_ENGAGEMENT_PAGES, "issue.root", "stakeholder.name", *ACTION, *REVIEW],
    "xlsx:決算書テンプレート": ["company.name", "statement.source_note"],
    "html:企業一覧": ["company.name", "company.name_kana"],
    "html:企業詳細": hostile.COMPANY,
    "html:ローカルベンチマーク": ["company.name"],
    "html:決算書一覧": ["company.name"],
    "html:非財務シート": [
        "company.name",
        *SHEET_ANSWERS,
        *SHEET_FLOW,
        "sheet.counterparty.name",
        "sheet.counterparty.reason",
        "engagement.title",
    ],
    "html:経営デザインシート": ["company.name", *hostile.DESIGN],
    "html:案件の概要": [
        *ON_ENGAGEMENT_PAGES,
        "engagement.status_reason",
        "step.reason",
        "dialogue.title",
        "dialogue.owner_words",
        "issue.root",
    ],
    "html:対話記録一覧": [
        *ON_ENGAGEMENT_PAGES,
        "dialogue.title",
        "dialogue.owner_words",
        "dialogue.insights",
        "stakeholder.name",
    ],
    "html:対話記録": [
        *ON_ENGAGEMENT_PAGES,
        *DIALOGUE,
        "issue.surface",
        "stakeholder.name",
        "stakeholder.title",
        "reflection.note",
    ],
    "html:振り返り": [*ON_ENGAGEMENT_PAGES, "reflection.note"],
    "html:課題ツリー": [*ON_ENGAGEMENT_PAGES, *ISSUES, "issue.note"],
    "html:課題ツリー印刷": [*ON_ENGAGEMENT_PAGES, *ISSUES, "issue.note"],
    "html:5つの壁": [*ON_ENGAGEMENT_PAGES, *WALL_NOTES],
    "html:関係者マップ": [
        *ON_ENGAGEMENT_PAGES,
        "stakeholder.name",
        "stakeholder.title",
        "stakeholder.concerns",
        "stakeholder.note",
    ],
    "html:アクション一覧": [*ON_ENGAGEMENT_PAGES, "issue.root", "stakeholder.name", *ACTION],
    "html:アクション詳細": [
        *ON_ENGAGEMENT_PAGES,
        "dialogue.title",
        "issue.root",
        "stakeholder.name",
        *ACTION,
        *REVIEW,
    ],
    "html:橋渡し": [
        *ON_ENGAGEMENT_PAGES,
        "issue.root",
        "support_body.name",
        "referral.reason",
        "referral.outcome",
        "referral.contact_name",
    ],
    "html:フォローアップ": [*ON_ENGAGEMENT_PAGES, "followup.evidence", "followup.note", "baseline.source"],
    "html:タイムライン": [
        *ON_ENGAGEMENT_PAGES,
        "step.reason",
        "dialogue.title",
        "dialogue.insights",
        *ISSUES,
        "stakeholder.name",
        "action.what",
        "action.how_much",
        "review.result",
        "review.next_step",
        "support_body.name",
        "referral.reason",
        "referral.outcome",
        "followup.evidence",
    ],
}
PAIRS = [(renderer, field) for renderer, fields in SHOWS.items() for field in fields]
FORMULA_START = ("=", "+", "-", "@")

_rendered: dict[str, Rendered] = {}


@pytest.fixture
def rendered(db, request) -> dict[str, Rendered]:
    """Every renderer's output for the corpus, built once per test process."""
    if not _rendered:
        org = request.getfixturevalue("org")
        supporter = request.getfixturevalue("supporter")
        corpus = hostile.build(org, supporter)
        client = request.getfixturevalue("login")(supporter)
        _rendered.update({name: render(client, name, corpus) for name in RENDERERS})
    return _rendered


def test_every_renderer_and_every_field_is_covered():
    assert set(SHOWS) == set(RENDERERS)
    assert {f for fields in SHOWS.values() for f in fields} == set(hostile.FIELDS)
    assert all(any(p in v for p in hostile.MARKUP) for v in hostile.VALUES.values())


@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_every_shown_field_is_listed(rendered, renderer):
    output = rendered[renderer]
    assert output.status == 200
    haystack = output.text if output.kind != "xlsx" else "\n".join(str(c.value) for c in output.cells)
    shown = [f for f in hostile.FIELDS if hostile.tag(f) in haystack]
    assert shown == [f for f in hostile.FIELDS if f in SHOWS[renderer]]


@pytest.mark.parametrize(("renderer", "field"), PAIRS)
def test_hostile_text_is_shown_literally(rendered, renderer, field):
    output = rendered[renderer]
    value = hostile.VALUES[field]
    assert output.status == 200
    if output.kind == "pdf":
        assert "".join(value.replace(hostile.CONTROL, "").split()) in output.text
        assert (output.images, output.annotations) == (0, 0)
    elif output.kind == "xlsx":
        cells = [c for c in output.cells if hostile.tag(field) in str(c.value)]
        assert any(value.replace(hostile.CONTROL, "") in c.value for c in cells)
        for cell in cells:
            assert cell.data_type == "s", cell.coordinate
            if cell.value.startswith(FORMULA_START):
                assert cell.quotePrefix, cell.coordinate  # shown as typed, no apostrophe
    else:
        assert escape(value) in output.text
        assert value not in output.text
        for payload in hostile.MARKUP:
            if payload in value and payload != "&amp; &lt;":
                assert payload not in output.text
