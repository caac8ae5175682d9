"""/api/v1/consultations and /api/v1/question-bank: the same rules as the pages (audience, client
names refused, one vote per user, only the asker accepts naming the version) with Japanese errors."""

import pytest

from banso.knowledge.models import BankItem, Consultation, Vote
from banso.knowledge.shipped import sync_shipped_items
from tests.api.test_companies_api import Api, token_for
from tests.knowledge.consultation_world import network_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as():
    return lambda user: Api(token_for(user))


def test_ask_answer_vote_and_accept_across_a_network(org, foreign_org, supporter, outsider, api_as):
    network = network_of(org, foreign_org)
    asker, other = api_as(supporter), api_as(outsider)
    created = asker.post(
        "/api/v1/consultations",
        {
            "title": "数字を見ない社長",
            "body": "どう切り出しますか。",
            "audience": "network",
            "network": network.pk,
        },
    )
    assert created.status_code == 201, created.json()
    consultation = created.json()
    assert (consultation["audience"], consultation["network"], consultation["answers"]) == (
        "network",
        network.pk,
        [],
    )
    cid = consultation["id"]
    assert [c["id"] for c in other.get("/api/v1/consultations").json()["results"]] == [cid]

    answer = other.post(f"/api/v1/consultations/{cid}/answers", {"body": "得意な数字から話します。"})
    assert answer.status_code == 201
    aid = answer.json()["id"]
    assert answer.json()["organization"] == foreign_org.name

    assert asker.post(f"/api/v1/consultations/{cid}/answers/{aid}/vote", {}).json() == {
        "answer": aid,
        "votes": 1,
        "voted": True,
    }
    asker.post(f"/api/v1/consultations/{cid}/answers/{aid}/vote", {})
    assert Vote.objects.count() == 1

    # only the asker accepts, and must name the version
    assert other.post(f"/api/v1/consultations/{cid}/accept", {"answer": aid, "version": 1}).status_code == 403
    assert asker.post(f"/api/v1/consultations/{cid}/accept", {"answer": aid}).status_code == 428
    accepted = asker.post(f"/api/v1/consultations/{cid}/accept", {"answer": aid, "version": 1})
    assert accepted.status_code == 200
    body = accepted.json()
    assert (body["status"], body["accepted_answer"], body["version"]) == ("resolved", aid, 2)
    assert body["answers"][0]["accepted"] is True
    stale = asker.post(f"/api/v1/consultations/{cid}/accept", {"answer": aid, "version": 1})
    assert stale.status_code == 409 and stale.json()["detail"]


def test_a_client_name_is_a_422_naming_the_field(org, supporter, company, api_as):
    response = api_as(supporter).post(
        "/api/v1/consultations", {"title": "相談", "body": "本文", "context": "（有）丸山精工の在庫が多い"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["context"] and "事業者を特定できる名前" in errors[0]["message"]
    assert Consultation.objects.count() == 0


def test_another_organizations_consultation_is_a_404(org, foreign_org, supporter, outsider, owner, api_as):
    cid = (
        api_as(supporter).post("/api/v1/consultations", {"title": "自機関だけ", "body": "本文"}).json()["id"]
    )
    for user in (outsider, owner):
        response = api_as(user).get(f"/api/v1/consultations/{cid}")
        assert response.status_code == 404 and response.json()["detail"].startswith(
            "お探しのデータは見つかりません"
        )
        assert api_as(user).get("/api/v1/consultations").json()["results"] == []


def test_a_viewer_reads_but_cannot_ask(org, viewer, api_as):
    assert api_as(viewer).post("/api/v1/consultations", {"title": "t", "body": "b"}).status_code == 403


def test_the_question_bank_filters_by_step_wall_and_industry(org, supporter, api_as):
    sync_shipped_items(BankItem)
    api = api_as(supporter)
    step4 = api.get("/api/v1/question-bank", kind="question", step=4, page_size=100).json()
    assert step4["count"] >= 8 and {r["step"] for r in step4["results"]} == {4}
    assert {r["source"] for r in step4["results"]} == {"shipped"}
    wall = api.get("/api/v1/question-bank", wall="unfaced").json()
    assert {r["wall"] for r in wall["results"]} == {"unfaced"}
    by_code = api.get("/api/v1/question-bank", industry="0304").json()
    by_group = api.get("/api/v1/question-bank", industry="manufacturing").json()
    assert by_code["count"] == by_group["count"] >= 5
    assert api.get("/api/v1/question-bank", industry="9999").json()["count"] == 0
    refused = api.get("/api/v1/question-bank", step=8)
    assert refused.status_code == 422 and refused.json()["detail"]
