"""A consultation's background drafted from an engagement: anonymised by the case engine with the
engagement's known terms, a 404 for an engagement the supporter may not see, and a posted background
still naming a stakeholder of the engagement refused."""

import pytest
from django.urls import reverse

from banso.knowledge.models import Consultation
from tests.conftest import client_for
from tests.engagements.factories import EngagementFactory, IssueNodeFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(company, supporter):
    company.representative = "丸山 太郎"
    company.save()
    engagement = EngagementFactory(company=company, step=4, status="active")
    IssueNodeFactory(
        engagement=engagement, kind="surface", text="丸山社長が在庫を数えていない", created_by=supporter
    )
    StakeholderFactory(engagement=engagement, name="佐藤 健", role="field_leader")
    return engagement


def _create_url(org, engagement_id):
    return reverse("knowledge:consultation_create", kwargs={"org": org.slug}) + f"?engagement={engagement_id}"


def test_the_background_is_drafted_without_the_clients_names(org, supporter, engagement):
    page = client_for(supporter).get(_create_url(org, engagement.pk)).content.decode()
    assert "表課題:" in page and "在庫を数えていない" in page
    assert "丸山" not in page.split('name="context"')[1].split("</textarea>")[0]


def test_an_engagement_the_supporter_may_not_see_is_a_404(org, colleague, outsider, foreign_org, engagement):
    assert client_for(colleague).get(_create_url(org, engagement.pk)).status_code == 404
    assert client_for(outsider).get(_create_url(foreign_org, engagement.pk)).status_code == 404


def test_a_background_naming_the_engagements_stakeholder_is_refused(org, supporter, engagement):
    response = client_for(supporter).post(
        _create_url(org, engagement.pk),
        {
            "title": "現場リーダーの巻き込み方",
            "body": "工場長が改善に乗り気ではありません。",
            "audience": "organization",
            "context": "佐藤健さんは勤続30年です。",
            "engagement": engagement.pk,
        },
    )
    assert response.status_code == 200
    assert "事業者を特定できる名前（佐藤 健）が残っています" in response.content.decode()
    assert Consultation.objects.count() == 0
