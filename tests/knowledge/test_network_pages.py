"""Networks: the operator's pages (404 for everyone else) and the 管理者's publishing switch."""

import pytest
from django.urls import reverse

from banso.core.models import ActivityLog
from banso.knowledge.models import CaseReviewer, Network, NetworkMembership, PublishedCase
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return UserFactory(username="operator", is_superuser=True, is_staff=True)


def test_the_operator_creates_a_network_and_adds_and_removes_organizations(login, operator, org, foreign_org):
    client = login(operator)
    response = client.post(reverse("operator:networks"), {"name": "みなと地域 伴走支援推進協議会"})
    network = Network.objects.get()
    assert response.status_code == 302 and network.created_by == operator
    url = reverse("operator:network", kwargs={"pk": network.pk})
    client.post(url, {"action": "add", "organization": org.pk})
    client.post(url, {"action": "add", "organization": foreign_org.pk})
    assert set(network.memberships.values_list("organization__slug", flat=True)) == {"minato", "sakura"}
    again = client.post(url, {"action": "add", "organization": org.pk})
    assert again.status_code == 400
    assert "すでにネットワークに参加" in again.content.decode()
    assert ActivityLog.objects.filter(code="knowledge.network.joined").count() == 2
    # Leaving: the organization's network cases fall back to its own members.
    from django.utils import timezone

    case = PublishedCase.objects.create(
        organization=org, scope="network", network=network, published_at=timezone.now(), title="事例"
    )
    row = network.memberships.get(organization=org)
    client.post(url, {"action": "remove", "network_membership": row.pk})
    case.refresh_from_db()
    assert (case.scope, case.network) == ("organization", None)
    assert client.post(reverse("operator:networks"), {"name": ""}).status_code == 400


def test_nobody_else_reaches_the_operator_pages(login, admin_user, outsider):
    network = Network.objects.create(name="協議会")
    for user in (admin_user, outsider):
        client = login(user)
        assert client.get(reverse("operator:networks")).status_code == 404
        assert client.post(reverse("operator:networks"), {"name": "x"}).status_code == 404
        assert client.get(reverse("operator:network", kwargs={"pk": network.pk})).status_code == 404
    assert Network.objects.count() == 1


def test_the_admin_allows_publishing_with_the_version_and_designates_reviewers(
    login, admin_user, supporter, viewer, org, network
):
    row = NetworkMembership.objects.get(network=network, organization=org)
    row.members_may_publish = False
    row.save()
    url = reverse("knowledge:settings", kwargs={"org": "minato"})
    client = login(admin_user)
    page = client.get(url).content.decode()
    assert network.name in page and "ネットワークへの公開を許可" in page
    client.post(
        url, {"action": "publishing", "network_membership": row.pk, "version": row.version, "allowed": "1"}
    )
    row.refresh_from_db()
    assert row.members_may_publish and row.version == 2
    stale = client.post(
        url, {"action": "publishing", "network_membership": row.pk, "version": 1, "allowed": "0"}
    )
    assert stale.status_code == 400
    row.refresh_from_db()
    assert row.members_may_publish
    assert ActivityLog.objects.filter(code="knowledge.network.publishing_changed").count() == 1

    client.post(url, {"action": "reviewer", "user": supporter.pk, "reviewer": "1"})
    assert CaseReviewer.objects.filter(organization=org, user=supporter).exists()
    refused = client.post(url, {"action": "reviewer", "user": viewer.pk, "reviewer": "1"})
    assert refused.status_code == 400
    assert login(supporter).post(url, {"action": "reviewer", "user": supporter.pk}).status_code == 403
