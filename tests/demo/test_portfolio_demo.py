"""The portfolio's demo: the bank's two branches each with a supporter and outcomes, the demo owner's
three answered satisfaction surveys and one open in their portal; seeding twice adds nothing."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from banso.demo.people import DEMO_PASSWORD
from banso.engagements.models import SatisfactionSurvey
from banso.orgs.models import Membership


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    return settings


def signed_in(username):
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302
    )
    return client


def test_branches_outcomes_and_surveys_in_the_demo(seeded):
    branches = dict(
        Membership.objects.filter(organization__slug="minato-bank", branch__isnull=False).values_list(
            "user__username", "branch__name"
        )
    )
    assert branches == {"orgadmin": "本店営業部", "advisor": "浜松支店"}
    owner_surveys = SatisfactionSurvey.objects.filter(engagement__company__name="有限会社丸山精工")
    assert owner_surveys.filter(answered_at__isnull=False).count() == 3
    assert owner_surveys.filter(answered_at__isnull=True).count() == 1
    call_command("seed_demo")
    assert SatisfactionSurvey.objects.filter(engagement__company__name="有限会社丸山精工").count() == 4

    admin = signed_in("orgadmin")
    page = admin.get(
        reverse("home:outcomes", kwargs={"org": "minato-bank"}) + "?group=branch"
    ).content.decode()
    assert "本店営業部" in page and "浜松支店" in page
    stats = admin.get(reverse("home:statistics", kwargs={"org": "minato-bank"})).content.decode()
    assert "原価を自分たちで計算できるようになったのが一番の変化です。" in stats

    home = signed_in("owner").get(reverse("portal:home", kwargs={"org": "minato-bank"})).content.decode()
    assert "アンケートのお願い" in home
