"""The monitoring area's column in the company list (registered in core.company_columns by
MonitoringConfig.ready): the monitoring status — the month actuals reach, months behind, and
monitorings past their due date. Three queries for a page of companies."""

from __future__ import annotations

from django.db.models import Count, Max
from django.utils import timezone

from banso.core.company_columns import Cell, CompanyColumn
from banso.core.urls import org_reverse
from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonitoringDue, MonthlyActual, PlanVersion


def monitoring_cells(request, company_ids) -> dict[int, Cell]:
    today = timezone.localdate()
    planned = set(
        PlanVersion.objects.filter(plan__company_id__in=company_ids, is_current=True).values_list(
            "plan__company_id", flat=True
        )
    )
    latest = dict(
        MonthlyActual.objects.filter(company_id__in=company_ids)
        .values("company_id")
        .annotate(last=Max("month"))
        .values_list("company_id", "last")
    )
    overdue = dict(
        MonitoringDue.objects.filter(
            schedule__company_id__in=company_ids, done_on__isnull=True, due_on__lt=today
        )
        .values("schedule__company_id")
        .annotate(n=Count("id"))
        .values_list("schedule__company_id", "n")
    )
    last_month = Month.of(today) - 1
    cells = {}
    for company_id in set(planned) | set(latest) | set(overdue):
        parts, tone = [], ""
        if company_id in latest:
            reached = Month.of(latest[company_id])
            parts.append(f"実績 {reached.year}/{reached.month:02d}まで")
            if company_id in planned and reached < last_month:
                parts.append(f"{last_month - reached}か月未入力")
                tone = "alert"
        elif company_id in planned:
            parts.append("実績未入力")
            tone = "alert"
        if overdue.get(company_id):
            parts.append(f"期日超過{overdue[company_id]}件")
            tone = "alert"
        cells[company_id] = Cell(
            text="・".join(parts),
            url=org_reverse(request, "monitoring:home", company_pk=company_id),
            tone=tone,
        )
    return cells


COLUMNS = (CompanyColumn("monitoring", "モニタリング", 50, monitoring_cells),)
