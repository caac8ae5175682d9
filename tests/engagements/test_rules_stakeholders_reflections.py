"""The stakeholder map's rules (unique names, the guideline's lists, stance changes as events, no
silent overwrite) and the advisor's reflection (participants only, 1–4, one per dialogue)."""

import pytest
from django.core.exceptions import ValidationError

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain.reflections import NOT_PARTICIPANT_MESSAGE
from banso.engagements.models import Reflection, Stakeholder
from tests.engagements.factories import DialogueFactory

pytestmark = pytest.mark.django_db


def test_add_stakeholder_in_order_with_history_and_event(active_engagement, supporter):
    first = domain.add_stakeholder(
        active_engagement, by=supporter, name=" 丸山 浩二 ", role="owner", stance="promoting"
    )
    second = domain.add_stakeholder(
        active_engagement, by=supporter, name="村松 和夫", role="executive", stance="resisting"
    )
    assert (first.name, first.position, second.position) == ("丸山 浩二", 1, 2)
    assert first.history.get().history_user == supporter
    assert ActivityLog.objects.filter(code="engagement.stakeholder.added").latest("id").message == (
        "関係者「村松 和夫（幹部）」を追加しました（抵抗）。"
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "丸山 浩二", "role": "owner"}, "__all__", "同じ氏名の関係者がすでに登録されています。"),
        ({"name": "  ", "role": "owner"}, "name", "このフィールドは空ではいけません。"),
        ({"name": "新人", "role": "boss"}, "role", "立場は一覧から選んでください（入力: boss）。"),
        (
            {"name": "新人", "role": "employee", "influence": 5},
            "influence",
            "影響力は1〜3の範囲で入力してください。",
        ),
        (
            {"name": "新人", "role": "employee", "stance": "angry"},
            "stance",
            "変革へのスタンスは一覧から選んでください（入力: angry）。",
        ),
    ],
)
def test_bad_stakeholders_are_refused_in_japanese(active_engagement, supporter, fields, field, message):
    domain.add_stakeholder(active_engagement, by=supporter, name="丸山 浩二", role="owner")
    with pytest.raises(ValidationError) as exc:
        domain.add_stakeholder(active_engagement, by=supporter, **fields)
    assert message in exc.value.message_dict[field]
    assert Stakeholder.objects.count() == 1


def test_stance_change_is_its_own_event_and_stale_edits_are_refused(active_engagement, supporter):
    person = domain.add_stakeholder(
        active_engagement, by=supporter, name="村松 和夫", role="executive", stance="resisting"
    )
    updated = domain.update_stakeholder(person, by=supporter, expected_version=1, stance="neutral")
    log = ActivityLog.objects.get(code="engagement.stakeholder.stance_changed")
    assert log.message == "関係者「村松 和夫」のスタンスを「抵抗」から「中立」に変更しました。"
    assert (log.data["old"], log.data["new"], updated.version) == ("resisting", "neutral", 2)
    with pytest.raises(ConflictError):
        domain.update_stakeholder(person, by=supporter, expected_version=1, concerns="上書き")
    domain.update_stakeholder(person, by=supporter, expected_version=2, concerns="品質")
    assert ActivityLog.objects.get(code="engagement.stakeholder.updated").data["fields"] == ["concerns"]
    with pytest.raises(DomainError):
        domain.update_stakeholder(person, by=supporter, engagement=None)


def test_reflection_by_a_participant_is_recorded_and_corrected(active_engagement, supporter):
    dialogue = DialogueFactory(engagement=active_engagement, recorded_by=supporter)
    first = domain.record_reflection(
        dialogue,
        by=supporter,
        dialogue_listening=3,
        issue_setting=2,
        intrinsic_motivation=3,
        note="問いを返せた",
    )
    second = domain.record_reflection(
        dialogue, by=supporter, dialogue_listening=4, issue_setting=3, intrinsic_motivation=3
    )
    assert first.pk == second.pk
    assert Reflection.objects.get().ratings == {
        "dialogue_listening": 4,
        "issue_setting": 3,
        "intrinsic_motivation": 3,
    }
    assert second.history.count() == 2
    assert not ActivityLog.objects.filter(code__contains="reflection").exists()


def test_reflection_by_someone_who_did_not_take_part_is_refused(active_engagement, supporter, admin_user):
    dialogue = DialogueFactory(engagement=active_engagement, recorded_by=supporter)
    with pytest.raises(DomainError) as exc:
        domain.record_reflection(
            dialogue, by=admin_user, dialogue_listening=3, issue_setting=3, intrinsic_motivation=3
        )
    assert exc.value.message == NOT_PARTICIPANT_MESSAGE
    dialogue.advisors.add(admin_user)
    assert (
        domain.record_reflection(
            dialogue, by=admin_user, dialogue_listening=3, issue_setting=3, intrinsic_motivation=3
        ).advisor
        == admin_user
    )


def test_a_reflection_rating_outside_1_to_4_is_refused(active_engagement, supporter):
    dialogue = DialogueFactory(engagement=active_engagement, recorded_by=supporter)
    with pytest.raises(ValidationError) as exc:
        domain.record_reflection(
            dialogue, by=supporter, dialogue_listening=7, issue_setting=3, intrinsic_motivation=3
        )
    assert exc.value.message_dict["dialogue_listening"] == [
        "「対話と傾聴」の評価は1〜4の範囲で入力してください。"
    ]
    assert not Reflection.objects.exists()
