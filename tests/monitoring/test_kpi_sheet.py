"""KPI管理シート: definitions, the grid saved as a whole (values, conflicts, bad cells), achievement
by direction and trend on the page and in the panel, read-only roles and tenancy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.core.errors import ConflictError
from banso.core.numbers import NumberFormatError
from banso.monitoring.domain import kpis as domain
from banso.monitoring.forms.kpis import read_kpi_value
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


# --- input like the other grids; signs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "unit", "value"),
    [
        ("１,２００", "件", Decimal(1200)),
        ("1,234.5", "", Decimal("1234.5")),
        ("△3.5", "%", Decimal("-3.5")),
        ("▲2", "pt", Decimal(-2)),
        ("-2", "", Decimal(-2)),
        ("1.2万", "件", Decimal(12000)),
        ("20件", "件", Decimal(20)),
        ("１２．５％", "%", Decimal("12.5")),
        ("1.5万", "円", Decimal(15000)),
        ("1.2万", "千円", Decimal(12)),  # an amount naming its unit is converted to the KPI's unit
        ("500千円", "千円", Decimal(500)),
        ("△1億", "万円", Decimal(-10000)),
        ("", "件", None),
        ("  ", "件", None),
    ],
)
def test_a_kpi_cell_reads_like_every_grid(typed, unit, value):
    assert read_kpi_value(typed, unit) == value


@pytest.mark.parametrize("typed", ["abc", "20人", "1.2.3", "万"])
def test_a_kpi_cell_that_is_not_a_number_is_refused(typed):
    with pytest.raises(NumberFormatError):
        read_kpi_value(typed, "件")


def test_sheet_saves_full_width_commas_units_and_triangle(login, supporter, company):
    visits = domain.create_kpi(company, by=supporter, name="訪問件数", unit="件")
    profit = domain.create_kpi(company, by=supporter, name="営業利益", unit="千円")
    client = login(supporter)
    data = {
        "sheet_version": 0,
        f"t-{visits.pk}-2026-04": "１，２００",
        f"a-{visits.pk}-2026-04": "1.1万",
        f"t-{profit.pk}-2026-04": "500",
        f"a-{profit.pk}-2026-04": "△120万",
    }
    assert client.post(sheet_url(company), data).status_code == 302
    rows = {row.kpi_id: row for row in KpiMonth.objects.filter(month=APR)}
    assert (rows[visits.pk].target, rows[visits.pk].actual) == (Decimal(1200), Decimal(11000))
    assert (rows[profit.pk].target, rows[profit.pk].actual) == (Decimal(500), Decimal(-1200))
    page = client.get(sheet_url(company)).content.decode()
    assert f'name="a-{profit.pk}-2026-04" value="△1,200"' in page  # negatives shown with △
    assert f'name="t-{visits.pk}-2026-04" value="1,200"' in page
    # the page's own text saves unchanged (no change, no new version)
    assert domain.kpi_sheet_version(company, [APR]) == 2


def test_sheet_refuses_a_negative_target_naming_kpi_and_month(login, supporter, company):
    kpi = domain.create_kpi(company, by=supporter, name="見積件数", unit="件")
    response = login(supporter).post(
        sheet_url(company),
        {"sheet_version": 0, f"t-{kpi.pk}-2026-05": "△10", f"a-{kpi.pk}-2026-05": "8"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "「見積件数」2026年5月の目標: 目標にマイナスは入力できません。" in page
    assert f'name="t-{kpi.pk}-2026-05" value="△10"' in page
    assert 'aria-label="見積件数 2026年5月 目標" aria-invalid="true"' in page
    assert 'aria-label="見積件数 2026年5月 実績" aria-invalid' not in page
    assert KpiMonth.objects.count() == 0


def test_sheet_refuses_a_negative_count_but_keeps_a_negative_profit(login, supporter, company):
    visits = domain.create_kpi(company, by=supporter, name="訪問件数", unit="件")
    profit = domain.create_kpi(company, by=supporter, name="営業利益", unit="円")
    client = login(supporter)
    response = client.post(
        sheet_url(company),
        {"sheet_version": 0, f"a-{visits.pk}-2026-04": "-3", f"a-{profit.pk}-2026-04": "-50000"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "「訪問件数」2026年4月の実績: 単位が「件」の実績にマイナスは入力できません。" in page
    assert "営業利益」2026年4月" not in page
    assert KpiMonth.objects.count() == 0
    response = client.post(sheet_url(company), {"sheet_version": 0, f"a-{profit.pk}-2026-04": "-50000"})
    assert response.status_code == 302
    assert KpiMonth.objects.get(kpi=profit).actual == Decimal(-50000)


def test_domain_refuses_negative_targets_for_every_caller(company, supporter):
    rate = domain.create_kpi(company, by=supporter, name="成約率", unit="%")
    hours = domain.create_kpi(company, by=supporter, name="残業時間", unit="時間", direction="lower")
    with pytest.raises(ValidationError) as info:
        domain.save_kpi_months(
            company,
            by=supporter,
            months=[APR, MAY],
            values={
                (rate.pk, APR): (Decimal(-1), Decimal(-2)),  # a rate's actual may fall below zero
                (hours.pk, MAY): (Decimal(10), Decimal(-1)),
            },
            expected_sheet_version=0,
        )
    assert info.value.messages == [
        "「成約率」2026年4月の目標: 目標にマイナスは入力できません。0以上の数値で入力してください。",
        "「残業時間」2026年5月の実績: 単位が「時間」の実績にマイナスは入力できません。"
        "0以上の数値で入力してください。",
    ]
    assert KpiMonth.objects.count() == 0
    assert domain.negative_actual_allowed("") and domain.negative_actual_allowed("％")
    assert not domain.negative_actual_allowed("件") and not domain.negative_actual_allowed(" 日 ")


def test_viewer_sees_negatives_with_a_triangle(login, viewer, supporter, company):
    kpi = domain.create_kpi(company, by=supporter, name="前年比増減", unit="%")
    domain.save_kpi_months(
        company,
        by=supporter,
        months=[APR],
        values={(kpi.pk, APR): (Decimal(5), Decimal("-2.5"))},
        expected_sheet_version=0,
    )
    page = login(viewer).get(sheet_url(company)).content.decode()
    assert "△2.50" in page and "-2.5" not in page
