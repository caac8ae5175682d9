"""The improvement plan in the browser's terms: create, type the yearly grid in 千円, spread, type
months by hand, revise, measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from banso.monitoring.domain import plans
from banso.monitoring.engines.months import Month
from banso.monitoring.models import ImprovementPlan, PlanAmount

pytestmark = pytest.mark.django_db


def url(name, company, **kwargs):
    return reverse(
        f"monitoring:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


def make(company, by):
    return plans.create_plan(company, by=by, title="経営改善計画", start_month=Month(2025, 4), years=3)


def test_create_refuses_a_start_month_in_the_middle_of_the_fiscal_year(login, supporter, company):
    client = login(supporter)
    page = client.get(url("plan_create", company)).content.decode()
    assert '<option value="2025-04"' in page
    response = client.post(
        url("plan_create", company),
        {"title": "計画", "start_month": "2025-05", "years": "3", "spread_method": "even"},
    )
    assert response.status_code == 400
    assert "期首の月" in response.content.decode()
    assert not ImprovementPlan.objects.exists()
    response = client.post(
        url("plan_create", company),
        {"title": "再生計画", "start_month": "2025-04", "years": "5", "spread_method": "even"},
    )
    plan = ImprovementPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == url("plan_years", company, pk=plan.pk)
    assert plan.current_version.years == 5


def test_yearly_grid_in_thousands_is_spread_to_months_and_shown(login, supporter, company):
    version = make(company, supporter)
    version.refresh_from_db()
    client = login(supporter)
    assert "data-grid" in client.get(url("plan_years", company, pk=version.plan_id)).content.decode()
    data = {
        "unit": "thousand",
        "version": version.version,
        "y2026_net_sales": "１２０，０００",
        "y2026_cost_of_sales": "84,000",
        "y2026_sga": "30,000",
        "b2026_borrowings": "50,000",
    }
    response = client.post(url("plan_years", company, pk=version.plan_id), data)
    assert response.status_code == 302
    assert (
        PlanAmount.objects.get(plan_version=version, month=dt.date(2025, 4, 1), line="net_sales").amount
        == 10_000_000
    )
    page = client.get(url("plan_detail", company, pk=version.plan_id)).content.decode()
    assert "120,000" in page and "36,000" in page and "6,000" in page  # sales, gross profit, operating income
    assert 'data-testid="plan-targets"' in page
    # a stale grid is refused, nothing written
    data["y2026_net_sales"] = "1"
    response = client.post(url("plan_years", company, pk=version.plan_id), data)
    assert response.status_code == 400
    assert plans.year_totals(version, 3)[2026]["net_sales"] == 120_000_000


def test_yearly_grid_refuses_negative_sales_and_parts_above_sga_naming_year_and_line(
    login, supporter, company
):
    version = make(company, supporter)
    version.refresh_from_db()
    client = login(supporter)
    data = {
        "unit": "thousand",
        "version": version.version,
        "y2026_net_sales": "-1,000",
        "y2026_sga": "30,000",
        "y2026_personnel_costs": "20,000",
        "y2026_depreciation": "12,000",
        "y2027_net_sales": "100,000",
        "y2027_sga": "30,000",
        "y2027_personnel_costs": "20,000",
        "y2027_depreciation": "10,000",
    }
    response = client.post(url("plan_years", company, pk=version.plan_id), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "2026年3月期の売上高がマイナスです。" in page
    assert (
        "2026年3月期のうち人件費とうち減価償却費の合計（32,000,000円）が"
        "販売費及び一般管理費（30,000,000円）を超えています。"
    ) in page
    assert "2027年3月期の" not in page  # parts equal to 販管費 are fine
    assert plans.year_totals(version, 3)[2026] == {}
    assert plans.year_total_problems({"net_sales": 0, "sga": 5, "depreciation": 5}, "x") == {}


def test_manual_months_that_do_not_add_up_are_refused_naming_line_year_and_difference(
    login, supporter, company
):
    version = plans.create_plan(
        company,
        by=supporter,
        title="計画",
        start_month=Month(2025, 4),
        years=3,
        yearly={2026: {"net_sales": 12_000_000}},
    )
    version.refresh_from_db()
    client = login(supporter)
    months = [Month(2025, 4) + k for k in range(12)]
    data = {"unit": "thousand", "version": version.version, **{f"m{mo}_net_sales": "1,000" for mo in months}}
    data[f"m{months[0]}_net_sales"] = "1,500"
    response = client.post(url("plan_months", company, pk=version.plan_id, fiscal_year=2026), data)
    assert response.status_code == 400
    assert (
        "売上高（2026年3月期）: 月の合計 12,500,000円 が年間 12,000,000円 より 500,000円 多く"
        in response.content.decode()
    )
    data[f"m{months[1]}_net_sales"] = "500"
    response = client.post(url("plan_months", company, pk=version.plan_id, fiscal_year=2026), data)
    assert response.status_code == 302
    assert plans.year_months(version, 2026, 3)[months[0]]["net_sales"] == 1_500_000
    page = client.get(url("plan_months", company, pk=version.plan_id, fiscal_year=2026)).content.decode()
    assert '<span data-testid="spread-method">手入力</span>' in page
    client.post(url("plan_months", company, pk=version.plan_id, fiscal_year=2026), {"spread": "even"})
    assert plans.year_months(version, 2026, 3)[months[0]]["net_sales"] == 1_000_000


def test_revision_keeps_the_old_version_read_only_and_lists_versions(login, supporter, viewer, company):
    version = make(company, supporter)
    client = login(supporter)
    response = client.post(
        url("plan_revise", company, pk=version.plan_id), {"reason": "", "expected_number": "1"}
    )
    assert response.status_code == 400
    response = client.post(
        url("plan_revise", company, pk=version.plan_id), {"reason": "受注減", "expected_number": "1"}
    )
    assert response.status_code == 302
    page = client.get(url("plan_detail", company, pk=version.plan_id)).content.decode()
    assert "第2版（現行版）" in page and "受注減" in page
    old = client.get(url("version_detail", company, pk=version.plan_id, number=1)).content.decode()
    assert "第1版（旧版・閲覧のみ）" in old
    edit_link = f'href="{url("plan_years", company, pk=version.plan_id)}"'
    assert edit_link in page and edit_link not in old
    viewer_page = login(viewer).get(url("plan_detail", company, pk=version.plan_id)).content.decode()
    assert edit_link not in viewer_page


def test_measures_are_added_and_edited(login, supporter, company):
    version = make(company, supporter)
    client = login(supporter)
    response = client.post(
        url("measure_create", company, pk=version.plan_id),
        {"title": "新規顧客の開拓", "owner": "営業部長", "start_month": "2025-06", "expected_effect": "3,000",
         "line": "net_sales", "status": "not_started"},
    )  # fmt: skip
    assert response.status_code == 302
    measure = version.measures.get()
    assert (measure.expected_effect, measure.start_month) == (3_000_000, dt.date(2025, 6, 1))
    response = client.post(
        url("measure_edit", company, pk=version.plan_id, measure_pk=measure.pk),
        {
            "title": "新規顧客の開拓",
            "status": "in_progress",
            "progress_note": "10社訪問",
            "version": measure.version,
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress_note, measure.owner) == ("in_progress", "10社訪問", "")
    assert "10社訪問" in client.get(url("plan_detail", company, pk=version.plan_id)).content.decode()
