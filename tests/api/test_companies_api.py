"""/api/v1/companies: the api.md contract, the access rule, the audit trail and Japanese errors."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from banso.companies.models import Company
from banso.core.models import ActivityLog
from banso.orgs.domain import create_api_token, revoke_api_token
from banso.orgs.models import Membership
from tests.factories import CompanyFactory, valid_corporate_number

API = "/api/v1/companies"


def token_for(user, **kwargs) -> str:
    return create_api_token(Membership.objects.get(user=user), name="test", **kwargs)[1]


class Api:
    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.client.get(path, params, **self.headers)

    def post(self, path, body):
        return self.client.post(path, json.dumps(body), content_type="application/json", **self.headers)

    def patch(self, path, body, headers=None):
        return self.client.patch(
            path, json.dumps(body), content_type="application/json", headers=headers, **self.headers
        )

    def delete(self, path):
        return self.client.delete(path, **self.headers)


@pytest.fixture
def api_as():
    return lambda user: Api(token_for(user))


NEW_COMPANY = {
    "name": "株式会社さくら食品",
    "name_kana": "サクラショクヒン",
    "corporate_number": valid_corporate_number(777),
    "industry_code": "0301",
    "fiscal_year_end_month": 3,
    "employees": 24,
    "capital": 10_000_000,
    "address": "静岡県静岡市葵区1-2-3",
    "representative": "桜井 花子",
    "founded_year": 1990,
}


@pytest.mark.django_db
class TestRead:
    def test_list_is_paged_and_scoped_to_the_supporter(
        self, api_as, supporter, company, other_company, foreign_company
    ):
        response = api_as(supporter).get(API, page_size=10)
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 1
        assert [c["name"] for c in body["results"]] == ["有限会社丸山精工"]

    def test_read_has_the_contract_fields(self, api_as, supporter, company):
        body = api_as(supporter).get(f"{API}/{company.pk}").json()
        for key in (
            "id", "name", "name_kana", "corporate_number", "industry_code", "fiscal_year_end_month",
            "employees", "capital", "address", "representative", "founded_year", "size", "supporters",
        ):  # fmt: skip
            assert key in body
        assert body["industry_code"] == "0304"
        assert body["size"] == "small"
        assert body["supporters"] == [supporter.pk]
        assert body["capital"] == 10_000_000

    def test_list_pages_through_all_companies(self, api_as, admin_user, org):
        CompanyFactory.create_batch(7, organization=org)
        client = api_as(admin_user)
        first = client.get(API, page=1, page_size=5).json()
        second = client.get(API, page=2, page_size=5).json()
        assert first["count"] == 7
        assert len(first["results"]) == 5
        assert len(second["results"]) == 2
        assert {c["id"] for c in first["results"]}.isdisjoint({c["id"] for c in second["results"]})

    def test_search_matches_kana_in_either_script(self, api_as, admin_user, company, other_company):
        body = api_as(admin_user).get(API, q="まるやませいこう").json()
        assert [c["name"] for c in body["results"]] == ["有限会社丸山精工"]

    def test_search_folds_legal_forms_and_reads_romaji(self, api_as, admin_user, company, other_company):
        api = api_as(admin_user)
        for q in ("㈲丸山", "(有)丸山", "maruyama"):
            assert [c["name"] for c in api.get(API, q=q).json()["results"]] == ["有限会社丸山精工"], q

    def test_foreign_company_is_404_with_japanese_detail(self, api_as, supporter, foreign_company):
        response = api_as(supporter).get(f"{API}/{foreign_company.pk}")
        assert response.status_code == 404
        assert "見つかりません" in response.json()["detail"]


@pytest.mark.django_db
class TestWrite:
    def test_create_assigns_the_supporter_and_records_history(self, api_as, supporter):
        response = api_as(supporter).post(API, NEW_COMPANY)
        assert response.status_code == 201, response.content
        body = response.json()
        company = Company.objects.get(pk=body["id"])
        assert body["supporters"] == [supporter.pk]
        assert body["size"] == "medium"
        assert company.history.get().history_user == supporter
        assert ActivityLog.objects.filter(
            code="company.created", company_id=company.pk, actor=supporter
        ).exists()

    def test_size_can_be_overridden_and_cleared(self, api_as, supporter, company):
        client = api_as(supporter)
        assert (
            client.patch(f"{API}/{company.pk}", {"size": "medium", "version": 1}).json()["size"] == "medium"
        )
        body = client.patch(f"{API}/{company.pk}", {"size": None}, headers={"If-Match": 'W/"2"'}).json()
        assert (body["size"], body["size_overridden"]) == ("small", False)

    def test_patch_changes_only_given_fields_and_is_audited(self, api_as, supporter, company):
        response = api_as(supporter).patch(
            f"{API}/{company.pk}", {"employees": 30}, headers={"If-Match": "1"}
        )
        assert response.status_code == 200
        company.refresh_from_db()
        assert (company.employees, company.name) == (30, "有限会社丸山精工")
        latest, previous = company.history.order_by("-history_date")[:2]
        assert latest.history_user == supporter
        assert (previous.employees, latest.employees) == (12, 30)

    def test_stale_version_is_409_and_changes_nothing(self, api_as, supporter, company):
        client = api_as(supporter)
        client.patch(f"{API}/{company.pk}", {"employees": 20, "version": 1})
        response = client.patch(f"{API}/{company.pk}", {"employees": 99, "version": 1})
        assert response.status_code == 409
        assert "他の方が更新しました" in response.json()["detail"]
        company.refresh_from_db()
        assert company.employees == 20

    def test_duplicate_corporate_number_is_409(self, api_as, supporter, company):
        response = api_as(supporter).post(API, {**NEW_COMPANY, "corporate_number": company.corporate_number})
        assert response.status_code == 409
        assert response.json()["detail"] == "この法人番号の事業者はすでに登録されています。"
        assert Company.objects.count() == 1

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"corporate_number": "1000000000555"}, "corporate_number", "チェックディジット"),
            ({"fiscal_year_end_month": 13}, "fiscal_year_end_month", "1〜12"),
            ({"employees": -1}, "employees", "0 以上"),
            ({"name": "   "}, "name", "空白"),
            ({"industry_code": "9999"}, "industry_code", "選んで"),
            ({"employees": "たくさん"}, "employees", "整数"),
        ],
    )
    def test_invalid_fields_are_422_with_japanese_messages(self, api_as, supporter, change, field, message):
        response = api_as(supporter).post(API, {**NEW_COMPANY, **change})
        assert response.status_code == 422, response.content
        body = response.json()
        assert body["detail"].startswith("入力内容に誤りがあります")
        assert any(e["field"] == field and message in e["message"] for e in body["errors"]), body
        assert not Company.objects.exists()

    def test_malformed_json_is_400(self, supporter):
        client = Client()
        response = client.post(
            API,
            "{not json",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token_for(supporter)}",
        )
        assert response.status_code == 400
        assert "JSON" in response.json()["detail"]

    def test_oversized_body_is_413_and_changes_nothing(self, api_as, supporter):
        response = api_as(supporter).post(API, {**NEW_COMPANY, "address": "あ" * 3_000_000})
        assert response.status_code == 413
        assert "大きすぎます" in response.json()["detail"]
        assert not Company.objects.exists()

    def test_only_admin_may_assign_supporters(self, api_as, supporter, admin_user, colleague, company):
        refused = api_as(supporter).patch(f"{API}/{company.pk}", {"supporters": [colleague.pk], "version": 1})
        assert refused.status_code == 403
        done = api_as(admin_user).patch(f"{API}/{company.pk}", {"supporters": [colleague.pk], "version": 1})
        assert done.json()["supporters"] == [colleague.pk]

    def test_supporters_must_belong_to_the_organization(self, api_as, admin_user, outsider, company):
        response = api_as(admin_user).patch(
            f"{API}/{company.pk}", {"supporters": [outsider.pk], "version": 1}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "supporters"
        assert "担当支援者には" in response.json()["errors"][0]["message"]

    def test_admin_deletes_and_the_history_remains(self, api_as, admin_user, company):
        response = api_as(admin_user).delete(f"{API}/{company.pk}")
        assert response.status_code == 204
        assert not Company.objects.filter(pk=company.pk).exists()
        assert Company.history.filter(id=company.pk, history_type="-", history_user=admin_user).exists()


@pytest.mark.django_db
class TestTokens:
    def test_missing_token_is_401_in_japanese(self, company):
        response = Client().get(API)
        assert response.status_code == 401
        assert "API トークン" in response.json()["detail"]

    def test_revoked_token_is_401(self, supporter, company):
        token, raw = create_api_token(Membership.objects.get(user=supporter), name="t")
        revoke_api_token(token, by=supporter)
        assert Api(raw).get(API).status_code == 401

    def test_expired_token_is_401(self, supporter, company):
        token, raw = create_api_token(Membership.objects.get(user=supporter), name="t", expires_in_days=1)
        token.expires_at = timezone.now() - dt.timedelta(seconds=1)
        token.save()
        assert Api(raw).get(API).status_code == 401

    def test_token_of_deactivated_membership_is_401(self, supporter, company):
        raw = token_for(supporter)
        Membership.objects.filter(user=supporter).update(is_active=False)
        assert Api(raw).get(API).status_code == 401

    def test_token_records_last_use(self, supporter, company):
        token, raw = create_api_token(Membership.objects.get(user=supporter), name="t")
        Api(raw).get(API)
        token.refresh_from_db()
        assert token.last_used_at is not None


def test_openapi_document_is_served_with_the_contract_paths(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/companies" in paths
    assert "/api/v1/companies/{company_id}" in paths
    assert response.json()["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
