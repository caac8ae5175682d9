"""Plan amounts and actuals for monitoring-table tests, written row by row as the domain stores them."""

from __future__ import annotations

from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonthlyActual, PlanAmount


def add_plan(version, amounts: dict[str, dict[str, int]]) -> None:
    """{line: {'YYYY-MM': yen}} as PlanAmount rows of `version`."""
    PlanAmount.objects.bulk_create(
        PlanAmount(plan_version=version, month=Month.parse(month).first_day, line=line, amount=amount)
        for line, by_month in amounts.items()
        for month, amount in by_month.items()
    )


def add_actuals(company, amounts: dict[str, dict[str, int]]) -> None:
    """{line: {'YYYY-MM': yen}} as MonthlyActual rows of `company`."""
    MonthlyActual.objects.bulk_create(
        MonthlyActual(company=company, month=Month.parse(month).first_day, line=line, amount=amount)
        for line, by_month in amounts.items()
        for month, amount in by_month.items()
    )
