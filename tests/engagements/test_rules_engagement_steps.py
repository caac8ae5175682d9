"""Domain rules of an engagement: opening it, its team and status, the seven steps with the go / no-go
gate after step ②, and the suitability assessment. Each refusal is a Japanese message and changes
nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain.suitability import NO_DECISION_MESSAGE, NO_GO_MESSAGE
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement, EngagementMember, GoNoGoDecision
from tests.engagements.conftest import rate_all_points
from tests.engagements.factories import START, TOKYO, ActionFactory, DialogueFactory, StakeholderFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def codes(engagement) -> list[str]:
    return list(
        ActivityLog.objects.filter(company_id=engagement.company_id)
        .order_by("id")
        .values_list("code", flat=True)
    )


def snapshot(engagement):
    engagement.refresh_from_db()
    return (engagement.step, engagement.status, engagement.version, engagement.step_transitions.count())


# --- Opening -----------------------------------------------------------------------------------------


def test_start_engagement_opens_a_candidate_at_step_one_and_records_the_opening(
    company, supporter, colleague, admin_user
):
    engagement = domain.start_engagement(
        company, by=supporter, started_on=START, planned_months=9, members=[admin_user, supporter]
    )
    assert (engagement.status, engagement.step, engagement.planned_months) == ("candidate", 1, 9)
    assert engagement.lead_supporter == supporter
    assert engagement.team() == [supporter, admin_user]
    opening = engagement.step_transitions.get()
    assert (opening.from_step, opening.to_step, opening.decided_by, opening.direction) == (
        None,
        1,
        supporter,
        "start",
    )
    assert engagement.history.latest().history_user == supporter
    assert EngagementMember.objects.get(engagement=engagement).history.latest().history_user == supporter
    log = ActivityLog.objects.get(code="engagement.started")
    assert (log.company_id, log.actor, log.data["lead"]) == (company.pk, supporter, "supporter さん")


def test_start_engagement_refuses_a_supporter_not_assigned_to_the_company(company, supporter, colleague):
    with pytest.raises(DomainError) as exc:
        domain.start_engagement(company, by=supporter, started_on=START, members=[colleague])
    assert exc.value.message == (
        "colleague さんさんはこの事業者の担当支援者ではないため、支援チームに加えられません。"
        "先に事業者の担当支援者に割り当ててください。"
    )
    assert not Engagement.objects.exists()


def test_start_engagement_refuses_a_start_in_the_future_and_a_later_step(company, supporter):
    with pytest.raises(ValidationError) as exc:
        domain.start_engagement(company, by=supporter, started_on=dt.date(2099, 1, 1))
    assert "開始日に未来の日付は入力できません。" in exc.value.message_dict["started_on"][0]
    with pytest.raises(DomainError):
        domain.start_engagement(company, by=supporter, started_on=START, step=3)
    assert not Engagement.objects.exists()


def test_update_engagement_refuses_a_start_after_existing_dated_records(engagement, supporter):
    ActionFactory(engagement=engagement, due_on=START + dt.timedelta(days=10))
    DialogueFactory(engagement=engagement, held_at=dt.datetime(2026, 4, 14, 9, 0, tzinfo=TOKYO))
    with pytest.raises(DomainError) as exc:
        domain.update_engagement(engagement, by=supporter, started_on=START + dt.timedelta(days=20))
    assert exc.value.message.startswith(
        "開始日を2026年4月21日にすると、それより前の記録（対話記録、アクションの期限）が"
    )
    engagement.refresh_from_db()
    assert (engagement.started_on, engagement.version) == (START, 1)
    moved = domain.update_engagement(engagement, by=supporter, started_on=START + dt.timedelta(days=5))
    assert (moved.started_on, moved.version) == (dt.date(2026, 4, 6), 2)


def test_update_engagement_checks_the_version_and_moves_a_member_to_lead(
    company, engagement, supporter, admin_user
):
    domain.set_team(engagement, by=supporter, members=[admin_user])
    updated = domain.update_engagement(
        engagement, by=supporter, expected_version=1, lead_supporter=admin_user, planned_months=6
    )
    assert (updated.lead_supporter, updated.planned_months, updated.version) == (admin_user, 6, 2)
    assert list(updated.members.all()) == []
    with pytest.raises(ConflictError) as exc:
        domain.update_engagement(engagement, by=supporter, expected_version=1, title="上書き")
    assert exc.value.message == STALE_EDIT_MESSAGE
    assert Engagement.objects.get(pk=engagement.pk).title == ""


def test_set_team_logs_the_change_and_refuses_unassigned_supporters(
    engagement, supporter, admin_user, colleague
):
    domain.set_team(engagement, by=supporter, members=[admin_user])
    domain.set_team(engagement, by=supporter, members=[])
    assert list(engagement.members.all()) == []
    changes = ActivityLog.objects.filter(code="engagement.team.changed").order_by("id")
    assert [(c.data["old"], c.data["new"]) for c in changes] == [([], ["admin さん"]), (["admin さん"], [])]
    with pytest.raises(DomainError):
        domain.set_team(engagement, by=supporter, members=[colleague])
    outsider_user = UserFactory(username="nobody")
    with pytest.raises(DomainError):
        domain.set_team(engagement, by=supporter, members=[outsider_user])


# --- Steps and the go / no-go gate ------------------------------------------------------------------


def test_advancing_records_who_when_and_why(engagement, supporter):
    transition = domain.advance_step(
        engagement, by=supporter, reason="事前情報を確認しました。", decided_on=START
    )
    engagement.refresh_from_db()
    assert (engagement.step, engagement.status, engagement.version) == (2, "candidate", 2)
    assert (transition.from_step, transition.to_step, transition.decided_by, transition.reason) == (
        1,
        2,
        supporter,
        "事前情報を確認しました。",
    )
    assert transition.direction == "forward"
    log = ActivityLog.objects.get(code="engagement.step.advanced")
    assert log.message == "ステップを① 支援対象の見極めから② 事業者・支援者双方の理解に進めました。"
    assert log.data == {
        "engagement_id": engagement.pk,
        "from": 1,
        "to": 2,
        "reason": "事前情報を確認しました。",
    }
    assert engagement.history.latest().history_user == supporter


def test_leaving_step_two_without_a_go_decision_is_refused_and_changes_nothing(engagement, supporter):
    domain.advance_step(engagement, by=supporter, reason="理解を深めます。")
    before = snapshot(engagement)
    with pytest.raises(DomainError) as exc:
        domain.advance_step(engagement, by=supporter, reason="始めます。")
    assert exc.value.message == NO_DECISION_MESSAGE
    assert snapshot(engagement) == before


def test_jumping_from_step_one_past_the_decision_is_refused(engagement, supporter):
    before = snapshot(engagement)
    with pytest.raises(DomainError) as exc:
        domain.advance_step(engagement, by=supporter, reason="急ぎます。", to_step=4)
    assert exc.value.message == NO_DECISION_MESSAGE
    assert snapshot(engagement) == before


def test_after_a_go_decision_the_engagement_moves_on_and_becomes_active(go_engagement, supporter):
    domain.advance_step(go_engagement, by=supporter, reason="Go と判断しました。")
    go_engagement.refresh_from_db()
    assert (go_engagement.step, go_engagement.status) == (3, "active")
    log = ActivityLog.objects.filter(code="engagement.step.advanced").latest("id")
    assert log.data["status"] == {"old": "candidate", "new": "active"}


def test_entering_step_seven_starts_follow_up_and_going_back_resumes(active_engagement, supporter):
    domain.advance_step(active_engagement, by=supporter, reason="支援期間が終わりました。", to_step=7)
    active_engagement.refresh_from_db()
    assert (active_engagement.step, active_engagement.status) == (7, "follow_up")
    with pytest.raises(DomainError) as exc:
        domain.advance_step(active_engagement, by=supporter, reason="次へ")
    assert exc.value.message == "すでに最後のステップ（⑦ フォローアップ）です。"
    transition = domain.return_to_step(
        active_engagement, by=supporter, to_step=6, reason="PDCAが止まっていたため。"
    )
    active_engagement.refresh_from_db()
    assert (active_engagement.step, active_engagement.status) == (6, "active")
    assert transition.direction == "back"
    assert codes(active_engagement)[-1] == "engagement.step.returned"


def test_step_moves_need_a_reason_and_a_target_in_the_right_direction(active_engagement, supporter):
    before = snapshot(active_engagement)
    with pytest.raises(DomainError) as exc:
        domain.advance_step(active_engagement, by=supporter, reason="  ")
    assert exc.value.message == "ステップを進める理由を入力してください。"
    with pytest.raises(DomainError):
        domain.advance_step(active_engagement, by=supporter, reason="戻したい", to_step=3)
    with pytest.raises(DomainError):
        domain.return_to_step(active_engagement, by=supporter, reason="進めたい", to_step=5)
    with pytest.raises(DomainError) as exc:
        domain.return_to_step(active_engagement, by=supporter, reason="", to_step=3)
    assert exc.value.message == "ステップを戻す理由を入力してください。"
    with pytest.raises(DomainError):
        domain.advance_step(active_engagement, by=supporter, reason="存在しない", to_step=8)
    assert snapshot(active_engagement) == before


def test_a_stale_step_change_is_refused(active_engagement, supporter):
    stale = active_engagement.version
    domain.advance_step(active_engagement, by=supporter, reason="対話が進みました。", expected_version=stale)
    with pytest.raises(ConflictError):
        domain.return_to_step(
            active_engagement, by=supporter, to_step=2, reason="見直し", expected_version=stale
        )
    active_engagement.refresh_from_db()
    assert active_engagement.step == 5


def test_a_cancelled_engagement_cannot_change_step(go_engagement, supporter):
    domain.change_status(go_engagement, by=supporter, status="cancelled", reason="事業譲渡が決まったため。")
    with pytest.raises(DomainError) as exc:
        domain.advance_step(go_engagement, by=supporter, reason="続けます。")
    assert exc.value.message == "終了または中止した案件は変更できません。先に案件の状況を再開してください。"


def test_returning_to_step_two_allows_a_new_decision_that_then_gates_again(active_engagement, supporter):
    domain.return_to_step(active_engagement, by=supporter, to_step=2, reason="経営者の意欲を確かめ直します。")
    domain.decide_suitability(active_engagement, by=supporter, decision="go", reason="再確認しました。")
    domain.advance_step(active_engagement, by=supporter, reason="再開します。", to_step=4)
    active_engagement.refresh_from_db()
    assert (active_engagement.step, active_engagement.status) == (4, "active")
    assert GoNoGoDecision.objects.filter(engagement=active_engagement).count() == 2


def test_step_checklist_answers_are_kept_per_point(engagement, supporter):
    domain.record_step_check(engagement, by=supporter, checkpoint="s4_why", done=True, note="なぜを3回")
    row = domain.record_step_check(engagement, by=supporter, checkpoint="s4_why", done=False, note="やり直し")
    assert (row.step, row.done, row.note) == (4, False, "やり直し")
    assert engagement.step_checks.count() == 1
    assert row.history.count() == 2
    with pytest.raises(DomainError):
        domain.record_step_check(engagement, by=supporter, checkpoint="s9_magic", done=True)


# --- Suitability and the decision -------------------------------------------------------------------


def test_suitability_ratings_outside_one_to_four_or_without_evidence_are_refused(engagement, supporter):
    with pytest.raises(ValidationError) as exc:
        domain.rate_suitability(engagement, by=supporter, point="willingness", rating=5, evidence="十分")
    assert exc.value.message_dict == {"rating": ["評価は1〜4の範囲で入力してください。"]}
    with pytest.raises(ValidationError) as exc:
        domain.rate_suitability(engagement, by=supporter, point="willingness", rating=3, evidence=" ")
    assert "evidence" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        domain.rate_suitability(engagement, by=supporter, point="charm", rating=3, evidence="根拠")
    assert "point" in exc.value.message_dict
    assert not engagement.suitability_ratings.exists()


def test_rating_a_point_again_replaces_it_and_keeps_the_history(engagement, supporter):
    domain.rate_suitability(engagement, by=supporter, point="openness", rating=2, evidence="警戒していた")
    row = domain.rate_suitability(
        engagement, by=supporter, point="openness", rating=4, evidence="本音を話した"
    )
    assert [(r.rating, r.evidence) for r in engagement.suitability_ratings.all()] == [(4, "本音を話した")]
    assert [h.rating for h in row.history.order_by("history_id")] == [2, 4]


def test_go_needs_every_suitability_point_rated(engagement, supporter):
    domain.advance_step(engagement, by=supporter, reason="理解を深めます。")
    domain.rate_suitability(engagement, by=supporter, point="willingness", rating=4, evidence="前向き")
    with pytest.raises(DomainError) as exc:
        domain.decide_suitability(engagement, by=supporter, decision="go", reason="進めます。")
    assert exc.value.message == (
        "「伴走支援を行う（Go）」と判断する前に、すべての見極めの項目を評価してください"
        "（未評価: 支援方法の適合、資金繰りの余裕、変革への意思、受入姿勢、経営者の時間、関係者の巻き込み）。"
    )
    assert not GoNoGoDecision.objects.exists()


def test_go_decision_keeps_a_snapshot_of_the_ratings(engagement, supporter):
    rate_all_points(engagement, supporter, rating=3)
    decision = domain.decide_suitability(engagement, by=supporter, decision="go", reason="意欲十分。")
    assert decision.ratings == {p.key: 3 for p in g.SUITABILITY_POINTS}
    assert (decision.step, decision.decided_by, decision.is_go) == (1, supporter, True)
    assert domain.latest_decision(engagement) == decision
    log = ActivityLog.objects.get(code="engagement.suitability.decided")
    assert log.message == "見極めの判断を記録しました: 伴走支援を行う（Go）"


def test_no_go_cancels_the_engagement_with_the_reason(engagement, supporter):
    domain.decide_suitability(
        engagement,
        by=supporter,
        decision="no_go",
        reason="資金繰りが逼迫しており、405事業を優先します。",
        decided_on=START,
    )
    engagement.refresh_from_db()
    assert (engagement.status, engagement.ended_on) == ("cancelled", START)
    assert (
        engagement.status_reason
        == "見極めの結果、伴走支援を見送りました。資金繰りが逼迫しており、405事業を優先します。"
    )


def test_after_no_go_and_reopening_the_gate_still_holds(engagement, supporter):
    domain.advance_step(engagement, by=supporter, reason="理解を深めます。")
    domain.decide_suitability(engagement, by=supporter, decision="no_go", reason="時間が取れない。")
    domain.change_status(
        engagement, by=supporter, status="candidate", reason="社長から再度の相談がありました。"
    )
    with pytest.raises(DomainError) as exc:
        domain.advance_step(engagement, by=supporter, reason="始めます。")
    assert exc.value.message == NO_GO_MESSAGE


def test_the_decision_is_made_at_step_one_or_two_only(active_engagement, supporter):
    with pytest.raises(DomainError) as exc:
        domain.decide_suitability(active_engagement, by=supporter, decision="go", reason="再確認")
    assert exc.value.message.startswith("見極め（Go / No-Go）の判断はステップ①②で行います。")
    with pytest.raises(DomainError):
        domain.decide_suitability(active_engagement, by=supporter, decision="maybe", reason="？")


# --- Status ------------------------------------------------------------------------------------------


def test_status_changes_follow_the_allowed_paths_with_reasons(go_engagement, supporter):
    with pytest.raises(DomainError) as exc:
        domain.change_status(go_engagement, by=supporter, status="closed")
    assert exc.value.message == "案件の状況を「候補」から「終了」には変更できません。"
    with pytest.raises(DomainError) as exc:
        domain.change_status(go_engagement, by=supporter, status="cancelled", reason=" ")
    assert exc.value.message == "中止にする理由を入力してください。"
    domain.change_status(go_engagement, by=supporter, status="active")
    closed = domain.change_status(go_engagement, by=supporter, status="closed", on=dt.date(2026, 10, 31))
    assert (closed.status, closed.ended_on) == ("closed", dt.date(2026, 10, 31))
    with pytest.raises(DomainError) as exc:
        domain.change_status(go_engagement, by=supporter, status="active")
    assert exc.value.message == "終了・中止した案件を再開する理由を入力してください。"
    reopened = domain.change_status(go_engagement, by=supporter, status="follow_up", reason="追加の相談")
    assert (reopened.status, reopened.ended_on, reopened.status_reason) == ("follow_up", None, "追加の相談")
    log = ActivityLog.objects.filter(code="engagement.status.changed").latest("id")
    assert log.data == {
        "engagement_id": go_engagement.pk,
        "old": "closed",
        "new": "follow_up",
        "reason": "追加の相談",
    }


def test_a_candidate_cannot_become_active_without_a_go(engagement, supporter):
    with pytest.raises(DomainError) as exc:
        domain.change_status(engagement, by=supporter, status="active")
    assert exc.value.message == NO_DECISION_MESSAGE
    engagement.refresh_from_db()
    assert engagement.status == "candidate"


def test_action_owner_may_be_a_company_person_only(engagement, supporter):
    lender = StakeholderFactory(engagement=engagement, role="lender", name="みなと地域銀行 支店長")
    with pytest.raises(ValidationError) as exc:
        domain.create_action(engagement, by=supporter, owner=lender, what="融資条件を見直す", due_on=START)
    assert exc.value.message_dict["owner"][0].startswith("アクションの担当者には、事業者の社内の方")


def test_stepper_marks_steps_that_were_jumped_over_as_not_done(go_engagement, supporter):
    from banso.engagements import domain
    from banso.engagements.queries import stepper

    domain.advance_step(go_engagement, by=supporter, to_step=5, reason="対話は前任者が済ませていた")
    go_engagement.refresh_from_db()
    states = {s.number: s.state for s in stepper(go_engagement)}
    assert states[2] == "done"
    assert (states[3], states[4]) == ("skipped", "skipped")
    assert states[5] == "current"
    assert next(s for s in stepper(go_engagement) if s.number == 3).state_label == "未実施（飛ばした）"
