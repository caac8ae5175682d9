"""Fixtures for the engagement tests, on top of tests/conftest.py's organizations and actors: engagements
at the main stages (候補 at ①, go at ②, 進行中 at ④ and ⑥), company-side people, and URL helpers."""

import pytest
from django.urls import reverse

from banso.engagements import domain
from banso.engagements.engines import guideline as g
from tests.engagements.factories import START, StakeholderFactory


@pytest.fixture
def engagement(company, supporter):
    """An engagement opened through the domain by the assigned supporter: 候補, step ①, from START."""
    return domain.start_engagement(company, by=supporter, started_on=START)


def rate_all_points(engagement, by, rating=3):
    for point in g.SUITABILITY_POINTS:
        domain.rate_suitability(
            engagement, by=by, point=point.key, rating=rating, evidence=f"{point.label}の根拠", rated_on=START
        )


@pytest.fixture
def go_engagement(engagement, supporter):
    """An engagement at step ② whose suitability is fully rated and decided 'go'."""
    domain.advance_step(engagement, by=supporter, reason="事前の情報を把握しました。", decided_on=START)
    rate_all_points(engagement, supporter)
    domain.decide_suitability(engagement, by=supporter, decision="go", reason="意欲・姿勢とも十分です。")
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def active_engagement(go_engagement, supporter):
    """An engagement in progress at step ④ (気づき・腹落ちの促進)."""
    domain.advance_step(go_engagement, by=supporter, reason="Go と判断しました。", to_step=4)
    go_engagement.refresh_from_db()
    return go_engagement


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
