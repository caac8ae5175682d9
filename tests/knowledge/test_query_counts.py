"""The knowledge lists (pages and API) do the same number of queries at two sizes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.knowledge.models import CaseDraft, PublishedCase
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _grow_cases(org, network, n):
    for i in range(n):
        PublishedCase.objects.create(
            organization=org,
            scope="network",
            network=network,
            published_at=timezone.now(),
            title=f"事例{i}",
            industry_code="0304",
            walls=[{"key": "unfaced", "label": "向き合えない壁", "start": 3, "now": 1}],
        )


@pytest.mark.parametrize("query", ["", "?wall=unfaced&industry=03&scope=network"])
def test_case_list(login, outsider, org, network, query):
    client = login(outsider)
    url = reverse("knowledge:cases", kwargs={"org": "sakura"}) + query
    counts = []
    for size in (2, 8):
        _grow_cases(org, network, size)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]


def test_draft_list(login, admin_user, supporter, org, engagement):
    client = login(admin_user)
    url = reverse("knowledge:drafts", kwargs={"org": "minato"})
    counts = []
    for size in (2, 8):
        for i in range(size):
            CaseDraft.objects.create(
                organization=org,
                source_engagement_id=engagement.pk,
                source_company_id=engagement.company_id,
                author=supporter,
                title=f"下書き{i}",
            )
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]
