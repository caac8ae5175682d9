"""The five walls (dated assessments, latest in words, a chart over time) and the stakeholder map
(stance in words and marks, the dialogues people took part in)."""

import base64
import datetime as dt

import pytest
from django.urls import reverse

from banso.core.errors import STALE_EDIT_MESSAGE
from banso.engagements import domain
from banso.engagements.models import Stakeholder, WallAssessment
from tests.engagements.factories import DialogueFactory, StakeholderFactory, WallAssessmentFactory
from tests.helpers import count_queries

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


def walls_form(day, levels=(3, 3, 2, 2, 1), **extra):
    keys = ("unseen", "unfaced", "unexecuted", "unfollowed", "under_resourced")
    data = {"assessed_on": day, **{k: str(v) for k, v in zip(keys, levels, strict=True)}}
    data.update(extra)
    return data


def test_rating_the_walls_twice_shows_words_and_a_chart(login, supporter, active_engagement):
    client = login(supporter)
    first = client.post(
        url("wall_create", active_engagement), walls_form("2026-04-10", unfaced_note="目をそらしている")
    )
    assert first["Location"] == url("walls", active_engagement)
    page = client.get(url("walls", active_engagement))
    assert page.context["chart"] is None
    assert "評価が2回以上になると" in page.content.decode()
    client.post(url("wall_create", active_engagement), walls_form("2026-05-10", (2, 0, 2, 2, 1)))
    page = client.get(url("walls", active_engagement))
    body = page.content.decode()
    assert "0 乗り越えた" in body
    assert [(r.level, r.label) for r in page.context["ratings"]] == [
        (2, "壁がある"),
        (0, "乗り越えた"),
        (2, "壁がある"),
        (2, "壁がある"),
        (1, "弱い壁"),
    ]
    assert "↓ 低くなりました" in body
    svg = base64.b64decode(page.context["chart"].split(",", 1)[1]).decode()
    for word in ("乗り越えた", "弱い壁", "壁がある", "強い壁", "向き合えない", "2026/05/10"):
        assert word in svg
    assert WallAssessment.objects.get(assessed_on=dt.date(2026, 4, 10)).unfaced_note == "目をそらしている"


def test_the_form_starts_from_the_previous_assessment(login, supporter, active_engagement):
    WallAssessmentFactory(engagement=active_engagement, unseen=1, unfaced=2)
    form = login(supporter).get(url("wall_create", active_engagement)).context["form"]
    assert (form.initial["unseen"], form.initial["unfaced"]) == (1, 2)


@pytest.mark.parametrize("value", ["7", "-1", "強い"])
def test_a_wall_rating_outside_0_to_3_gets_a_japanese_message(login, supporter, active_engagement, value):
    response = login(supporter).post(
        url("wall_create", active_engagement), walls_form("2026-04-10", unexecuted=value)
    )
    assert (
        "「実行できない壁」の評価は 0（乗り越えた）〜3（強い壁）から選んでください。"
        in response.content.decode()
    )
    assert not WallAssessment.objects.exists()


def test_one_assessment_per_day(login, supporter, active_engagement):
    client = login(supporter)
    client.post(url("wall_create", active_engagement), walls_form("2026-04-10"))
    response = client.post(url("wall_create", active_engagement), walls_form("2026-04-10"))
    assert "この日の5つの壁の評価はすでにあります。" in response.content.decode()
    assert WallAssessment.objects.count() == 1


def test_correcting_an_assessment_checks_the_version(login, supporter, active_engagement):
    assessment = WallAssessmentFactory(engagement=active_engagement, assessed_on=dt.date(2026, 4, 10))
    domain.update_wall_assessment(assessment, by=supporter, ratings={"unseen": 0})
    response = login(supporter).post(
        url("wall_edit", active_engagement, assessment_pk=assessment.pk), walls_form("2026-04-10", version=1)
    )
    assert STALE_EDIT_MESSAGE in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.unseen == 0


def test_walls_page_query_count_does_not_grow(login, viewer, active_engagement):
    client = login(viewer)
    counts = []
    for size in (2, 8):
        for _ in range(size):
            WallAssessmentFactory(engagement=active_engagement)
        counts.append(count_queries(client, url("walls", active_engagement)))
    assert counts[0] == counts[1]


