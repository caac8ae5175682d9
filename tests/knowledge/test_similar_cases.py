"""Published cases in the search (organization and network scopes) and the similar cases of an
engagement: the panel on the engagement page and GET /api/v1/engagements/{id}/similar-cases."""

import pytest
from django.test import Client

from banso.knowledge import search_index
from banso.knowledge.models import SearchDocument
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.engagements.factories import EngagementFactory, IssueNodeFactory, WallAssessmentFactory
from tests.knowledge.factories import NetworkFactory, NetworkMembershipFactory
from tests.knowledge.search_factories import PublishedCaseFactory, walls

pytestmark = pytest.mark.django_db


def membership(user):
    return Membership.objects.select_related("organization").get(user=user)


def found(user, text, **filters):
    page = search_index.search(membership(user), text, filters=search_index.SearchFilters(**filters))
    return {(hit.kind, hit.object_id) for hit in page.object_list}


@pytest.fixture
def network(org, foreign_org):
    network = NetworkFactory()
    NetworkMembershipFactory(network=network, organization=org, members_may_publish=True)
    NetworkMembershipFactory(network=network, organization=foreign_org, members_may_publish=True)
    return network


@pytest.fixture
def cases(org, foreign_org, network):
    return {
        "own": PublishedCaseFactory(organization=org, title="自機関の事例: 原価の見える化"),
        "shared": PublishedCaseFactory(
            organization=foreign_org, scope="network", network=network, title="他機関の事例: 在庫過剰"
        ),
        "private": PublishedCaseFactory(organization=foreign_org, title="他機関の内部事例: 在庫"),
    }


def test_published_cases_are_found_across_the_network_only_when_shared(cases, supporter, outsider, owner):
    own, shared, private = (("case", cases[k].pk) for k in ("own", "shared", "private"))
    assert found(supporter, "在庫") == {own, shared}
    assert found(supporter, "在庫", scope="network") == {shared}
    assert found(supporter, "在庫", scope="organization") == {own}
    assert found(outsider, "在庫") == {shared, private}
    assert found(owner, "在庫") == set()
    # Facets of a case: the walls high at the start, the industry group.
    assert found(supporter, "在庫", wall="unseen") == {own, shared}
    assert found(supporter, "在庫", wall="unexecuted") == set()
    assert found(supporter, "在庫", industry="05") == set()


def test_leaving_the_network_or_unpublishing_hides_a_case(cases, supporter, network, org):
    network.memberships.filter(organization=org).delete()
    assert ("case", cases["shared"].pk) not in found(supporter, "在庫")
    cases["own"].delete()
    assert not SearchDocument.objects.filter(kind="case", object_id=cases["own"].pk).exists()


@pytest.fixture
def engagement(company, supporter):
    engagement = EngagementFactory(company=company, step=3)
    WallAssessmentFactory(engagement=engagement, unseen=3, unfaced=3, unexecuted=1)
    IssueNodeFactory(engagement=engagement, kind="surface", text="倉庫に在庫があふれている")
    IssueNodeFactory(engagement=engagement, kind="root", text="経営の可視化ができていない")
    return engagement


def test_similar_cases_ranked_with_reasons(org, foreign_org, network, engagement, supporter):
    from banso.knowledge.similar import similar_cases

    best = PublishedCaseFactory(organization=foreign_org, scope="network", network=network, title="近い")
    group = PublishedCaseFactory(
        organization=org, industry_code="0305", root_issues="後継者が決まらない", title="業種グループだけ"
    )
    far = PublishedCaseFactory(
        organization=org,
        industry_code="0601",
        size="medium",
        walls=walls(unseen=0, unfaced=0),
        surface_issues="客数が減った",
        root_issues="立地が悪い",
        title="遠い",
    )
    PublishedCaseFactory(organization=foreign_org, title="読めない他機関の事例")
    result = similar_cases(membership(supporter), engagement.pk)
    assert [item.case.pk for item in result] == [best.pk, group.pk]
    assert far.pk not in [item.case.pk for item in result]
    reasons = result[0].reasons
    assert "同じ業種" in reasons
    assert "同じ規模（小規模事業者）" in reasons
    assert "見えない壁・向き合えない壁が高い" in reasons
    assert any(r.startswith("裏課題が近い: 社長が数字を見ておらず、経営の見える化") for r in reasons)
    assert "同じ業種グループ（製造業）" in result[1].reasons


def test_similar_cases_panel_and_api(login, supporter, colleague, outsider, owner, engagement, org):
    case = PublishedCaseFactory(organization=org, title="丸ごと近い事例")
    url = f"/o/minato/companies/{engagement.company_id}/engagements/{engagement.pk}/"
    html = login(supporter).get(url).content.decode()
    assert 'data-testid="engagement-panel-similar-cases"' in html
    assert "丸ごと近い事例" in html and "同じ業種" in html

    def api(user):
        _, raw = create_api_token(Membership.objects.get(user=user), name="t")
        return Client().get(
            f"/api/v1/engagements/{engagement.pk}/similar-cases", HTTP_AUTHORIZATION=f"Bearer {raw}"
        )

    body = api(supporter).json()
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 3)
    assert body["results"][0]["id"] == case.pk and "同じ業種" in body["results"][0]["reasons"]
    assert api(colleague).status_code == 404
    assert api(outsider).status_code == 404
    assert api(owner).status_code == 404


def test_panel_says_when_nothing_is_similar(login, supporter, engagement):
    url = f"/o/minato/companies/{engagement.company_id}/engagements/{engagement.pk}/"
    html = login(supporter).get(url).content.decode()
    assert "まだ似ている事例はありません" in html
