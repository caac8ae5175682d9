"""The OpenAPI tells the truth about errors: every operation documents the error answers it can
give with the error schema, 401 says how to authenticate, and every list has the same shape."""

import datetime as dt

import pytest

from banso.api.common import MAX_PAGE_SIZE
from banso.core.pagination import MAX_PAGE
from tests.api.test_companies_api import Api, token_for
from tests.engagements.factories import (
    ActionFactory,
    EngagementFactory,
    FollowUpFactory,
    ReferralFactory,
    SupportBodyFactory,
)

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


# GET operations on a path without a trailing {id} that answer one record, not a collection.
SINGLETONS = {
    "/api/v1/companies/{company_id}/local-benchmark",
    "/api/v1/engagements/{engagement_id}/outcome-baseline",
    "/api/v1/companies/{company_id}/monitoring",
    "/api/v1/companies/{company_id}/account-mapping",
    "/api/v1/companies/{company_id}/kpis/months",
    "/api/v1/companies/{company_id}/cash-flow",
    "/api/v1/portal/figures",
    "/api/v1/engagements/{engagement_id}/time-sheet",
    # the portfolio's figures: one report of the organization, not a list
    "/api/v1/portfolio/outcomes",
    "/api/v1/portfolio/statistics",
}
PAGE_FIELDS = {"count", "page", "page_size", "results"}


def _page_schema(schema, response_schema):
    """The component a 200 answer refers to, or None when it is not a `$ref` (a bare array)."""
    ref = response_schema.get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else None


def test_every_collection_answers_the_one_paged_shape(schema):
    """Every GET of a collection answers {count, page, page_size, results} and takes page and
    page_size: a new bare list (or a list without paging) fails here."""
    collections = []
    for path, method, operation in _operations(schema):
        if method != "get":
            continue
        content = operation["responses"]["200"]["content"]
        if "application/json" not in content:
            continue  # a file download (PDF, Excel)
        ok = content["application/json"]["schema"]
        assert ok.get("type") != "array", (path, "a bare list")
        if path.endswith("}") or path.endswith("/openapi.json") or path in SINGLETONS:
            continue
        collections.append(path)
        page = _page_schema(schema, ok)
        assert page is not None, (path, ok)
        assert set(page["properties"]) == PAGE_FIELDS, (path, set(page["properties"]))
        assert set(page["required"]) == PAGE_FIELDS, path
        assert page["properties"]["results"]["type"] == "array", path
        query = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        assert {"page", "page_size"} <= set(query), (path, set(query))
        page_number, page_size = query["page"]["schema"], query["page_size"]["schema"]
        assert (page_number["minimum"], page_number["maximum"]) == (1, MAX_PAGE), path
        assert page_size["minimum"] == 1 and page_size["maximum"] <= MAX_PAGE_SIZE, path
    # + consent-grants, share-log, alerts, notifications, cases, consultations, question-bank, surveys,
    # portal/actions, members, shared/companies, work-logs, knowledge search, similar cases
    assert len(collections) == 36, collections
    assert all(path in schema["paths"] for path in SINGLETONS)


@pytest.mark.parametrize(
    ("path", "make", "key"),
    [("actions", "action", "what"), ("referrals", "referral", "reason"), ("follow-ups", "follow_up", "note")],
)
def test_engagement_sub_lists_page_in_their_order(supporter, company, path, make, key):
    expected = ["1番目", "2番目", "3番目"]
    engagement = EngagementFactory(company=company, lead_supporter=supporter)
    for n in (3, 1, 2):  # created out of order: each list orders by its date
        day = dt.date(2026, 5, n)
        if make == "action":
            ActionFactory(engagement=engagement, what=f"{n}番目", due_on=day)
        elif make == "referral":
            ReferralFactory(engagement=engagement, reason=f"{n}番目", referred_on=day)
        else:
            FollowUpFactory(engagement=engagement, note=f"{n}番目", scheduled_on=day)
    api = Api(token_for(supporter))
    url = f"/api/v1/engagements/{engagement.pk}/{path}"
    first = api.get(url).json()
    assert (first["count"], first["page"], first["page_size"]) == (3, 1, 100)
    assert [r[key] for r in first["results"]] == expected
    second = api.get(url, page=2, page_size=2).json()
    assert (second["count"], second["page"], second["page_size"]) == (3, 2, 2)
    assert [r[key] for r in second["results"]] == expected[2:]


def test_schema_names_are_unique_across_the_api():
    """ninja names each OpenAPI component after its class: two request schemas called ReviewIn in two
    modules made one operation document (and the fuzzers send) the other's fields."""
    import importlib
    import pkgutil

    from ninja import Schema

    import banso.api

    for module in pkgutil.walk_packages(banso.api.__path__, "banso.api."):
        importlib.import_module(module.name)
    seen: dict[str, str] = {}
    clashes = []

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("banso.api"):
                where = f"{sub.__module__}.{sub.__qualname__}"
                if sub.__name__ in seen and seen[sub.__name__] != where:
                    clashes.append((seen[sub.__name__], where))
                seen.setdefault(sub.__name__, where)
            walk(sub)

    walk(Schema)
    assert clashes == []
