"""ナレッジ検索 page, the synonym page and GET /api/v1/knowledge/search."""

import pytest

from banso.core.models import ActivityLog
from banso.knowledge.models import SearchSynonym
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.engagements.factories import DialogueFactory, EngagementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue(company):
    return DialogueFactory(
        engagement=EngagementFactory(company=company),
        listening_notes="<b>倉庫</b>に材料の在庫があふれている。",
    )


def test_page_shows_highlighted_escaped_results(login, supporter, dialogue):
    response = login(supporter).get("/o/minato/knowledge/search/", {"q": "在庫"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="search-hit"' in html
    assert "<mark>在庫</mark>" in html
    assert "&lt;b&gt;倉庫&lt;/b&gt;" in html and "<b>倉庫</b>" not in html
    assert f"/dialogues/{dialogue.pk}/" in html


@pytest.mark.parametrize("text", ["！！！", "在" * 1000])
def test_page_explains_an_unsearchable_query(login, supporter, dialogue, text):
    response = login(supporter).get("/o/minato/knowledge/search/", {"q": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="search-error"' in html
    assert "記号だけでは検索できません" in html or "200文字以内" in html


def test_colleague_and_outsider_find_nothing_of_the_company(login, colleague, outsider, dialogue):
    html = login(colleague).get("/o/minato/knowledge/search/", {"q": "在庫"}).content.decode()
    assert "0件" in html and 'data-testid="search-hit"' not in html
    html = login(outsider).get("/o/sakura/knowledge/search/", {"q": "在庫"}).content.decode()
    assert 'data-testid="search-hit"' not in html


def test_company_side_gets_404(login, owner, dialogue):
    assert login(owner).get("/o/minato/knowledge/search/", {"q": "在庫"}).status_code == 404


def test_admin_adds_and_deletes_a_synonym_group(login, admin_user, supporter, org, dialogue):
    client = login(admin_user)
    response = client.post("/o/minato/knowledge/synonyms/", {"words": "倉庫、ストレージ"})
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get(organization=org)
    assert ActivityLog.objects.filter(code="knowledge.synonym.added").count() == 1
    html = login(supporter).get("/o/minato/knowledge/search/", {"q": "ストレージ"}).content.decode()
    assert 'data-testid="search-hit"' in html
    client.post(f"/o/minato/knowledge/synonyms/{synonym.pk}/delete/")
    assert not SearchSynonym.objects.exists()
    assert ActivityLog.objects.filter(code="knowledge.synonym.deleted").count() == 1


@pytest.mark.parametrize(
    ("words", "message"),
    [("在庫", "2語以上"), ("在庫、！！", "記号だけ"), ("あ" * 31 + "、い", "30文字以内")],
)
def test_bad_synonym_groups_are_refused(login, admin_user, words, message):
    response = login(admin_user).post("/o/minato/knowledge/synonyms/", {"words": words})
    assert message in response.content.decode()
    assert not SearchSynonym.objects.exists()


def test_supporter_may_not_add_synonyms(login, supporter):
    assert login(supporter).post("/o/minato/knowledge/synonyms/", {"words": "a、b"}).status_code == 403
    assert not SearchSynonym.objects.exists()


def _api(user, **params):
    from django.test import Client

    _, raw = create_api_token(Membership.objects.get(user=user), name="t")
    return Client().get("/api/v1/knowledge/search", params, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_api_search(supporter, colleague, owner, dialogue):
    body = _api(supporter, q="在庫").json()
    assert body["count"] == 1
    (hit,) = body["results"]
    assert hit["kind"] == "dialogue" and hit["id"] == dialogue.pk
    assert "<mark>在庫</mark>" in hit["snippet_html"] and "<b>" not in hit["snippet_html"]
    assert _api(colleague, q="在庫").json()["count"] == 0
    assert _api(owner, q="在庫").status_code == 404


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"q": "。、！"}, "記号だけ"),
        ({"q": "x" * 999}, "200文字以内"),
        ({"q": "在庫", "scope": "world"}, "検索範囲"),
    ],
)
def test_api_refuses_unsearchable_queries_with_422(supporter, dialogue, params, fragment):
    response = _api(supporter, **params)
    assert response.status_code == 422
    assert fragment in response.json()["detail"]


def test_search_page_queries_do_not_grow_with_the_hits(login, supporter, company, org):
    from tests.helpers import count_queries
    from tests.knowledge.search_factories import PublishedCaseFactory

    client = login(supporter)
    engagement = EngagementFactory(company=company)
    counts = []
    for size in (2, 8):
        for _ in range(size):
            DialogueFactory(engagement=engagement, listening_notes="在庫が多い")
            PublishedCaseFactory(organization=org)
        counts.append(count_queries(client, "/o/minato/knowledge/search/?q=%E5%9C%A8%E5%BA%AB"))
    assert counts[0] == counts[1]
