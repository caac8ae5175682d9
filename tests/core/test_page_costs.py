"""What every page pays (issue 10): the user's memberships are read once per page, and the
organization-scoped URLs of the templates are reversed once per process."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banso.core.templatetags import org_urls

pytestmark = pytest.mark.django_db


def test_a_page_reads_the_users_memberships_once(login, supporter, company):
    client = login(supporter)
    url = reverse("companies:detail", kwargs={"org": "minato", "pk": company.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    membership_reads = [q["sql"] for q in queries if 'FROM "orgs_membership"' in q["sql"]]
    assert len(membership_reads) == 1
    body = response.content.decode()
    assert "org-switcher" in body and company.name in body  # the header's switcher still shows


def test_a_member_of_two_organizations_sees_both_in_the_switcher_and_only_their_own_pages(
    login, supporter, company, foreign_org, foreign_company
):
    from banso.core.roles import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=supporter, organization=foreign_org, role=Role.VIEWER)
    client = login(supporter)
    body = client.get(reverse("companies:list", kwargs={"org": "minato"})).content.decode()
    assert foreign_org.name in body  # the switcher lists the other organization
    assert client.get(reverse("companies:list", kwargs={"org": foreign_org.slug})).status_code == 200
    assert client.get(reverse("companies:list", kwargs={"org": "no-such-org"})).status_code == 404


def test_ourl_reverses_once_and_follows_the_script_prefix(monkeypatch):
    from django.urls import set_script_prefix

    org_urls._reverse.cache_clear()
    calls = []
    real = org_urls.reverse
    monkeypatch.setattr(org_urls, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    first = org_urls.org_reverse_cached("companies:detail", "minato", pk=7)
    again = org_urls.org_reverse_cached("companies:detail", "minato", pk=7)
    assert first == again == "/o/minato/companies/7/"
    assert len(calls) == 1
    assert org_urls.org_reverse_cached("companies:detail", "other", pk=7) == "/o/other/companies/7/"
    try:
        set_script_prefix("/banso/")
        assert (
            org_urls.org_reverse_cached("companies:detail", "minato", pk=7) == "/banso/o/minato/companies/7/"
        )
    finally:
        set_script_prefix("/")
    # Arguments that are not plain numbers or text are never cached.
    org_urls.org_reverse_cached("companies:detail", "minato", pk=Decimal(7))
    assert len(calls) == 4
