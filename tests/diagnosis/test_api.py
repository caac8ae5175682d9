"""/api/v1 for statements and the local benchmark: api.md's names, yen in, display units out."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from banso.diagnosis.models import FinancialStatement
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement, statement_values
from tests.diagnosis.test_local_benchmark_views import CONSTRUCTION, PREVIOUS_BS, RETAIL, TRANSPORT
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(supporter):
    _, raw = create_api_token(Membership.objects.get(user=supporter), name="test")
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    def call(method, path, body=None, **params):
        data = json.dumps(body) if body is not None else None
        if params:
            path += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        response = client.generic(method, f"/api/v1{path}", data=data or "", content_type="application/json")
        return response.status_code, (response.json() if response.content else None)

    return call


def body(**overrides):
    values = statement_values(**overrides)
    return {**values, "employees": 12}


def test_put_creates_then_replaces_a_year_with_api_field_names(api, company):
    status, created = api("PUT", f"/companies/{company.pk}/financial-statements/2025", body())
    assert status == 201
    assert created["fiscal_year_label"] == "2025年3月期"
    assert created["period_end"] == "2025-03-31"
    assert (created["status"], created["net_sales"], created["lease_obligations"], created["problems"]) == (
        "final",
        210_000_000,
        6_000_000,
        [],
    )
    status, replaced = api(
        "PUT",
        f"/companies/{company.pk}/financial-statements/2025",
        {"net_sales": 1000, "status": "draft", "version": created["version"]},
    )
    assert status == 200
    assert (replaced["status"], replaced["net_sales"], replaced["operating_income"]) == ("draft", 1000, None)
    assert replaced["version"] == created["version"] + 1


def test_list_and_read(api, company):
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    status, listed = api("GET", f"/companies/{company.pk}/financial-statements")
    assert status == 200
    assert (listed["count"], [r["fiscal_year"] for r in listed["results"]]) == (2, [2024, 2025])
    status, one = api("GET", f"/companies/{company.pk}/financial-statements/2024")
    assert one["net_sales"] == 200_000_000
    status, missing = api("GET", f"/companies/{company.pk}/financial-statements/2019")
    assert (status, missing["detail"]) == (404, "2019年3月期の決算書は登録されていません。")


def test_unbalanced_statement_without_status_is_kept_as_draft_and_says_why(api, company):
    status, saved = api(
        "PUT", f"/companies/{company.pk}/financial-statements/2025", body(total_liabilities=1)
    )
    assert (status, saved["status"]) == (201, "draft")
    assert saved["problems"][0]["field"] == "total_liabilities"
    assert saved["problems"][0]["message"].startswith("貸借が一致しません。")
    status, refused = api("GET", f"/companies/{company.pk}/local-benchmark", fiscal_year=2025)
    assert status == 409
    assert refused["detail"].startswith(
        "2025年3月期の決算書は下書きのため評価していません。確認事項: 貸借が一致しません"
    )


def test_final_with_problems_is_refused_with_field_errors(api, company):
    status, error = api(
        "PUT", f"/companies/{company.pk}/financial-statements/2025", body(total_liabilities=1, status="final")
    )
    assert status == 422
    assert error["errors"][0]["field"] == "total_liabilities"
    assert not FinancialStatement.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"net_sales": "abc"}, "net_sales", "整数で入力してください。"),
        ({"employees": -1}, "employees", "0 以上の数を入力してください（マイナスは入力できません）。"),
        ({"status": "done"}, "status", "指定できない値です。"),
    ],
)
def test_bad_input_gets_422_in_japanese(api, company, overrides, field, message):
    status, error = api("PUT", f"/companies/{company.pk}/financial-statements/2025", {**body(), **overrides})
    assert status == 422
    assert {"field": field, "message": message} in error["errors"]
    assert not FinancialStatement.objects.exists()


def test_stale_version_is_409(api, company):
    statement = make_statement(company, 2025)
    make_statement(company, 2025)
    status, error = api(
        "PUT", f"/companies/{company.pk}/financial-statements/2025", {**body(), "version": statement.version}
    )
    assert status == 409
    assert "他の方が更新しました" in error["detail"]


def test_delete(api, company):
    make_statement(company, 2025)
    status, _ = api("DELETE", f"/companies/{company.pk}/financial-statements/2025")
    assert status == 204
    assert not FinancialStatement.objects.exists()


@pytest.mark.parametrize(
    ("case", "industry_code", "size", "values"),
    [
        (RETAIL, "0501", "small", [-10, -1.1111111, -150, None, 0.9333333, -8]),
        (CONSTRUCTION, "0201", "medium", [25, 10, 2777.7777778, 0, 0.96, 60]),
        (TRANSPORT, "0801", "medium", [-10, -4, -600, 140, 2, 2.5]),
    ],
    ids=["retail", "construction", "transport"],
)
def test_local_benchmark_returns_the_hand_computed_figures(
    api, org, supporter, case, industry_code, size, values
):
    company = CompanyFactory(organization=org, industry_code=industry_code, supporters=[supporter])
    api(
        "PUT",
        f"/companies/{company.pk}/financial-statements/2024",
        {**case["previous"], **PREVIOUS_BS, "employees": case["employees"]},
    )
    api(
        "PUT",
        f"/companies/{company.pk}/financial-statements/2025",
        {**case["current"], "employees": case["employees"]},
    )
    status, result = api("GET", f"/companies/{company.pk}/local-benchmark", fiscal_year=2025)
    assert status == 200
    assert set(result) >= {
        "fiscal_year",
        "industry_code",
        "size",
        "benchmark_version",
        "indicators",
        "total_score",
        "scored_count",
        "rank",
    }
    assert (result["fiscal_year"], result["industry_code"], result["size"], result["benchmark_version"]) == (
        2025,
        industry_code,
        size,
        "2018",
    )
    keys = [i["key"] for i in result["indicators"]]
    assert keys == [
        "sales_growth",
        "operating_margin",
        "labor_productivity",
        "ebitda_debt_ratio",
        "working_capital_months",
        "equity_ratio",
    ]
    got = [i["value"] for i in result["indicators"]]
    assert got == [None if v is None else pytest.approx(v, abs=1e-6) for v in values]
    assert [i["unit"] for i in result["indicators"]] == ["%", "%", "千円/人", "倍", "ヶ月", "%"]
    assert [i["score"] for i in result["indicators"]] == case["scores"]
    assert (result["total_score"], result["scored_count"], result["rank"]) == (case["total"], 6, case["rank"])
    assert all(isinstance(i["median"], float) for i in result["indicators"])


def test_not_computed_indicator_has_null_value_and_a_reason(api, company):
    make_statement(company, 2025)
    _, result = api("GET", f"/companies/{company.pk}/local-benchmark")
    first = result["indicators"][0]
    assert (first["value"], first["score"]) == (None, None)
    assert first["reason"] == "前期の決算データがないため計算できません（2期分の決算が必要です）。"
    assert (result["scored_count"], result["rank"]) == (5, None)


def test_local_benchmark_without_statements_or_version(api, company):
    status, error = api("GET", f"/companies/{company.pk}/local-benchmark")
    assert (status, error["detail"]) == (
        404,
        "確定した決算書がないため、ローカルベンチマークはまだありません。",
    )
    make_statement(company, 2025)
    status, error = api("GET", f"/companies/{company.pk}/local-benchmark", benchmark_version="2030")
    assert (status, error["detail"]) == (404, "基準値「2030」による評価結果はありません。")
