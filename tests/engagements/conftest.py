"""Fixtures for the engagement tests, on top of tests/conftest.py's organizations and actors."""

import pytest

from banso.engagements import domain
from banso.engagements.engines import guideline as g
from tests.engagements.factories import START


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
