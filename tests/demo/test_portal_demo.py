"""The owner portal's demo: `owner` lands on the portal, has actions to update, a next meeting and one
entry of their own that `advisor` sees in the action's PDCA history; seeding twice adds nothing."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banso.demo.people import DEMO_PASSWORD
from banso.demo.portal import NEXT_MEETING_TITLE
from banso.engagements.models import ActionReview, Dialogue


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    return settings


def signed_in(username):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def test_owner_has_a_portal_with_actions_a_meeting_and_an_entry(seeded):
    client = signed_in("owner")
    response = client.get(reverse("orgs:home", kwargs={"org": "minato-bank"}))
    assert response["Location"] == reverse("portal:home", kwargs={"org": "minato-bank"})
    home = client.get(response["Location"]).content.decode()
    assert NEXT_MEETING_TITLE in home
    actions = client.get(reverse("portal:actions", kwargs={"org": "minato-bank"})).content.decode()
    assert "主要10品目の原価を計算し" in actions
    review = ActionReview.objects.get(by_company=True)
    assert review.reviewed_by.username == "owner"
    action = review.action
    url = reverse(
        "engagements:action_detail",
        kwargs={
            "org": "minato-bank",
            "company_pk": action.engagement.company_id,
            "engagement_pk": action.engagement_id,
            "pk": action.pk,
        },
    )
    assert "事業者の記入" in signed_in("advisor").get(url).content.decode()
    # The owner and the advisor have a message thread on that action; the advisor's bell shows it unread.
    from banso.comments.models import Comment
    from banso.core.models import Notification

    thread = Comment.objects.filter(kind="action", object_id=action.pk).order_by("created_at")
    assert [c.author.username for c in thread] == ["owner", "advisor", "owner"]
    assert all(c.created_at.date() < timezone.localdate() for c in thread)
    unread = Notification.objects.filter(recipient__username="advisor", read_at__isnull=True)
    # the owner's entry and two comments (the rest are answers to the advisor's demo consultations)
    assert unread.exclude(kind__startswith="knowledge.").count() == 3
    advisor_home = signed_in("advisor").get(reverse("home:today", kwargs={"org": "minato-bank"}))
    assert f'data-testid="bell-count">{unread.count()}<' in advisor_home.content.decode()
    portal_action = client.get(reverse("portal:action", kwargs={"org": "minato-bank", "pk": action.pk}))
    assert reverse(
        "comments:thread", kwargs={"org": "minato-bank", "kind": "action", "object_id": action.pk}
    ) in (portal_action.content.decode())
    call_command("seed_demo")
    assert ActionReview.objects.filter(by_company=True).count() == 1
    assert Dialogue.objects.filter(title=NEXT_MEETING_TITLE).count() == 1
    assert (
        Comment.objects.count() == 3
        and Notification.objects.filter(recipient__username="advisor").count() == unread.count()
    )
