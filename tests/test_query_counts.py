"""Pages that list rows do the same number of queries at two sizes (an N+1 fails here).

List pages of each area have their own tests next to them; these cover the pages that had none.
"""

import datetime as dt

import pytest
from django.urls import reverse

from banso.companies.domain import update_company
from banso.core.models import log_activity
from banso.engagements import domain
from banso.engagements.domain import actions as action_domain
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.engagements.factories import DialogueFactory, EngagementFactory, StakeholderFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _twice(client, url, grow) -> list[int]:
    counts = []
    for size in (2, 8):
        grow(size)
        counts.append(count_queries(client, url))
    return counts


def test_activity_log(login, admin_user, company):
    def grow(n):
        for i in range(n):
            log_activity(
                organization_id=company.organization_id,
                company_id=company.pk,
                code="company.supporters.changed",
                message=f"変更{i}",
                by=admin_user,
                data={"old": ["a"], "new": ["b"]},
            )

    counts = _twice(login(admin_user), reverse("orgs:activity", kwargs={"org": "minato"}), grow)
    assert counts[0] == counts[1]


def test_api_tokens(login, supporter, company):
    membership = Membership.objects.get(user=supporter)

    def grow(n):
        for i in range(n):
            create_api_token(membership, name=f"連携{i}")

    counts = _twice(login(supporter), reverse("orgs:api_tokens", kwargs={"org": "minato"}), grow)
    assert counts[0] == counts[1]


def test_company_history(login, supporter, company):
    membership = Membership.objects.get(user=supporter)

    def grow(n):
        for _ in range(n):
            company.refresh_from_db()
            update_company(company, membership=membership, by=supporter, employees=company.employees + 1)

    url = reverse("companies:history", kwargs={"org": "minato", "pk": company.pk})
    counts = _twice(login(supporter), url, grow)
    assert counts[0] == counts[1]


def _engagement_url(name, engagement, **kwargs):
    return reverse(
        f"engagements:{name}",
        kwargs={
            "org": "minato",
            "company_pk": engagement.company_id,
            "engagement_pk": engagement.pk,
            **kwargs,
        },
    )


def test_engagement_overview(login, supporter, company):
    engagement = EngagementFactory(company=company, lead_supporter=supporter, status="active", step=4)

    def grow(n):
        person = StakeholderFactory(engagement=engagement, name=f"関係者{engagement.stakeholders.count()}")
        for _ in range(n):
            DialogueFactory(engagement=engagement, participants=[person])
            number = engagement.issue_nodes.count()
            domain.add_issue_node(engagement, by=supporter, text=f"課題{number}", kind="root")

    counts = _twice(login(supporter), _engagement_url("detail", engagement), grow)
    assert counts[0] == counts[1]


def test_action_detail_with_its_reviews(login, supporter, company):
    engagement = EngagementFactory(
        company=company, lead_supporter=supporter, status="active", step=6, started_on=dt.date(2026, 1, 5)
    )
    owner = StakeholderFactory(engagement=engagement, name="佐藤 健", role="field_leader")
    action = action_domain.create_action(
        engagement, by=supporter, owner=owner, what="朝礼で前日の不良を共有する", due_on=dt.date(2026, 12, 1)
    )

    def grow(n):
        for _ in range(n):
            action_domain.review_action(action, by=supporter, status="in_progress", result="続けている")

    counts = _twice(login(supporter), _engagement_url("action_detail", engagement, pk=action.pk), grow)
    assert counts[0] == counts[1]
