"""seed_scale: one bank built by bulk inserts, with history rows, and refused twice for one slug."""

import io

import pytest
from django.core.management import CommandError, call_command

from banso.companies.models import Company
from banso.core.models import ActivityLog
from banso.demo.scale import build_bank
from banso.engagements.models import ActionReview, Dialogue, Engagement, IssueNode
from banso.monitoring.models import MonthlyActual
from banso.orgs.models import Branch, Membership

pytestmark = pytest.mark.django_db


def test_builds_one_bank_of_the_asked_size_with_history(settings):
    counts = build_bank(companies=50, seed=3, slug="tiny", log=lambda _line: None)
    companies = Company.objects.filter(organization__slug="tiny")
    assert companies.count() == 50
    assert Branch.objects.filter(organization__slug="tiny").count() == 100
    assert Membership.objects.filter(organization__slug="tiny", role="supporter").count() == 2
    engagements = Engagement.objects.filter(company__organization__slug="tiny")
    assert engagements.count() == 10
    # The first engagement is the long one of the report benchmarks; the others have 30 dialogues.
    first, *rest = engagements.order_by("pk")
    assert Dialogue.objects.filter(engagement=first).count() == 120
    assert {Dialogue.objects.filter(engagement=e).count() for e in rest} == {30}
    assert IssueNode.objects.filter(engagement=rest[0]).count() == 10
    assert ActionReview.objects.filter(action__engagement=rest[0]).count() == 20
    assert MonthlyActual.objects.filter(company__organization__slug="tiny").count() == 5 * 120 * 10
    assert ActivityLog.objects.filter(company_id__in=companies.values("pk")).count() == 50 * 20
    # Every client record has its '+' history row, stamped with the organization.
    org_id = first.company.organization_id
    assert Company.history.filter(history_organization_id=org_id, history_type="+").count() == 50
    assert Dialogue.history.filter(history_organization_id=org_id).count() == counts["engagements.Dialogue"]
    # Every company has a supporter; the owner login belongs to the first company.
    assert not companies.filter(supporters=None).exists()
    owner = Membership.objects.get(user__username="tiny-owner")
    assert owner.company == companies.order_by("pk").first()


def test_refuses_an_existing_slug_and_production_settings(settings):
    settings.DEBUG = True
    call_command("seed_scale", "--companies", "5", "--slug", "twice", stdout=io.StringIO())
    with pytest.raises(CommandError, match="すでにあります"):
        call_command("seed_scale", "--companies", "5", "--slug", "twice", stdout=io.StringIO())
    assert Company.objects.filter(organization__slug="twice").count() == 5
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_scale", "--companies", "5", "--slug", "other")
    with pytest.raises(CommandError, match="1〜"):
        call_command("seed_scale", "--companies", "0", "--slug", "other", "--force")
