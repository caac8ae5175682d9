"""A surface issue written in the 4つの視点 sheet's 課題 can be sent to an engagement's issue tree."""

import datetime as dt

import pytest
from django.urls import reverse

from banso.engagements.models import IssueNode
from tests.diagnosis.factories import make_non_financial_sheet
from tests.engagements.factories import EngagementFactory


def sheet_url(company, sheet):
    return reverse(
        "diagnosis:sheet_detail", kwargs={"org": "minato", "company_pk": company.pk, "pk": sheet.pk}
    )


@pytest.fixture
def sheet(company, supporter):
    return make_non_financial_sheet(
        company,
        by=supporter,
        answers={"issues": {"text": "・価格転嫁ができていない\n若手が定着しない。\n", "source": ""}},
    )


@pytest.mark.django_db
def test_each_line_of_the_issues_can_be_sent_to_the_open_engagement(login, supporter, company, sheet):
    engagement = EngagementFactory(company=company, lead_supporter=supporter, status="active", step=4)
    client = login(supporter)
    page = client.get(sheet_url(company, sheet))
    assert page.context["surface_issues"] == ["価格転嫁ができていない", "若手が定着しない"]
    (target,) = page.context["issue_targets"]
    response = client.post(target.url, {"text": "価格転嫁ができていない"})
    assert response.status_code == 302
    node = IssueNode.objects.get(engagement=engagement)
    assert (node.kind, node.text, node.parent) == ("surface", "価格転嫁ができていない", None)
    assert node.history.first().history_user == supporter


@pytest.mark.django_db
def test_no_targets_without_an_open_engagement_or_for_read_only_users(
    login, supporter, viewer, company, sheet
):
    EngagementFactory(
        company=company, lead_supporter=supporter, status="closed", step=7, ended_on=dt.date(2026, 10, 1)
    )
    assert login(supporter).get(sheet_url(company, sheet)).context["issue_targets"] == []
    EngagementFactory(company=company, lead_supporter=supporter, status="active", step=4)
    assert login(viewer).get(sheet_url(company, sheet)).context["issue_targets"] == []
    assert "表課題として送る" not in login(viewer).get(sheet_url(company, sheet)).content.decode()