def test_stakeholder_map_shows_stance_in_words_and_marks_with_dialogues(login, viewer, active_engagement):
    person = StakeholderFactory(
        engagement=active_engagement,
        name="村松 和夫",
        role="executive",
        stance="resisting",
        influence=3,
        concerns="品質と納期",
    )
    DialogueFactory(
        engagement=active_engagement,
        participants=[person],
        held_at=dt.datetime(2026, 6, 16, 16, tzinfo=dt.UTC),
    )
    response = login(viewer).get(url("stakeholders", active_engagement))
    body = response.content.decode()
    resisting = next(c for c in response.context["columns"] if c["key"] == "resisting")
    assert [p.name for p in resisting["people"]] == ["村松 和夫"]
    assert '<span class="stance-mark" aria-hidden="true">×</span> 抵抗' in body
    assert "スタンス: 抵抗" in body and '<span aria-hidden="true">●●●</span> 大' in body
    assert "品質と納期" in body and ">2026/06/17<" in body
    assert "＋ 関係者を追加" not in body


def test_add_and_edit_a_stakeholder(login, supporter, active_engagement):
    client = login(supporter)
    created = client.post(
        url("stakeholder_create", active_engagement),
        {
            "name": "杉浦 美穂",
            "role": "field_leader",
            "title": "品質管理リーダー",
            "stance": "promoting",
            "influence": "2",
            "is_task_team_member": "on",
        },
    )
    assert created["Location"] == url("stakeholders", active_engagement)
    person = Stakeholder.objects.get()
    assert (person.role, person.stance, person.is_task_team_member) == ("field_leader", "promoting", True)
    duplicate = client.post(
        url("stakeholder_create", active_engagement),
        {"name": "杉浦 美穂", "role": "employee", "stance": "neutral", "influence": "1"},
    )
    assert "同じ氏名の関係者がすでに登録されています。" in duplicate.content.decode()
    client.post(
        url("stakeholder_edit", active_engagement, stakeholder_pk=person.pk),
        {"name": "杉浦 美穂", "role": "field_leader", "stance": "cautious", "influence": "2", "version": 1},
    )
    person.refresh_from_db()
    assert (person.stance, person.version) == ("cautious", 2)


def test_stakeholder_map_query_count_does_not_grow(login, supporter, active_engagement):
    client = login(supporter)
    counts = []
    for size in (2, 12):
        people = StakeholderFactory.create_batch(size, engagement=active_engagement)
        DialogueFactory(engagement=active_engagement, participants=people)
        counts.append(count_queries(client, url("stakeholders", active_engagement)))
    assert counts[0] == counts[1]


def test_a_new_assessment_starts_from_the_latest_ratings_and_reasons(login, supporter, active_engagement):
    """Unchanged walls keep their 根拠: the new form is prefilled from the latest assessment, editable."""
    WallAssessmentFactory(
        engagement=active_engagement,
        assessed_on=dt.date(2026, 4, 1),
        unseen_note="古い根拠",
    )
    WallAssessmentFactory(
        engagement=active_engagement,
        assessed_on=dt.date(2026, 4, 10),
        unseen=2,
        unseen_note="月次の数字を見始めた",
        unfaced_note="社長が課題を口にしない",
    )
    client = login(supporter)
    form = client.get(url("wall_create", active_engagement)).context["form"]
    assert form["unseen"].value() == 2
    assert form["unseen_note"].value() == "月次の数字を見始めた"
    assert form["unfaced_note"].value() == "社長が課題を口にしない"
    assert form["unexecuted_note"].value() == ""
    # The user changes one wall and one reason; the rest is sent as prefilled.
    data = {name: form[name].value() for name in form.fields}
    data.update(assessed_on="2026-05-10", unseen="1", unseen_note="数字で会話できる")
    client.post(url("wall_create", active_engagement), data)
    latest = WallAssessment.objects.get(assessed_on=dt.date(2026, 5, 10))
    assert (latest.unseen, latest.unseen_note, latest.unfaced_note) == (
        1,
        "数字で会話できる",
        "社長が課題を口にしない",
    )


def test_carried_over_is_empty_without_an_earlier_assessment(active_engagement):
    assert domain.latest_wall_assessment(active_engagement) is None
    assert domain.carried_over(None) == {}
