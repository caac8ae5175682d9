"""The engagements area's rules in one place: banso.engagements.permissions (who may do what) and
the readers of banso.engagements.queries that used to be worked out in views (the action plan's
counts and overdue days, late follow-ups, the loaders shared by pages and the API)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from banso.core.errors import DomainError
from banso.engagements import domain, permissions, queries
from banso.engagements.models import Dialogue
from tests.engagements.factories import (
    START,
    ActionFactory,
    DialogueFactory,
    FollowUpFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def _membership(user):
    return user.memberships.get()


class TestWhoMayDoWhat:
    def test_support_side_sees_the_area_company_side_gets_404(self, supporter, viewer, owner):
        assert permissions.is_support_side(_membership(supporter))
        assert permissions.is_support_side(_membership(viewer))
        assert not permissions.is_support_side(_membership(owner))
        assert not permissions.is_support_side(None)
        with pytest.raises(Http404):
            permissions.ensure_support_side(_membership(owner))

    def test_writers_add_records_only_while_open_but_manage_an_ended_one(
        self, supporter, viewer, colleague, engagement
    ):
        assert permissions.may_add_records(_membership(supporter), engagement)
        assert not permissions.may_add_records(_membership(viewer), engagement)
        assert not permissions.may_add_records(_membership(colleague), engagement)  # not assigned
        domain.change_status(engagement, by=supporter, status="cancelled", reason="社長の入院")
        engagement.refresh_from_db()
        assert not permissions.may_add_records(_membership(supporter), engagement)
        assert permissions.may_manage(_membership(supporter), engagement)
        assert not permissions.may_manage(_membership(viewer), engagement)
        with pytest.raises(DomainError, match="終了または中止した案件は変更できません"):
            permissions.ensure_open(engagement)

    def test_starting_an_engagement_needs_a_writer_of_the_company(self, supporter, viewer, owner, company):
        assert permissions.may_start_engagement(_membership(supporter), company)
        assert not permissions.may_start_engagement(_membership(viewer), company)
        assert not permissions.may_start_engagement(_membership(owner), company)

    def test_reflection_is_for_whoever_took_part(self, supporter, admin_user, active_engagement):
        dialogue = DialogueFactory(engagement=active_engagement, recorded_by=admin_user)
        assert permissions.may_reflect(dialogue, admin_user)
        assert not permissions.may_reflect(dialogue, supporter)
        dialogue.advisors.add(supporter)
        assert permissions.may_reflect(dialogue, supporter)

    def test_the_decision_window_is_steps_one_and_two_of_an_open_engagement(self, supporter, go_engagement):
        assert go_engagement.step == 2 and permissions.can_decide(go_engagement)
        domain.advance_step(go_engagement, by=supporter, reason="開始します。")
        go_engagement.refresh_from_db()
        assert not permissions.can_decide(go_engagement)
        domain.return_to_step(go_engagement, by=supporter, to_step=1, reason="見直します。")
        go_engagement.refresh_from_db()
        assert permissions.can_decide(go_engagement)
        domain.change_status(go_engagement, by=supporter, status="closed")
        go_engagement.refresh_from_db()
        assert not permissions.can_decide(go_engagement)

    def test_the_decision_page_says_whether_a_decision_may_be_recorded(
        self, login, supporter, go_engagement, company
    ):
        from django.urls import reverse

        url = reverse(
            "engagements:suitability",
            kwargs={"org": "minato", "company_pk": company.pk, "engagement_pk": go_engagement.pk},
        )
        assert login(supporter).get(url).context["can_decide"] is True
        domain.advance_step(go_engagement, by=supporter, reason="開始します。")
        assert login(supporter).get(url).context["can_decide"] is False


class TestLoaders:
    def test_engagement_loader_404_for_other_company_or_org_and_403_for_read_only(
        self, supporter, viewer, outsider, engagement, other_company
    ):
        assert queries.engagement_or_404(_membership(supporter), engagement.pk) == engagement
        with pytest.raises(Http404):
            queries.engagement_or_404(_membership(supporter), engagement.pk, company=other_company)
        with pytest.raises(Http404):
            queries.engagement_or_404(_membership(outsider), engagement.pk)
        with pytest.raises(PermissionDenied):
            queries.engagement_or_404(_membership(viewer), engagement.pk, change=True)

    def test_record_loader_refuses_a_record_of_another_engagement(self, supporter, company, engagement):
        other = domain.start_engagement(company, by=supporter, started_on=START)
        dialogue = DialogueFactory(engagement=other)
        assert queries.record_or_404(Dialogue, _membership(supporter), other, pk=dialogue.pk) == dialogue
        with pytest.raises(Http404):
            queries.record_or_404(Dialogue, _membership(supporter), engagement, pk=dialogue.pk)

    def test_the_api_list_of_engagements_is_empty_for_company_side_users(self, supporter, owner, company):
        started = domain.start_engagement(company, by=supporter, started_on=START)
        assert list(queries.visible_engagements_of(_membership(supporter), company)) == [started]
        assert list(queries.visible_engagements_of(_membership(owner), company)) == []


class TestActionPlanAndFollowUps:
    def test_counts_per_status_overdue_days_and_filter(self, active_engagement):
        owner = StakeholderFactory(engagement=active_engagement, role="field_leader")
        today = START + dt.timedelta(days=40)
        late = ActionFactory(engagement=active_engagement, owner=owner, due_on=START + dt.timedelta(days=30))
        ActionFactory(
            engagement=active_engagement, owner=owner, due_on=START + dt.timedelta(days=10), status="done"
        )
        ActionFactory(
            engagement=active_engagement,
            owner=owner,
            due_on=START + dt.timedelta(days=60),
            status="in_progress",
        )
        plan = queries.action_plan(active_engagement, today)
        assert plan.total == 3
        assert {k: v for k, v in plan.counts.items() if v} == {
            "not_started": 1,
            "done": 1,
            "in_progress": 1,
            "overdue": 1,
        }
        assert [(a.pk, a.overdue, a.overdue_days) for a in plan.filtered(["overdue"])] == [
            (late.pk, True, 10)
        ]
        assert [a.status for a in plan.filtered(["done", "in_progress"])] == ["done", "in_progress"]
        assert len(plan.filtered([])) == 3

    def test_a_follow_up_is_late_only_when_not_done_and_past_its_day(self, active_engagement):
        past = FollowUpFactory(engagement=active_engagement, scheduled_on=START + dt.timedelta(days=100))
        FollowUpFactory(engagement=active_engagement, scheduled_on=START + dt.timedelta(days=300))
        rows = queries.follow_ups_of(active_engagement, START + dt.timedelta(days=200))
        assert [(f.pk == past.pk, f.late) for f in rows] == [(True, True), (False, False)]
