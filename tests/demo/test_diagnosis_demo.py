"""Demo data: every demo company has three confirmed years with a story, every rank A–D appears in
both organizations, and the page, print and exports work for each company."""

from __future__ import annotations

import pytest
from django.urls import reverse

from banso.demo import base
from banso.demo import diagnosis as demo
from banso.diagnosis.models import DesignSheet, FinancialStatement, LocalBenchmarkResult, NonFinancialSheet
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_context():
    context: dict = {}
    base.build(context)
    demo.build(context)
    return context


def latest_rank(company) -> str:
    result = LocalBenchmarkResult.objects.filter(company=company).order_by("-fiscal_year").first()
    return result.rank


def test_every_company_has_three_confirmed_years_telling_a_story(demo_context):
    for company in demo_context["companies"]:
        statements = list(company.financial_statements.order_by("fiscal_year"))
        assert [s.status for s in statements] == ["final"] * 3, company.name
        assert [s.fiscal_year for s in statements] == [statements[0].fiscal_year + i for i in range(3)]
        assert all(s.problems == [] for s in statements)
    maruyama = next(c for c in demo_context["companies"] if c.name == "有限会社丸山精工")
    sales = [s.net_sales for s in maruyama.financial_statements.order_by("fiscal_year")]
    assert sales[1] < sales[0] < sales[2]  # growth, a bad year, a recovery


def test_every_rank_appears_in_both_organizations(demo_context):
    for key in ("bank_companies", "office_companies"):
        ranks = {latest_rank(company) for company in demo_context[key]}
        assert ranks == {"A", "B", "C", "D"}, key


@pytest.mark.parametrize(
    ("name", "ranks"),
    [
        ("有限会社丸山精工", ["", "B", "A"]),  # growth, a bad year, a strong recovery
        ("株式会社遠州機械製作所", ["", "A", "A"]),
        ("株式会社まるや商店", ["", "C", "C"]),
        ("株式会社湖西ロジスティクス", ["", "D", "D"]),
    ],
)
def test_ranks_follow_the_documented_stories(demo_context, name, ranks):
    company = next(c for c in demo_context["companies"] if c.name == name)
    results = LocalBenchmarkResult.objects.filter(company=company).order_by("fiscal_year")
    assert [r.rank for r in results] == ranks  # the first year has no previous year, so no rank


def test_builder_is_idempotent(demo_context):
    counts = (
        FinancialStatement.objects.count(),
        NonFinancialSheet.objects.count(),
        DesignSheet.objects.count(),
    )
    demo.build(demo_context)
    assert (
        FinancialStatement.objects.count(),
        NonFinancialSheet.objects.count(),
        DesignSheet.objects.count(),
    ) == counts
    assert counts == (63, 2, 2)


def test_page_print_and_exports_work_for_every_demo_company(demo_context):
    for key, username in (("bank_companies", "orgadmin"), ("office_companies", "office-admin")):
        client = client_for(demo_context["users"][username])
        for company in demo_context[key]:
            kwargs = {"org": company.organization.slug, "company_pk": company.pk}
            page = client.get(reverse("diagnosis:local_benchmark", kwargs=kwargs))
            assert page.status_code == 200 and page.context["report"].result.rank, company.name
            pdf = client.get(reverse("diagnosis:local_benchmark_pdf", kwargs=kwargs))
            assert pdf.content.startswith(b"%PDF"), company.name
            xlsx = client.get(reverse("diagnosis:local_benchmark_xlsx", kwargs=kwargs))
            assert xlsx.content.startswith(b"PK"), company.name
