"""The seven steps as pages: checklists with notes, moving forward / back with who and why, the
go / no-go gate (a clear Japanese message when it is skipped), the suitability assessment."""

import pytest
from django.urls import reverse

from banso.engagements import domain
from banso.engagements.domain.suitability import NO_DECISION_MESSAGE
from banso.engagements.engines import guideline as g
from banso.engagements.models import GoNoGoDecision, StepCheck, StepTransition, SuitabilityRating
from tests.engagements.conftest import rate_all_points

pytestmark = pytest.mark.django_db


def url(name, engagement, **kwargs):
    return reverse(
        f"engagements:{name}",
        kwargs={
            "org": "minato",
            "company_pk": engagement.company_id,
            "engagement_pk": engagement.pk,
            **kwargs,
        },
    )


def test_checklist_saves_only_what_changed_with_notes(login, supporter, engagement):
    client = login(supporter)
    response = client.post(
        url("step_checks", engagement, step=1),
        {"s1_background__done": "on", "s1_background__note": "決算書3期分を確認", "s1_request__note": ""},
    )
    assert response.status_code == 302
    row = StepCheck.objects.get()
    assert (row.checkpoint, row.done, row.note, row.checked_by) == (
        "s1_background",
        True,
        "決算書3期分を確認",
        supporter,
    )
    client.post(
        url("step_checks", engagement, step=1),
        {"s1_background__done": "on", "s1_background__note": "決算書3期分を確認"},
    )
    assert row.history.count() == 1
    page = client.get(url("step", engagement, step=1))
    assert page.context["steps"][0].checked == 1
    assert page.context["steps"][0].state_label == "現在"


def test_viewer_reads_the_checklist_but_cannot_tick_it(login, viewer, supporter, engagement):
    domain.record_step_check(engagement, by=supporter, checkpoint="s1_request", done=True, note="赤字が不安")
    body = login(viewer).get(url("step", engagement, step=1)).content.decode()
    assert "☑" in body and "（確認済み）" in body and "赤字が不安" in body
    assert "確認項目を保存する" not in body
    assert (
        login(viewer).post(url("step_checks", engagement, step=1), {"s1_request__done": "on"}).status_code
        == 403
    )


def test_an_unknown_step_number_is_404(login, supporter, engagement):
    assert login(supporter).get(url("step", engagement, step=8)).status_code == 404


def test_jumping_past_the_go_no_go_decision_gets_a_clear_japanese_message(login, supporter, engagement):
    response = login(supporter).post(
        url("step_move", engagement),
        {
            "direction": "forward",
            "to_step": "4",
            "reason": "早く進めたい",
            "decided_on": "2026-04-10",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert NO_DECISION_MESSAGE in response.content.decode()
    engagement.refresh_from_db()
    assert (engagement.step, engagement.status) == (1, "candidate")
    assert StepTransition.objects.filter(engagement=engagement).count() == 1


def test_forward_after_go_and_back_again_record_who_and_why(login, supporter, go_engagement):
    client = login(supporter)
    forward = client.post(
        url("step_move", go_engagement),
        {
            "direction": "forward",
            "to_step": "3",
            "reason": "Go と判断した",
            "decided_on": "2026-04-10",
            "version": go_engagement.version,
        },
    )
    assert forward["Location"] == url("step", go_engagement, step=3)
    go_engagement.refresh_from_db()
    assert (go_engagement.step, go_engagement.status) == (3, "active")
    back = client.post(
        url("step_move", go_engagement),
        {
            "direction": "back",
            "to_step": "2",
            "reason": "見極めをやり直す",
            "decided_on": "2026-04-12",
            "version": go_engagement.version,
        },
    )
    assert back.status_code == 302
    last = StepTransition.objects.filter(engagement=go_engagement).latest("id")
    assert (last.from_step, last.to_step, last.reason, last.decided_by) == (
        3,
        2,
        "見極めをやり直す",
        supporter,
    )


def test_a_move_without_a_reason_is_refused(login, supporter, go_engagement):
    response = login(supporter).post(
        url("step_move", go_engagement),
        {
            "direction": "forward",
            "to_step": "3",
            "reason": "",
            "decided_on": "2026-04-10",
            "version": go_engagement.version,
        },
    )
    assert "このフィールドは必須です。" in response.content.decode()
    go_engagement.refresh_from_db()
    assert go_engagement.step == 2


def test_suitability_needs_evidence_for_each_rating(login, supporter, engagement):
    client = login(supporter)
    refused = client.post(
        url("suitability", engagement), {"rated_on": "2026-04-05", "willingness__rating": "4"}
    )
    assert "「取組意欲」の評価の根拠を入力してください。" in refused.content.decode()
    assert not SuitabilityRating.objects.exists()
    client.post(
        url("suitability", engagement),
        {
            "rated_on": "2026-04-05",
            "willingness__rating": "4",
            "willingness__evidence": "自ら資料を用意してきた",
        },
    )
    row = SuitabilityRating.objects.get()
    assert (row.point, row.rating, row.evidence, row.rated_by) == (
        "willingness",
        4,
        "自ら資料を用意してきた",
        supporter,
    )


def test_a_suitability_rating_of_7_is_refused_in_japanese(login, supporter, engagement):
    response = login(supporter).post(
        url("suitability", engagement),
        {"rated_on": "2026-04-05", "openness__rating": "7", "openness__evidence": "根拠"},
    )
    assert "正しく選択してください" in response.content.decode()
    assert not SuitabilityRating.objects.exists()


def test_go_needs_every_point_rated_then_no_go_cancels(login, supporter, engagement):
    client = login(supporter)
    refused = client.post(
        url("decision", engagement),
        {"decision": "go", "reason": "意欲あり", "decided_on": "2026-04-05", "version": 1},
    )
    assert "すべての見極めの項目を評価してください" in refused.content.decode()
    rate_all_points(engagement, supporter)
    client.post(
        url("decision", engagement),
        {"decision": "go", "reason": "意欲あり", "decided_on": "2026-04-05", "version": 1},
    )
    assert GoNoGoDecision.objects.get().decision == "go"
    client.post(
        url("decision", engagement),
        {"decision": "no_go", "reason": "時間が取れない", "decided_on": "2026-04-06", "version": 1},
    )
    engagement.refresh_from_db()
    assert engagement.status == "cancelled"
    assert "時間が取れない" in engagement.status_reason


def test_suitability_page_lists_every_point_and_the_latest_decision(login, supporter, go_engagement):
    body = login(supporter).get(url("suitability", go_engagement)).content.decode()
    for point in g.SUITABILITY_POINTS:
        assert point.label in body
    assert "直近の判断: 伴走支援を行う（Go）" in body


def test_owner_never_sees_the_suitability_assessment(login, owner, supporter, go_engagement):
    assert login(owner).get(url("suitability", go_engagement)).status_code == 404
    assert "見極めの評価" not in login(owner).get(url("step", go_engagement, step=2)).content.decode()
