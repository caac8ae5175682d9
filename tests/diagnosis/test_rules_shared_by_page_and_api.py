"""One rule, one answer: the diagnosis pages and the API ask the same permission, loader and domain
function, so they refuse the same things with the same status and the same Japanese message."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from banso.diagnosis import permissions, queries
from banso.diagnosis.domain.results import benchmark_year
from banso.diagnosis.models import DesignSheet, FinancialStatement, NonFinancialSheet
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.diagnosis.factories import (
    PREVIOUS_YEAR,
    make_design_sheet,
    make_non_financial_sheet,
    make_statement,
)

pytestmark = pytest.mark.django_db

MISSING_2019 = "2019年3月期の決算書は登録されていません。"


def api_for(user):
    _, raw = create_api_token(Membership.objects.get(user=user), name="test")
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    def call(method, path, body=None):
        response = client.generic(
            method,
            f"/api/v1{path}",
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
        )
        return response.status_code, (response.json() if response.content else None)

    return call


def page(company, name, **kwargs):
    return reverse(
        f"diagnosis:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


@pytest.fixture
def years(company, supporter):
    """2024 and 2025 confirmed, 2026 a draft whose balance sheet does not balance."""
    make_statement(company, 2024, **PREVIOUS_YEAR)
    make_statement(company, 2025)
    return make_statement(company, 2026, status="draft", total_liabilities=1)


# --- which local-benchmark year is shown: results.benchmark_year ------------------------------------------


def test_a_draft_year_is_refused_with_the_same_409_and_message_on_page_and_api(
    login, supporter, company, years
):
    problems = " ".join(p["message"] for p in years.problems)
    expected = f"2026年3月期の決算書は下書きのため評価していません。確認事項: {problems}"
    status, body = api_for(supporter)("GET", f"/companies/{company.pk}/local-benchmark?fiscal_year=2026")
    response = login(supporter).get(page(company, "local_benchmark"), {"fiscal_year": 2026})
    assert (status, body["detail"]) == (409, expected)
    assert (response.status_code, response.context["message"]) == (409, expected)
    # the page does not show another year in its place; it offers the confirmed years and the fix
    assert "report" not in response.context
    assert [s.fiscal_year for s in response.context["finals"]] == [2025, 2024]
    assert response.context["draft"].fiscal_year == 2026
    assert "2026年3月期の決算書を直す" in response.content.decode()


def test_a_draft_year_pdf_and_excel_get_the_same_refusal(login, supporter, company, years):
    client = login(supporter)
    for name in ("local_benchmark_pdf", "local_benchmark_xlsx"):
        response = client.get(page(company, name), {"fiscal_year": 2026})
        assert (response.status_code, response.context["message"][:30]) == (
            409,
            "2026年3月期の決算書は下書きのため評価していません。確認事項"[:30],
        )


def test_a_missing_year_is_the_same_404_message_on_page_and_api(login, supporter, company, years):
    status, body = api_for(supporter)("GET", f"/companies/{company.pk}/local-benchmark?fiscal_year=2019")
    response = login(supporter).get(page(company, "local_benchmark"), {"fiscal_year": 2019})
    assert (status, body["detail"]) == (404, MISSING_2019)
    assert response.status_code == 404
    assert MISSING_2019 in response.content.decode()


def test_without_a_year_both_show_the_latest_confirmed_year(login, supporter, company, years):
    status, body = api_for(supporter)("GET", f"/companies/{company.pk}/local-benchmark")
    response = login(supporter).get(page(company, "local_benchmark"))
    assert (status, body["fiscal_year"]) == (200, 2025)
    assert (response.status_code, response.context["report"].selected.fiscal_year) == (200, 2025)
    assert benchmark_year(company, None) == 2025


def test_an_unknown_table_version_is_the_same_404_message_on_page_and_api(login, supporter, company, years):
    expected = "基準値「1999」による評価結果はありません。"
    status, body = api_for(supporter)(
        "GET", f"/companies/{company.pk}/local-benchmark?fiscal_year=2025&benchmark_version=1999"
    )
    response = login(supporter).get(
        page(company, "local_benchmark"), {"fiscal_year": 2025, "benchmark_version": "1999"}
    )
    assert (status, body["detail"]) == (404, expected)
    assert response.status_code == 404
    assert expected in response.content.decode()


def test_a_confirmed_year_is_shown_as_asked_on_both(login, supporter, company, years):
    status, body = api_for(supporter)("GET", f"/companies/{company.pk}/local-benchmark?fiscal_year=2024")
    response = login(supporter).get(page(company, "local_benchmark"), {"fiscal_year": 2024})
    assert (status, body["fiscal_year"], body["fiscal_year_label"]) == (200, 2024, "2024年3月期")
    assert response.context["report"].period_label == "2024年3月期"


# --- the statement loader: queries.statement_or_404 ---


def test_a_missing_statement_is_the_same_404_message_on_edit_page_and_api(login, supporter, company, years):
    status, body = api_for(supporter)("GET", f"/companies/{company.pk}/financial-statements/2019")
    response = login(supporter).get(page(company, "statement_edit", fiscal_year=2019))
    assert (status, body["detail"]) == (404, MISSING_2019)
    assert response.status_code == 404
    assert MISSING_2019 in response.content.decode()
    assert queries.statement_or_404(company, 2025).fiscal_year == 2025


def test_another_organizations_statement_is_404_on_both(login, outsider, company, years):
    status, _ = api_for(outsider)("GET", f"/companies/{company.pk}/financial-statements/2025")
    assert status == 404
    assert login(outsider).get(page(company, "statement_edit", fiscal_year=2025)).status_code == 404


# --- the write check: permissions.may_edit ---


@pytest.mark.parametrize("model", [FinancialStatement, NonFinancialSheet, DesignSheet])
def test_who_may_edit_is_one_function(
    model, supporter, admin_user, viewer, colleague, outsider, owner, company
):
    def membership(user):
        return Membership.objects.get(user=user)

    allowed = {
        u.username
        for u in (supporter, admin_user, viewer, colleague, outsider, owner)
        if permissions.may_edit(membership(u), company, model)
    }
    assert allowed == {"supporter", "admin"}


def test_a_viewer_is_refused_with_the_same_403_on_page_and_api(login, viewer, company, years):
    status, body = api_for(viewer)(
        "PUT", f"/companies/{company.pk}/financial-statements/2025", {"net_sales": 1}
    )
    response = login(viewer).post(page(company, "statement_edit", fiscal_year=2025), {"net_sales": "1"})
    assert status == 403
    assert response.status_code == 403
    assert body["detail"] in response.content.decode()
    assert FinancialStatement.objects.get(company=company, fiscal_year=2025).net_sales != 1


def test_a_viewer_sees_sheets_but_may_not_delete_them_on_page_or_api(login, viewer, supporter, company):
    sheet = make_non_financial_sheet(company, by=supporter)
    design = make_design_sheet(company, by=supporter)
    api = api_for(viewer)
    assert api("GET", f"/companies/{company.pk}/non-financial-sheets/{sheet.pk}")[0] == 200
    assert api("DELETE", f"/companies/{company.pk}/non-financial-sheets/{sheet.pk}")[0] == 403
    assert api("DELETE", f"/companies/{company.pk}/design-sheets/{design.pk}")[0] == 403
    client = login(viewer)
    assert client.get(page(company, "sheet_detail", pk=sheet.pk)).context["can_edit"] is False
    assert client.post(page(company, "sheet_delete", pk=sheet.pk)).status_code == 403
    assert client.post(page(company, "design_delete", pk=design.pk)).status_code == 403
    assert NonFinancialSheet.objects.filter(pk=sheet.pk).exists()
    assert DesignSheet.objects.filter(pk=design.pk).exists()


def test_a_sheet_of_another_company_is_404_through_the_one_loader(
    login, supporter, company, other_company, admin_user
):
    sheet = make_non_financial_sheet(other_company, by=admin_user)
    # the supporter may see `company` but the sheet belongs to `other_company`: both answer 404
    assert api_for(supporter)("GET", f"/companies/{company.pk}/non-financial-sheets/{sheet.pk}")[0] == 404
    assert login(supporter).get(page(company, "sheet_detail", pk=sheet.pk)).status_code == 404
