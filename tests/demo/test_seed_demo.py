"""seed_demo builds the demo world once, refuses production, and the logins behave as the README says."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from banso.companies.models import Company
from banso.demo.people import DEMO_PASSWORD
from banso.orgs.models import Organization


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    return settings


def test_seed_demo_builds_three_organizations_twenty_companies_eight_industries(seeded):
    # The bank, the 診断士 office and the 信用金庫 that reads what 丸山精工 shares.
    assert set(Organization.objects.values_list("slug", flat=True)) == {
        "minato-bank",
        "sakura-office",
        "shinkin",
        "minato-cci",
    }
    assert Company.objects.count() >= 20
    assert Company.objects.values("industry_code").distinct().count() >= 8


def test_seed_demo_is_idempotent(seeded):
    counts = (Company.objects.count(), get_user_model().objects.count())
    call_command("seed_demo")
    assert (Company.objects.count(), get_user_model().objects.count()) == counts


def test_if_empty_skips_a_database_with_data(seeded, capsys):
    Company.objects.filter(name="ベーカリーこむぎ").delete()
    call_command("seed_demo", "--if-empty")
    assert "省略しました" in capsys.readouterr().out
    assert not Company.objects.filter(name="ベーカリーこむぎ").exists()


def test_refused_when_debug_is_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG が無効"):
        call_command("seed_demo")
    call_command("seed_demo", "--force")
    assert Company.objects.exists()


def _login(username):
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302
    )
    return client


def test_demo_logins_see_what_the_readme_promises(seeded):
    bank_total = Company.objects.filter(organization__slug="minato-bank").count()
    bank = reverse("companies:list", kwargs={"org": "minato-bank"})
    assert _login("orgadmin").get(bank).context["visible_total"] == bank_total
    assert _login("viewer").get(bank).context["visible_total"] == bank_total
    advisor_count = _login("advisor").get(bank).context["visible_total"]
    assert bank_total / 2 < advisor_count < bank_total
    assert _login("owner").get(bank).context["visible_total"] == 1
    advisor2 = _login("advisor2")
    assert advisor2.get(bank).status_code == 404
    maruyama = Company.objects.get(name="有限会社丸山精工")
    office_url = reverse("companies:detail", kwargs={"org": "sakura-office", "pk": maruyama.pk})
    assert advisor2.get(office_url).status_code == 404
    # The lender: 丸山精工 under 共有を受けている事業者 with three scopes; nothing else of the bank.
    lender = _login("lender")
    shared = lender.get(reverse("shared:list", kwargs={"org": "shinkin"}))
    assert [s.company.name for s in shared.context["shared"]] == ["有限会社丸山精工"]
    assert shared.context["shared"][0].scopes == ["monitoring_reports", "monitoring_table", "local_benchmark"]
    for scope, status in (("monitoring_reports", 200), ("local_benchmark", 200), ("cash_flow", 404)):
        url = reverse("shared:scope", kwargs={"org": "shinkin", "company_pk": maruyama.pk, "scope": scope})
        assert lender.get(url).status_code == status, scope
    assert lender.get(bank).status_code == 404
    expired = Company.objects.get(name="株式会社みなと水産加工")
    url = reverse("shared:company", kwargs={"org": "shinkin", "company_pk": expired.pk})
    assert expired.consent_grants.get().expires_on < maruyama.consent_grants.get().starts_on
    assert lender.get(url).status_code == 404
