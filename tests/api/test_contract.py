"""The OpenAPI tells the truth about errors: every operation documents the error answers it can
give with the error schema, 401 says how to authenticate, and every list has the same shape."""

import pytest

from tests.api.test_companies_api import Api, token_for
from tests.engagements.factories import SupportBodyFactory

pytestmark = pytest.mark.django_db
ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def schema(supporter):
    return Api(token_for(supporter)).get("/api/v1/openapi.json").json()


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_operation_documents_its_errors_with_the_error_schema(schema):
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    count = 0
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        expected = {"401"}
        if "{" in path:
            expected.add("404")
        if method in ("post", "put", "patch", "delete"):
            expected |= {"400", "403", "404", "409", "422"}
        if "requestBody" in operation:
            expected |= {"413", "422"}
        if method in ("put", "patch"):
            expected.add("428")
        assert expected <= set(responses), (method, path, expected - set(responses))
        for status in expected:
            assert responses[status]["content"]["application/json"]["schema"] == ERROR_REF
        assert "WWW-Authenticate" in responses["401"]["headers"]
        count += 1
    assert count >= 60


def test_401_says_bearer(company):
    response = Api(None).get(f"/api/v1/companies/{company.pk}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Bearer" in response.json()["detail"]


def test_support_bodies_are_paged_like_every_list(supporter, org):
    for n in range(3):
        SupportBodyFactory(organization=org, name=f"よろず支援拠点{n}")
    api = Api(token_for(supporter))
    body = api.get("/api/v1/support-bodies", page=2, page_size=2).json()
    assert (body["count"], body["page"], body["page_size"]) == (3, 2, 2)
    assert [b["name"] for b in body["results"]] == ["よろず支援拠点2"]
    wrong = api.get("/api/v1/support-bodies", body_type="bank")
    assert wrong.status_code == 422
