"""Fixtures of the execution side's tests: an engagement in progress at step ⑥ with company-side
people, and URL helpers for its pages."""

import pytest
from django.urls import reverse

from banso.engagements import domain
from tests.engagements.factories import StakeholderFactory


@pytest.fixture
def step6(active_engagement, supporter):
    """The engagement (進行中) moved on to step ⑥ 課題解決."""
    domain.advance_step(active_engagement, by=supporter, reason="行動に移る段階です。", to_step=6)
    active_engagement.refresh_from_db()
    return active_engagement


@pytest.fixture
def leader(step6):
    return StakeholderFactory(engagement=step6, name="佐藤 健", role="field_leader", title="製造課長")


@pytest.fixture
def lender(step6):
    return StakeholderFactory(engagement=step6, name="みなと銀行 支店長", role="lender", title="")


@pytest.fixture
def page_url():
    """URL of an engagement page: page_url("action_list", engagement, pk=...)."""

    def build(name, engagement, org="minato", **kwargs):
        return reverse(
            f"engagements:{name}",
            kwargs={
                "org": org,
                "company_pk": engagement.company_id,
                "engagement_pk": engagement.pk,
                **kwargs,
            },
        )

    return build
