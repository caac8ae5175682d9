"""PDCA reviews of the action plan: each check is appended (history kept, never overwritten), moves the
action's status, refuses empty or stale checks, and the monthly review checks several at once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain import actions as action_domain
from banso.engagements.models import Action, ActionReview
from tests.engagements.factories import START, ActionFactory, DialogueFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(engagement):
    return StakeholderFactory(engagement=engagement, name="佐藤 健", role="field_leader")


@pytest.fixture
def action(engagement, supporter, leader):
    return domain.create_action(
        engagement,
        by=supporter,
        owner=leader,
        what="朝礼で前日の不良件数を共有する",
        due_on=dt.date(2026, 5, 31),
    )


def test_a_review_is_appended_and_moves_the_action(action, supporter):
    first = action_domain.review_action(
        action,
        by=supporter,
        reviewed_on=dt.date(2026, 5, 1),
        status="in_progress",
        result=" 20日中18日実施 ",
        learning="班長が自分から数字を読むようになった",
        next_step="原因別に書く",
        small_success=True,
        expected_version=1,
    )
    second = action_domain.review_action(
        action,
        by=supporter,
        reviewed_on=dt.date(2026, 6, 1),
        status="done",
        result="定着した",
        expected_version=2,
    )
    action.refresh_from_db()
    assert (action.status, action.version) == ("done", 3)
    assert list(action.reviews.values_list("status", "result", "small_success")) == [
        ("in_progress", "20日中18日実施", True),
        ("done", "定着した", False),
    ]
    assert first.reviewed_by == supporter and second.history.latest().history_user == supporter
    messages = list(
        ActivityLog.objects.filter(code="engagement.action.reviewed")
        .order_by("id")
        .values_list("message", flat=True)
    )
    assert messages == [
        "アクション「朝礼で前日の不良件数を共有する」を振り返りました（「未着手」→「実行中」、小さな成功体験あり）。",
        "アクション「朝礼で前日の不良件数を共有する」を振り返りました（「実行中」→「完了」）。",
    ]


def test_a_review_with_the_same_status_keeps_the_version(action, supporter):
    action_domain.review_action(action, by=supporter, status="not_started", learning="まだ始められていない")
    action.refresh_from_db()
    assert (action.status, action.version, action.reviews.count()) == ("not_started", 1, 1)


def test_an_empty_review_is_refused(action, supporter):
    with pytest.raises(DomainError) as exc:
        action_domain.review_action(action, by=supporter, status="not_started", result="  ")
    assert exc.value.message == action_domain.EMPTY_REVIEW_MESSAGE
    assert not ActionReview.objects.exists()


def test_a_stale_review_is_refused_and_nothing_is_saved(action, supporter, admin_user):
    domain.update_action(action, by=admin_user, expected_version=1, how="ホワイトボードで")
    with pytest.raises(ConflictError):
        action_domain.review_action(action, by=supporter, status="done", result="済", expected_version=1)
    assert not ActionReview.objects.exists()
    assert Action.objects.get(pk=action.pk).status == "not_started"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (START - dt.timedelta(days=1), "案件の開始日（2026年4月1日）より前の日付は入力できません。"),
        (timezone.localdate() + dt.timedelta(days=1), "未来の日付は入力できません。"),
    ],
)
def test_a_review_is_dated_between_the_start_and_today(action, supporter, day, message):
    with pytest.raises(ValidationError) as exc:
        action_domain.review_action(action, by=supporter, status="in_progress", reviewed_on=day)
    assert exc.value.message_dict["reviewed_on"][0].startswith(message)
    assert not ActionReview.objects.exists()


def test_a_review_links_only_a_dialogue_of_its_engagement(action, supporter):
    stranger = DialogueFactory()
    with pytest.raises(DomainError):
        action_domain.review_action(action, by=supporter, status="in_progress", dialogue=stranger)
    own = DialogueFactory(engagement=action.engagement)
    review = action_domain.review_action(action, by=supporter, status="in_progress", dialogue=own)
    assert review.dialogue == own


def test_an_ended_engagement_takes_no_reviews_or_actions(action, supporter, engagement, leader):
    domain.change_status(engagement, by=supporter, status="cancelled", reason="社長の体調不良のため")
    action.refresh_from_db()
    with pytest.raises(DomainError, match="終了または中止した案件は変更できません"):
        action_domain.review_action(action, by=supporter, status="done", result="済")
    with pytest.raises(DomainError, match="終了または中止した案件は変更できません"):
        domain.create_action(engagement, by=supporter, owner=leader, what="x", due_on=START)


def test_the_monthly_review_checks_several_actions_and_skips_blank_rows(
    engagement, supporter, action, leader
):
    other = domain.create_action(engagement, by=supporter, owner=leader, what="週1回の工程会議", due_on=START)
    untouched = domain.create_action(engagement, by=supporter, owner=leader, what="5S", due_on=START)
    reviews = action_domain.review_actions(
        engagement,
        by=supporter,
        reviewed_on=dt.date(2026, 6, 30),
        entries=[
            {"action": action, "expected_version": 1, "status": "in_progress", "result": "始めた"},
            {"action": other, "expected_version": 1, "status": "done", "small_success": True},
            {"action": untouched, "expected_version": 1, "status": "not_started", "result": ""},
        ],
    )
    assert [(r.action, r.status, r.reviewed_on) for r in reviews] == [
        (action, "in_progress", dt.date(2026, 6, 30)),
        (other, "done", dt.date(2026, 6, 30)),
    ]
    assert not untouched.reviews.exists()


def test_the_monthly_review_is_all_or_nothing_and_names_the_stale_action(
    engagement, supporter, admin_user, action, leader
):
    other = domain.create_action(engagement, by=supporter, owner=leader, what="週1回の工程会議", due_on=START)
    domain.update_action(other, by=admin_user, expected_version=1, how="金曜の朝に")
    with pytest.raises(ConflictError) as exc:
        action_domain.review_actions(
            engagement,
            by=supporter,
            entries=[
                {"action": action, "expected_version": 1, "status": "done", "result": "済"},
                {"action": other, "expected_version": 1, "status": "done", "result": "済"},
            ],
        )
    assert exc.value.message.startswith(
        "「週1回の工程会議」: この内容は、編集を始めた後に他の方が更新しました。"
    )
    assert not ActionReview.objects.exists()
    assert Action.objects.get(pk=action.pk).status == "not_started"


def test_the_monthly_review_refuses_a_page_with_nothing_to_record(engagement, supporter, action):
    with pytest.raises(DomainError) as exc:
        action_domain.review_actions(
            engagement, by=supporter, entries=[{"action": action, "status": "not_started"}]
        )
    assert exc.value.message == action_domain.NOTHING_REVIEWED_MESSAGE
    with pytest.raises(ValidationError) as exc:
        action_domain.review_actions(
            engagement,
            by=supporter,
            reviewed_on=START - dt.timedelta(days=3),
            entries=[{"action": action, "status": "done"}],
        )
    assert list(exc.value.message_dict) == ["reviewed_on"]


def test_the_monthly_review_refuses_another_engagements_action(engagement, supporter):
    foreign = ActionFactory()
    with pytest.raises(DomainError):
        action_domain.review_actions(
            engagement, by=supporter, entries=[{"action": foreign, "status": "done"}]
        )
    assert Action.objects.get(pk=foreign.pk).status == "not_started"
