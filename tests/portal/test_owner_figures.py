"""The owner's monthly figures on the phone (portal:figures): the same monitoring domain as the
supporter's grid — version check, month close with a reason, audit with the owner as actor, the
supporter seeing the entry as 事業者入力 — and a text in a number field refused with nothing saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import STALE_EDIT_MESSAGE
from banso.core.models import ActivityLog
from banso.core.roles import Role
from banso.monitoring.domain.actuals import save_actuals
from banso.monitoring.domain.kpis import create_kpi, save_kpi_months
from banso.monitoring.domain.month_close import MonthClosed
from banso.monitoring.domain.owner_figures import figures_version, save_owner_figures
from banso.monitoring.engines.months import Month
from banso.monitoring.models import ActualCorrection, KpiMonth, MonitoringReport, MonthlyActual
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.monitoring.factories import make_plan
from tests.portal.conftest import portal_url

pytestmark = pytest.mark.django_db


def this_month() -> Month:
    return Month.of(timezone.localdate())


def stored(company, month: Month):
    return {
        row.line: (row.amount, row.source)
        for row in MonthlyActual.objects.filter(company=company, month=month.first_day)
    }


def issue_report(company, by, month: Month):
    return MonitoringReport.objects.create(
        company=company,
        from_month=month.first_day,
        to_month=month.first_day,
        plan_version=make_plan(company, by=by),
        status=MonitoringReport.Status.ISSUED,
        issued_at=timezone.now(),
        issued_by=by,
    )


def post_figures(client, org, data):
    return client.post(portal_url(org, "figures"), data)


def form_state(client, org, month: Month | None = None):
    url = portal_url(org, "figures") + (f"?month={month}" if month else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.context["figures"]


def test_owner_enters_the_months_figures_and_kpi_and_the_supporter_sees_them_as_the_owners(
    org, company, owner, supporter
):
    kpi = create_kpi(company, by=supporter, name="訪問件数", unit="件")
    client = client_for(owner)
    current = form_state(client, org)
    assert current.month == str(this_month()) and current.version == "-"
    response = post_figures(
        client,
        org,
        {
            "month": current.month,
            "version": current.version,
            "net_sales": "１，２００万",
            "gross_profit": "4,000,000",
            "cash_and_deposits": "△50万",
            f"kpi_{kpi.pk}": "１２",
        },
    )
    assert response.status_code == 302
    assert stored(company, this_month()) == {
        "net_sales": (12_000_000, "owner"),
        "cost_of_sales": (8_000_000, "owner"),
        "cash_and_deposits": (-500_000, "owner"),
    }
    assert KpiMonth.objects.get(kpi=kpi).actual == Decimal("12")
    row = MonthlyActual.objects.get(company=company, month=this_month().first_day, line="net_sales")
    assert row.history.latest().history_user == owner
    entry = ActivityLog.objects.get(code="monitoring.owner_figures.saved")
    assert entry.actor == owner and entry.data["actuals"] == 3 and entry.data["kpis"] == 1

    again = form_state(client, org)
    assert (again.net_sales, again.gross_profit, again.cash_and_deposits) == (12_000_000, 4_000_000, -500_000)
    assert again.entered_by_owner

    # the supporter's grid marks the month as the owner's entry
    fy = this_month().fiscal_year(company.fiscal_year_end_month)
    page = client_for(supporter).get(
        reverse("monitoring:actuals", kwargs={"org": org.slug, "company_pk": company.pk}) + f"?fy={fy}"
    )
    assert page.status_code == 200
    owner_note = page.content.decode()
    assert "事業者入力" in owner_note and this_month().label in owner_note


def test_text_in_a_number_field_is_a_japanese_error_and_nothing_is_saved(org, company, owner, supporter):
    kpi = create_kpi(company, by=supporter, name="訪問件数", unit="件")
    client = client_for(owner)
    current = form_state(client, org)
    response = post_figures(
        client,
        org,
        {
            "month": current.month,
            "version": current.version,
            "net_sales": "たくさん",
            "gross_profit": "100",
            "cash_and_deposits": "1000",
            f"kpi_{kpi.pk}": "十二件くらい",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["net_sales"] and form.errors[f"kpi_{kpi.pk}"]
    assert all("数" in str(e) or "入力" in str(e) for e in form.errors["net_sales"])
    assert not MonthlyActual.objects.exists() and not KpiMonth.objects.exists()


def test_sales_without_gross_profit_and_profit_above_sales_are_refused(org, company, owner):
    client = client_for(owner)
    current = form_state(client, org)
    base = {"month": current.month, "version": current.version}
    response = post_figures(client, org, base | {"net_sales": "100"})
    assert response.status_code == 400
    assert "両方入力" in str(response.context["form"].errors["gross_profit"])
    response = post_figures(client, org, base | {"net_sales": "100", "gross_profit": "150"})
    assert response.status_code == 400
    assert "売上高以下" in str(response.context["form"].errors["gross_profit"])
    assert not MonthlyActual.objects.exists()


def test_a_future_month_is_refused(company, owner):
    future = this_month() + 1
    with pytest.raises(Exception) as refused:
        save_owner_figures(
            company, by=owner, month=str(future), expected_version="-", net_sales=1, gross_profit=1
        )
    assert "まだ来ていない月" in str(refused.value)
    assert not MonthlyActual.objects.exists()


def test_a_stale_owner_form_is_refused_after_the_supporters_save(org, company, owner, supporter):
    client = client_for(owner)
    current = form_state(client, org)
    month = this_month()
    save_actuals(company, by=supporter, amounts={month: {"net_sales": 5_000}}, expected_versions={})
    response = post_figures(
        client,
        org,
        {"month": current.month, "version": current.version, "net_sales": "9000", "gross_profit": "1000"},
    )
    assert response.status_code == 409
    assert STALE_EDIT_MESSAGE in response.content.decode()
    assert stored(company, month) == {"net_sales": (5_000, "manual")}


def test_a_stale_supporter_grid_is_refused_after_the_owners_save(org, company, owner, supporter):
    month = this_month()
    save_actuals(company, by=supporter, amounts={month: {"net_sales": 5_000}}, expected_versions={})
    seen = {(month, "net_sales"): 1}  # what the supporter's grid was opened at
    save_owner_figures(
        company,
        by=owner,
        month=str(month),
        expected_version=figures_version(company, month),
        net_sales=9_000,
        gross_profit=1_000,
    )
    from banso.core.errors import ConflictError

    with pytest.raises(ConflictError):
        save_actuals(company, by=supporter, amounts={month: {"net_sales": 7_000}}, expected_versions=seen)
    assert stored(company, month)["net_sales"] == (9_000, "owner")


def test_a_closed_month_needs_a_reason_from_the_owner_too(org, company, owner, supporter):
    month = this_month()
    save_actuals(company, by=supporter, amounts={month: {"net_sales": 5_000}}, expected_versions={})
    issue_report(company, supporter, month)
    client = client_for(owner)
    current = form_state(client, org)
    assert "締められています" in current.closed_message
    data = {"month": current.month, "version": current.version, "net_sales": "9000", "gross_profit": "1000"}
    response = post_figures(client, org, data)
    assert response.status_code == 400
    assert "修正の理由" in response.content.decode()
    assert stored(company, month) == {"net_sales": (5_000, "manual")}
    response = post_figures(client, org, data | {"correction_reason": "売上の計上漏れ"})
    assert response.status_code == 302
    assert set(ActualCorrection.objects.values_list("line", "reason", "by")) == {
        ("net_sales", "売上の計上漏れ", owner.pk),
        ("cost_of_sales", "売上の計上漏れ", owner.pk),
    }


def test_kpi_actuals_of_a_closed_month_need_a_reason_on_the_supporters_sheet(company, supporter):
    month = this_month()
    kpi = create_kpi(company, by=supporter, name="訪問件数", unit="件")
    issue_report(company, supporter, month)
    day = month.first_day
    with pytest.raises(MonthClosed):
        save_kpi_months(
            company,
            by=supporter,
            months=[day],
            values={(kpi.pk, day): (None, Decimal(3))},
            expected_sheet_version=0,
        )
    assert not KpiMonth.objects.exists()
    # a target alone is not an actual: the month close does not apply
    save_kpi_months(
        company,
        by=supporter,
        months=[day],
        values={(kpi.pk, day): (Decimal(5), None)},
        expected_sheet_version=0,
    )
    save_kpi_months(
        company,
        by=supporter,
        months=[day],
        values={(kpi.pk, day): (Decimal(5), Decimal(3))},
        expected_sheet_version=1,
        correction_reason="集計漏れ",
    )
    assert KpiMonth.objects.get(kpi=kpi).actual == Decimal(3)
    entry = ActivityLog.objects.filter(code="monitoring.kpis.saved").latest("id")
    assert entry.data["correction_reason"] == "集計漏れ"


def test_employees_and_the_support_side_get_404(org, company, supporter, owner):
    employee = UserFactory(username="emp-fig")
    MembershipFactory(user=employee, organization=org, role=Role.EMPLOYEE, company=company)
    for user in (employee, supporter):
        client = client_for(user)
        assert client.get(portal_url(org, "figures")).status_code == 404
        assert post_figures(client, org, {"month": str(this_month()), "net_sales": "1"}).status_code == 404
    assert not MonthlyActual.objects.exists()


def test_a_month_out_of_range_in_the_url_is_404(org, owner):
    client = client_for(owner)
    assert client.get(portal_url(org, "figures") + "?month=2999-01").status_code == 404
    assert client.get(portal_url(org, "figures") + "?month=abc").status_code == 404
