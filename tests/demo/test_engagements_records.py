"""seed_demo's engagements: every step ①–⑦ across both organizations, a rich one for 丸山精工 (the
demo owner's company), believable records built through the domain, and idempotent."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from banso.demo.engagements import records
from banso.demo.management.commands.seed_demo import BUILDERS
from banso.demo.people import DEMO_PASSWORD
from banso.engagements.models import Dialogue, Engagement, GoNoGoDecision, IssueNode, Reflection, Stakeholder


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_engagements_at_every_step_in_both_organizations(seeded):
    open_steps = set(Engagement.objects.open().values_list("step", flat=True))
    assert open_steps == {1, 2, 3, 4, 5, 6, 7}
    slugs = set(Engagement.objects.values_list("company__organization__slug", flat=True))
    assert slugs == {"minato-bank", "sakura-office"}
    assert set(Engagement.objects.values_list("status", flat=True)) == {
        "candidate",
        "active",
        "follow_up",
        "closed",
        "cancelled",
    }


def test_maruyama_has_a_rich_engagement_at_step_6_for_the_advisor_not_the_owner(seeded):
    engagement = Engagement.objects.get(company__name="有限会社丸山精工", status="active")
    assert engagement.step == 6
    assert engagement.dialogues.count() >= 8
    assert all(d.owner_quotes and d.listening_notes for d in engagement.dialogues.all())
    roots = IssueNode.objects.filter(engagement=engagement, kind="root")
    assert roots.filter(agreed_on__isnull=False).count() >= 2
    assert IssueNode.objects.filter(engagement=engagement, kind="why", parent__kind="why").exists()
    walls = list(engagement.wall_assessments.order_by("assessed_on"))
    assert len(walls) >= 3
    assert sum(walls[-1].ratings.values()) < sum(walls[0].ratings.values())
    assert set(Stakeholder.objects.filter(engagement=engagement).values_list("stance", flat=True)) >= {
        "promoting",
        "neutral",
        "cautious",
    }
    assert GoNoGoDecision.objects.get(engagement=engagement).decision == "go"
    assert Reflection.objects.filter(dialogue__engagement=engagement).count() >= 4
    assert Engagement.objects.filter(company=engagement.company, status="closed").exists()
    url = reverse(
        "engagements:detail",
        kwargs={"org": "minato-bank", "company_pk": engagement.company_id, "engagement_pk": engagement.pk},
    )
    advisor, owner = Client(), Client()
    advisor.post("/accounts/login/", {"username": "advisor", "password": DEMO_PASSWORD})
    owner.post("/accounts/login/", {"username": "owner", "password": DEMO_PASSWORD})
    body = advisor.get(url).content.decode()
    assert "⑥ 課題解決（進行中）" in body
    assert "経営が数字で見える化されていない" in body
    assert owner.get(url).status_code == 404  # the advisor's working record, not the owner's


def test_demo_engagements_are_idempotent_and_handed_to_the_next_builder(seeded):
    counts = (Engagement.objects.count(), Dialogue.objects.count(), IssueNode.objects.count())
    context: dict = {}
    for path in BUILDERS[: BUILDERS.index("banso.demo.engagements.build")]:
        __import__(path.rsplit(".", 1)[0], fromlist=["build"]).build(context)
    records.build(context)
    assert (Engagement.objects.count(), Dialogue.objects.count(), IssueNode.objects.count()) == counts
    assert {e.pk for e in context["engagements"]} == set(Engagement.objects.values_list("pk", flat=True))
