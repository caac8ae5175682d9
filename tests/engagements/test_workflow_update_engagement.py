"""One workflow for editing an engagement: domain.update_engagement changes its fields, team, status
and step together, all or nothing, behind one version check; the edit page and the API's PATCH
both call it and end in the same state."""

import datetime as dt

import pytest
from django.urls import reverse

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.models import Engagement, StepTransition
from tests.api.test_companies_api import Api, token_for
from tests.engagements.factories import START

pytestmark = pytest.mark.django_db


def _state(engagement: Engagement) -> tuple:
    engagement = Engagement.objects.get(pk=engagement.pk)
    return (
        engagement.kind,
        engagement.title,
        engagement.started_on,
        engagement.planned_months,
        engagement.lead_supporter_id,
        sorted(m.pk for m in engagement.members.all() if m.pk != engagement.lead_supporter_id),
        engagement.status,
        engagement.step,
        engagement.version,
    )


def _codes(engagement: Engagement) -> list[str]:
    return sorted(
        ActivityLog.objects.filter(data__engagement_id=engagement.pk)
        .exclude(code="engagement.started")
        .values_list("code", flat=True)
    )


def _edit_page(company, engagement):
    return reverse(
        "engagements:edit", kwargs={"org": "minato", "company_pk": company.pk, "engagement_pk": engagement.pk}
    )


def test_page_and_api_give_the_same_result_for_the_same_change(login, supporter, admin_user, company):
    by_page = domain.start_engagement(company, by=supporter, started_on=START)
    by_api = domain.start_engagement(company, by=supporter, started_on=START)
    response = login(supporter).post(
        _edit_page(company, by_page),
        {
            "kind": "early_plan",
            "title": "計画づくり",
            "started_on": "2026-04-01",
            "planned_months": "6",
            "lead_supporter": supporter.pk,
            "members": [admin_user.pk],
            "version": 1,
        },
    )
    assert response.status_code == 302
    answer = Api(token_for(supporter)).patch(
        f"/api/v1/engagements/{by_api.pk}",
        {
            "kind": "early_plan",
            "title": "計画づくり",
            "planned_months": 6,
            "members": [admin_user.pk],
            "version": 1,
        },
    )
    assert answer.status_code == 200
    expected = ("early_plan", "計画づくり", START, 6, supporter.pk, [admin_user.pk], "candidate", 1, 2)
    assert _state(by_page) == _state(by_api) == expected
    assert _codes(by_page) == _codes(by_api) == ["engagement.team.changed", "engagement.updated"]


def test_a_stale_version_is_refused_alike_by_page_and_api_and_writes_nothing(
    login, supporter, admin_user, company
):
    by_page = domain.start_engagement(company, by=supporter, started_on=START)
    by_api = domain.start_engagement(company, by=supporter, started_on=START)
    for engagement in (by_page, by_api):
        domain.update_engagement(engagement, by=admin_user, expected_version=1, title="先に保存")
    before = (_state(by_page), _state(by_api))
    page = login(supporter).post(
        _edit_page(company, by_page),
        {
            "kind": "process",
            "title": "後から保存",
            "started_on": "2026-04-01",
            "planned_months": "12",
            "lead_supporter": supporter.pk,
            "members": [admin_user.pk],
            "version": 1,
        },
    )
    api = Api(token_for(supporter)).patch(
        f"/api/v1/engagements/{by_api.pk}", {"title": "後から保存", "members": [admin_user.pk], "version": 1}
    )
    assert STALE_EDIT_MESSAGE in page.content.decode()
    assert (api.status_code, api.json()["detail"]) == (409, STALE_EDIT_MESSAGE)
    assert (_state(by_page), _state(by_api)) == before
    assert before[0][1] == "先に保存" and before[0][5] == []


def test_fields_team_status_and_step_change_together(supporter, admin_user, go_engagement):
    """From 候補 at step ② with a 'go': new title and team, then step ④, which makes it 進行中."""
    version = go_engagement.version
    codes_before = _codes(go_engagement)
    updated = domain.update_engagement(
        go_engagement,
        by=supporter,
        expected_version=version,
        title="生産性向上",
        members=[admin_user],
        step=4,
        step_reason="Go と判断し、課題設定に進みます。",
        step_decided_on=START + dt.timedelta(days=20),
    )
    assert _state(updated) == (
        "process",
        "生産性向上",
        START,
        12,
        supporter.pk,
        [admin_user.pk],
        "active",
        4,
        version + 2,  # one for the fields, one for the step
    )
    move = StepTransition.objects.filter(engagement=updated).latest("id")
    assert (move.from_step, move.to_step, move.decided_on) == (2, 4, START + dt.timedelta(days=20))
    new_codes = list(_codes(updated))
    for code in codes_before:
        new_codes.remove(code)
    # Passing step ③ also sends the owner's satisfaction survey (満足度調査).
    assert new_codes == [
        "engagement.step.advanced",
        "engagement.survey.sent",
        "engagement.team.changed",
        "engagement.updated",
    ]


def test_status_and_step_in_one_call_then_status_alone(supporter, go_engagement):
    moved = domain.update_engagement(
        go_engagement, by=supporter, status="active", step=3, step_reason="開始します。"
    )
    assert (moved.status, moved.step) == ("active", 3)
    ended = domain.update_engagement(
        moved, by=supporter, expected_version=moved.version, status="closed", status_on=START
    )
    assert (ended.status, ended.ended_on, ended.step) == ("closed", START, 3)


def test_a_refused_step_undoes_the_fields_and_team_of_the_same_call(supporter, admin_user, engagement):
    """No 'go' yet: the step part fails, so the title and team written before it are rolled back."""
    before = _state(engagement)
    with pytest.raises(DomainError):
        domain.update_engagement(
            engagement,
            by=supporter,
            expected_version=1,
            title="途中まで",
            members=[admin_user],
            step=4,
            step_reason="急ぐ",
        )
    assert _state(engagement) == before
    assert _codes(engagement) == []


def test_a_stale_version_is_checked_before_anything_is_written(supporter, admin_user, engagement):
    domain.update_engagement(engagement, by=supporter, expected_version=1, title="先")
    with pytest.raises(ConflictError):
        domain.update_engagement(engagement, by=supporter, expected_version=1, members=[admin_user])
    assert list(Engagement.objects.get(pk=engagement.pk).members.exclude(pk=supporter.pk)) == []


def test_unknown_fields_are_refused(supporter, engagement):
    with pytest.raises(DomainError, match="変更できない項目"):
        domain.update_engagement(engagement, by=supporter, company=None)
