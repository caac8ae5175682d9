"""Monitoring demo on the first day of a month (its own module: the demo is built here under a
patched clock, apart from the module-wide demo of test_monitoring_demo.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from banso.demo import base
from banso.demo.monitoring import records, stories
from banso.demo.monitoring.records import CompanyTimeline
from banso.monitoring.engines.months import fiscal_year_start
from banso.monitoring.models import (
    ActualCorrection,
    Gap,
    KpiMonth,
    MonitoringReport,
    MonthlyActual,
    NextMonthAction,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("now", [dt.datetime(2027, 4, 1, 0, 30), dt.datetime(2027, 6, 1, 0, 30)])
def test_maruyama_reads_right_on_the_first_day_of_a_month(monkeypatch, settings, tmp_path, now):
    """On 1 April (the first day of 丸山精工's fiscal year) the latest month closed the year before; on
    1 June it is the first month of this year. Either way the demo builds, the latest month is imported,
    and the report the review offers by default (the latest month's year to date) has a gap to explain."""
    settings.PRIVATE_FILES_ROOT = tmp_path
    aware = timezone.make_aware(now, timezone.get_default_timezone())
    monkeypatch.setattr(timezone, "now", lambda: aware)
    today = timezone.localdate()
    assert today == now.date()
    context: dict = {}
    base.build(context)
    records.build_maruyama(context, today)
    maruyama = next(c for c in context["companies"] if c.name == "有限会社丸山精工")
    line = CompanyTimeline(maruyama, today)
    latest = line.last_actual
    rows = MonthlyActual.objects.filter(company=maruyama, month=latest.first_day)
    corrected = ActualCorrection.objects.filter(company=maruyama, month=latest.first_day)
    rows = rows.exclude(line__in=corrected.values_list("line", flat=True))  # on 1 April: 決算整理
    assert set(rows.values_list("source", flat=True)) == {"import"}
    first = fiscal_year_start(latest.fiscal_year(line.end), line.end)
    assert Gap.objects.filter(
        company=maruyama, month__gte=first.first_day, month__lte=latest.first_day
    ).exists()
    assert MonitoringReport.objects.get(company=maruyama).status == "issued"
    actions = NextMonthAction.objects.filter(company=maruyama)
    assert set(actions.filter(month=line.this.first_day).values_list("review", flat=True)) == {"not_reviewed"}
    assert not actions.exclude(month=line.this.first_day).filter(review="not_reviewed").exists()
    assert KpiMonth.objects.filter(kpi__company=maruyama, month=latest.first_day).count() == len(
        stories.MARUYAMA_KPIS
    )
