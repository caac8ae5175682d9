"""The five walls rated 0–3 on a day, and the owner's action plan with its due-date rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from banso.core.errors import DUPLICATE_CODE, ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.models import Action, WallAssessment
from tests.engagements.factories import START, IssueNodeFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

RATINGS = {"unseen": 3, "unfaced": 2, "unexecuted": 2, "unfollowed": 3, "under_resourced": 1}


# --- Walls -----------------------------------------------------------------------------------------


def test_recording_the_five_walls_keeps_ratings_notes_and_logs(engagement, supporter):
    assessment = domain.record_wall_assessment(
        engagement,
        by=supporter,
        assessed_on=dt.date(2026, 5, 1),
        ratings=RATINGS,
        notes={"unfaced": " 決算書を見たがらない "},
    )
    assert assessment.ratings == RATINGS
    assert assessment.notes["unfaced"] == "決算書を見たがらない"
    assert assessment.history.latest().history_user == supporter
    log = ActivityLog.objects.get(code="engagement.walls.assessed")
    assert log.message == (
        "5つの壁を評価しました（見えない3、向き合えない2、実行できない2、ついてこない3、リソース・知見不足1）。"
    )


WALL_MESSAGE = "「見えない壁（課題が見えない）」の評価は 0（乗り越えた）〜3（強い壁）の整数で入力してください"


@pytest.mark.parametrize(("bad", "shown"), [(7, "7"), (-1, "-1"), ("2", "2"), (True, "True")])
def test_a_wall_rating_outside_zero_to_three_is_refused_in_japanese(engagement, supporter, bad, shown):
    with pytest.raises(ValidationError) as exc:
        domain.record_wall_assessment(
            engagement, by=supporter, assessed_on=dt.date(2026, 5, 1), ratings={**RATINGS, "unseen": bad}
        )
    assert exc.value.message_dict == {"unseen": [f"{WALL_MESSAGE}（入力: {shown}）。"]}
    assert not WallAssessment.objects.exists()


def test_missing_and_unknown_walls_are_named(engagement, supporter):
    ratings = {k: v for k, v in RATINGS.items() if k != "unfollowed"} | {"invisible": 1}
    with pytest.raises(ValidationError) as exc:
        domain.record_wall_assessment(
            engagement, by=supporter, assessed_on=dt.date(2026, 5, 1), ratings=ratings
        )
    assert exc.value.message_dict == {
        "ratings": [
            "「invisible」という壁はありません。"
            "使える項目は unseen, unfaced, unexecuted, unfollowed, under_resourced です。"
        ],
        "unfollowed": ["「ついてこない壁」を評価してください（0〜3）。"],
    }


def test_one_assessment_per_day_and_not_before_the_start(engagement, supporter):
    domain.record_wall_assessment(engagement, by=supporter, assessed_on=dt.date(2026, 5, 1), ratings=RATINGS)
    with pytest.raises(ValidationError) as exc:
        domain.record_wall_assessment(
            engagement, by=supporter, assessed_on=dt.date(2026, 5, 1), ratings=RATINGS
        )
    assert exc.value.error_dict["__all__"][0].code == DUPLICATE_CODE
    assert exc.value.messages == ["この日の5つの壁の評価はすでにあります。その評価を編集してください。"]
    with pytest.raises(ValidationError) as exc:
        domain.record_wall_assessment(
            engagement, by=supporter, assessed_on=START - dt.timedelta(days=1), ratings=RATINGS
        )
    assert "assessed_on" in exc.value.message_dict
    assert WallAssessment.objects.count() == 1


def test_correcting_an_assessment_checks_the_version(engagement, supporter, admin_user):
    assessment = domain.record_wall_assessment(
        engagement, by=supporter, assessed_on=dt.date(2026, 5, 1), ratings=RATINGS
    )
    updated = domain.update_wall_assessment(
        assessment,
        by=supporter,
        expected_version=1,
        ratings={"unfaced": 1},
        notes={"unfaced": "向き合い始めた"},
    )
    assert (updated.unfaced, updated.unfaced_note, updated.unseen, updated.version) == (
        1,
        "向き合い始めた",
        3,
        2,
    )
    with pytest.raises(ConflictError):
        domain.update_wall_assessment(assessment, by=admin_user, expected_version=1, ratings={"unfaced": 3})
    with pytest.raises(ValidationError):
        domain.update_wall_assessment(assessment, by=supporter, ratings={"unfaced": 4})
    assert WallAssessment.objects.get(pk=assessment.pk).unfaced == 1


# --- Actions -----------------------------------------------------------------------------------------


@pytest.fixture
def leader(engagement):
    return StakeholderFactory(engagement=engagement, name="佐藤 健", role="field_leader", title="製造課長")


def test_an_action_answers_who_when_what_how_far_how_and_the_effect(engagement, supporter, leader):
    root = IssueNodeFactory(engagement=engagement, kind="root", text="原価が見えていない")
    action = domain.create_action(
        engagement,
        by=supporter,
        owner=leader,
        what="主要10品目の原価を計算する",
        due_on=dt.date(2026, 6, 30),
        how_much="売上上位10品目",
        how="作業日報から工数を拾う",
        expected_effect="値決めの根拠ができる",
        expected_value=Decimal("10"),
        expected_unit="品目",
        root_issue=root,
    )
    assert (action.owner, action.status, action.root_issue, action.version) == (
        leader,
        "not_started",
        root,
        1,
    )
    log = ActivityLog.objects.get(code="engagement.action.created")
    assert (
        log.message
        == "アクション「主要10品目の原価を計算する」を追加しました（佐藤 健さん、2026/06/30まで）。"
    )


def test_a_due_date_before_the_engagement_began_is_refused(engagement, supporter, leader):
    with pytest.raises(ValidationError) as exc:
        domain.create_action(
            engagement, by=supporter, owner=leader, what="朝礼を始める", due_on=dt.date(2026, 3, 31)
        )
    assert exc.value.message_dict == {
        "due_on": [
            "案件の開始日（2026年4月1日）より前の日付は入力できません。日付を確かめるか、案件の開始日を見直してください。"
        ]
    }
    assert not Action.objects.exists()
    action = domain.create_action(engagement, by=supporter, owner=leader, what="朝礼を始める", due_on=START)
    with pytest.raises(ValidationError):
        domain.update_action(action, by=supporter, due_on=dt.date(2026, 3, 1))
    assert Action.objects.get(pk=action.pk).due_on == START


def test_an_action_serves_a_root_issue_of_its_own_engagement(engagement, supporter, leader, company):
    why = IssueNodeFactory(
        engagement=engagement, parent=IssueNodeFactory(engagement=engagement), text="勘で値決め"
    )
    with pytest.raises(DomainError) as exc:
        domain.create_action(engagement, by=supporter, owner=leader, what="x", due_on=START, root_issue=why)
    assert (
        exc.value.message
        == "「勘で値決め」は裏課題ではありません。アクションは裏課題（本質的課題）に紐づけてください。"
    )
    stranger = StakeholderFactory(name="他社の人")
    with pytest.raises(ValidationError) as exc:
        domain.create_action(engagement, by=supporter, owner=stranger, what="x", due_on=START)
    assert exc.value.message_dict["owner"] == ["担当者は、この案件の関係者から選んでください。"]


def test_updating_an_action_logs_status_changes_and_refuses_stale_saves(
    engagement, supporter, admin_user, leader
):
    action = domain.create_action(engagement, by=supporter, owner=leader, what="朝礼を始める", due_on=START)
    domain.update_action(action, by=supporter, expected_version=1, status="in_progress", how="5分で")
    with pytest.raises(ConflictError):
        domain.update_action(action, by=admin_user, expected_version=1, what="別の内容")
    with pytest.raises(DomainError):
        domain.update_action(action, by=supporter, created_by=admin_user)
    with pytest.raises(DomainError):
        domain.update_action(action, by=supporter, status="paused")
    saved = Action.objects.get(pk=action.pk)
    assert (saved.what, saved.status, saved.how, saved.version) == ("朝礼を始める", "in_progress", "5分で", 2)
    codes = list(
        ActivityLog.objects.filter(code__startswith="engagement.action").values_list("code", flat=True)
    )
    assert sorted(codes) == [
        "engagement.action.created",
        "engagement.action.status_changed",
        "engagement.action.updated",
    ]
    assert saved.history.latest().history_user == supporter
