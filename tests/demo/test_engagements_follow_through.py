"""The demo's follow-through builder: believable actions, reviews, referrals, baseline and follow-ups
for engagements opened through the domain; idempotent; nothing dated in the future."""

import datetime as dt

import pytest
from django.utils import timezone

from banso.demo.engagements.follow_through import SHOP_ACTIONS, build
from banso.engagements import domain
from banso.engagements.models import Action, ActionReview, FollowUp, OutcomeBaseline, Referral, SupportBody
from tests.engagements.conftest import rate_all_points

pytestmark = pytest.mark.django_db


def _open(company, user, started_on, step):
    engagement = domain.start_engagement(company, by=user, started_on=started_on)
    domain.advance_step(engagement, by=user, reason="把握しました。", decided_on=started_on)
    rate_all_points(engagement, user)
    domain.decide_suitability(engagement, by=user, decision="go", reason="十分です。", decided_on=started_on)
    day = started_on + dt.timedelta(days=30)
    for to in range(3, step + 1):
        engagement.refresh_from_db()
        domain.advance_step(engagement, by=user, reason="次へ進みます。", to_step=to, decided_on=day)
        day += dt.timedelta(days=40)
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def demo_context(org, admin_user, supporter, company, other_company):
    other_company.supporters.add(supporter)
    at_six = _open(company, supporter, dt.date(2025, 12, 1), 6)
    at_seven = _open(other_company, supporter, dt.date(2025, 3, 3), 7)
    domain.add_issue_node(at_six, by=supporter, text="原価が見えていない", kind="root")
    return {
        "bank": org,
        "users": {"orgadmin": admin_user},
        "companies": [company, other_company],
        "engagements": [at_six, at_seven],
        "at_six": at_six,
        "at_seven": at_seven,
    }


def test_the_demo_tells_a_believable_story_and_runs_twice(demo_context):
    build(demo_context)
    counts = (
        SupportBody.objects.count(),
        Action.objects.count(),
        ActionReview.objects.count(),
        Referral.objects.count(),
        FollowUp.objects.count(),
        OutcomeBaseline.objects.count(),
    )
    build(demo_context)
    assert counts == (
        SupportBody.objects.count(),
        Action.objects.count(),
        ActionReview.objects.count(),
        Referral.objects.count(),
        FollowUp.objects.count(),
        OutcomeBaseline.objects.count(),
    )
    at_six, at_seven = demo_context["at_six"], demo_context["at_seven"]
    assert {"静岡県よろず支援拠点", "静岡県事業承継・引継ぎ支援センター", "税理士法人みなと会計"} <= set(
        SupportBody.objects.values_list("name", flat=True)
    )
    today = timezone.localdate()
    six = list(at_six.actions.all())
    assert len(six) >= 4
    assert any(a.is_overdue(today) for a in six), "some actions are overdue"
    assert ActionReview.objects.filter(action__engagement=at_six, small_success=True).exists()
    assert all(a.root_issue and a.root_issue.text == "原価が見えていない" for a in six)
    assert max(ActionReview.objects.values_list("reviewed_on", flat=True)) <= today
    reviewed_months = {r.reviewed_on.month for r in ActionReview.objects.filter(action__engagement=at_six)}
    assert len(reviewed_months) >= 3, "reviews over several months"
    assert Referral.objects.filter(engagement=at_six, status="completed").exclude(outcome="").exists()
    assert not at_six.follow_ups.exists() and OutcomeBaseline.objects.filter(engagement=at_six).exists()
    done = at_seven.follow_ups.filter(done_on__isnull=False)
    assert done.exists() and all(f.net_sales and f.runs_own_pdca for f in done)
    assert at_seven.follow_ups.filter(done_on__isnull=True, scheduled_on__gt=today).exists()
    # At step ⑦ the plan was checked at the end of support: all done but the newest action, still open.
    statuses = {a.what: a.status for a in at_seven.actions.all()}
    assert statuses.pop(SHOP_ACTIONS[-1].what) == "not_started"
    assert set(statuses.values()) == {"done"}


def test_without_engagements_in_the_context_it_finds_the_companies_ones(demo_context):
    demo_context.pop("engagements")
    build(demo_context)
    assert demo_context["at_six"].actions.exists()


def test_seed_demo_still_runs_with_the_follow_through_builder(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    assert SupportBody.objects.filter(organization__slug="minato-bank", name="静岡県よろず支援拠点").exists()
