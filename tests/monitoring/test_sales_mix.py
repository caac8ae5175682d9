"""売上構成比・粗利管理表: segments, the grid in 千円 and 円, share and margin, the reconciliation with
月次実績の売上高, conflicts, read-only roles and tenancy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from banso.core.errors import ConflictError
from banso.monitoring.domain import segments as domain
from banso.monitoring.models import MonthlyActual, SegmentMonth

pytestmark = pytest.mark.django_db

APR = dt.date(2026, 4, 1)


def mix_url(company, unit="thousand"):
    url = reverse("monitoring:segments", kwargs={"org": company.organization.slug, "company_pk": company.pk})
    return f"{url}?fy=2027&unit={unit}"


def test_grid_in_thousands_gives_share_margin_and_reconciles(login, supporter, company):
    a = domain.create_segment(company, by=supporter, name="主力製品A")
    b = domain.create_segment(company, by=supporter, name="EC", kind="channel")
    MonthlyActual.objects.create(company=company, month=APR, line="net_sales", amount=4_000_000)
    client = login(supporter)
    data = {
        "sheet_version": 0,
        "unit": "thousand",
        f"actual_sales-{a.pk}-2026-04": "3,000",
        f"actual_gross_profit-{a.pk}-2026-04": "900",
        f"actual_sales-{b.pk}-2026-04": "1000.5",
        f"actual_gross_profit-{b.pk}-2026-04": "△100",
    }
    assert client.post(mix_url(company), data).status_code == 302
    row = SegmentMonth.objects.get(segment=b)
    assert (row.actual_sales, row.actual_gross_profit) == (1_000_500, -100_000)
    page = client.get(mix_url(company)).content.decode()
    assert "75.0%" in page  # A's share of 4,000.5千円 rounds to 75.0 %
    assert "30.0%" in page  # A's margin 900 ÷ 3,000
    assert 'data-testid="total-actual-sales">4,001<' in page
    assert "区分の合計（4,001千円）が月次実績の売上高（4,000千円）と 1千円 違います" in page


def test_yen_unit_and_fraction_of_a_yen(login, supporter, company):
    a = domain.create_segment(company, by=supporter, name="主力製品A")
    client = login(supporter)
    bad = client.post(
        mix_url(company, "yen"), {"sheet_version": 0, "unit": "yen", f"plan_sales-{a.pk}-2026-04": "10.5"}
    )
    assert bad.status_code == 400
    assert "「主力製品A」2026年4月の計画売上高: 円未満の端数は入力できません。" in bad.content.decode()
    ok = client.post(
        mix_url(company, "yen"), {"sheet_version": 0, "unit": "yen", f"plan_sales-{a.pk}-2026-04": "1,234"}
    )
    assert ok.status_code == 302
    assert SegmentMonth.objects.get().plan_sales == 1234


def test_stale_grid_is_refused(company, supporter):
    a = domain.create_segment(company, by=supporter, name="A")
    domain.save_segment_months(
        company,
        by=supporter,
        months=[APR],
        values={(a.pk, APR): {"plan_sales": 100}},
        expected_sheet_version=0,
    )
    with pytest.raises(ConflictError):
        domain.save_segment_months(
            company,
            by=supporter,
            months=[APR],
            values={(a.pk, APR): {"plan_sales": 200}},
            expected_sheet_version=0,
        )
    assert SegmentMonth.objects.get().plan_sales == 100


def test_viewer_cannot_save_and_outsider_gets_404(login, viewer, outsider, supporter, company):
    a = domain.create_segment(company, by=supporter, name="秘密の区分")
    response = login(viewer).post(mix_url(company), {"sheet_version": 0, f"plan_sales-{a.pk}-2026-04": "1"})
    assert response.status_code == 403
    assert not SegmentMonth.objects.exists()
    foreign = login(outsider).get(mix_url(company))
    assert foreign.status_code == 404
    assert "秘密の区分" not in foreign.content.decode()
