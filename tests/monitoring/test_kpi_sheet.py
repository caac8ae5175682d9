"""KPI管理シート: definitions, the grid saved as a whole (values, conflicts, bad cells), achievement
by direction and trend on the page and in the panel, read-only roles and tenancy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.core.errors import ConflictError
from banso.monitoring.domain import kpis as domain
from banso.monitoring.models import KpiMonth
from banso.monitoring.views.panels import kpi_panel

pytestmark = pytest.mark.django_db

APR, MAY = dt.date(2026, 4, 1), dt.date(2026, 5, 1)


def sheet_url(company, fy=2027):
    url = reverse("monitoring:kpis", kwargs={"org": company.organization.slug, "company_pk": company.pk})
    return f"{url}?fy={fy}"


def test_duplicate_name_is_refused(company, supporter):
    domain.create_kpi(company, by=supporter, name="訪問件数", unit="件")
    with pytest.raises(ValidationError) as info:
        domain.create_kpi(company, by=supporter, name=" 訪問件数 ")
    assert info.value.message_dict == {"name": [domain.DUPLICATE_NAME_MESSAGE]}


def test_grid_saves_changed_cells_and_refuses_a_stale_grid(company, supporter):
    kpi = domain.create_kpi(company, by=supporter, name="訪問件数", unit="件")
    months = [APR, MAY]
    changed = domain.save_kpi_months(
        company,
        by=supporter,
        months=months,
        values={(kpi.pk, APR): (Decimal(20), Decimal(16)), (kpi.pk, MAY): (None, None)},
        expected_sheet_version=0,
    )
    assert changed == 1  # the blank May creates nothing
    assert domain.kpi_sheet_version(company, months) == 1
    with pytest.raises(ConflictError):
        domain.save_kpi_months(
            company,
            by=supporter,
            months=months,
            values={(kpi.pk, APR): (Decimal(20), Decimal(18))},
            expected_sheet_version=0,
        )
    row = KpiMonth.objects.get(kpi=kpi, month=APR)
    assert (row.target, row.actual, row.version) == (Decimal("20.00"), Decimal("16.00"), 1)


def test_page_shows_achievement_by_direction_and_trend(login, supporter, company):
    # fiscal year ends in March (company fixture) → FY2027 is 2026-04 … 2027-03
    visits = domain.create_kpi(company, by=supporter, name="訪問件数", unit="件")
    overtime = domain.create_kpi(company, by=supporter, name="残業時間", unit="時間", direction="lower")
    client = login(supporter)
    page = client.get(sheet_url(company)).content.decode()
    version = 0
    assert 'name="sheet_version" value="0"' in page
    data = {
        "sheet_version": version,
        f"t-{visits.pk}-2026-04": "20",
        f"a-{visits.pk}-2026-04": "１６",
        f"t-{visits.pk}-2026-05": "20",
        f"a-{visits.pk}-2026-05": "22",
        f"t-{overtime.pk}-2026-04": "20",
        f"a-{overtime.pk}-2026-04": "25",
    }
    assert client.post(sheet_url(company), data).status_code == 302
    page = client.get(sheet_url(company)).content.decode()
    assert f'data-testid="ach-{visits.pk}-2026-04">80.0%' in page
    assert f'data-testid="ach-{visits.pk}-2026-05">110.0%' in page
    assert f'data-testid="ach-{overtime.pk}-2026-04">80.0%' in page  # 20 ÷ 25 for lower-is-better
    assert "mon-status--red" in page or "mon-status--amber" in page
    assert f'data-testid="trend-{visits.pk}">改善' in page


def test_bad_cell_names_kpi_and_month_and_writes_nothing(login, supporter, company):
    kpi = domain.create_kpi(company, by=supporter, name="見積件数")
    response = login(supporter).post(
        sheet_url(company),
        {"sheet_version": 0, f"t-{kpi.pk}-2026-04": "10", f"a-{kpi.pk}-2026-06": "abc"},
    )
    assert response.status_code == 400
    assert "「見積件数」2026年6月の実績" in response.content.decode()
    assert KpiMonth.objects.count() == 0


def test_viewer_sees_values_without_inputs_and_cannot_post(login, viewer, supporter, company):
    kpi = domain.create_kpi(company, by=supporter, name="訪問件数")
    domain.save_kpi_months(
        company,
        by=supporter,
        months=[APR],
        values={(kpi.pk, APR): (Decimal(20), Decimal(16))},
        expected_sheet_version=0,
    )
    client = login(viewer)
    page = client.get(sheet_url(company)).content.decode()
    assert '<input name="t-' not in page and "16.00" in page
    assert (
        client.post(sheet_url(company), {"sheet_version": 1, f"a-{kpi.pk}-2026-04": "99"}).status_code == 403
    )
    assert KpiMonth.objects.get().actual == Decimal("16.00")


def test_outsider_gets_404(login, outsider, supporter, company):
    domain.create_kpi(company, by=supporter, name="秘密のKPI")
    response = login(outsider).get(sheet_url(company))
    assert response.status_code == 404
    assert "秘密のKPI" not in response.content.decode()


def test_kpi_panel_for_a_month(company, supporter):
    kpi = domain.create_kpi(company, by=supporter, name="成約率", unit="%")
    domain.save_kpi_months(
        company,
        by=supporter,
        months=[APR, MAY],
        values={(kpi.pk, APR): (Decimal(30), Decimal(24)), (kpi.pk, MAY): (Decimal(30), Decimal(27))},
        expected_sheet_version=0,
    )
    panel = kpi_panel(company, "2026-05")
    (row,) = panel["rows"]
    assert row["point"].achievement == Decimal("0.9")
    assert row["point"].status == "ok"
    assert row["trend"] == "改善"
