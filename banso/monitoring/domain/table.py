"""The monitoring table of a company (月次モニタリング表): the ONE builder the pages, the API and the
report use. It loads what the variance engine needs — the plan version's monthly amounts, the
company's actuals (with the year before for 前年実績 and the fiscal year's first months for 累計) and the
organization's thresholds — and calls `banso.monitoring.engines.variance.monitoring_table`. No
arithmetic here: every figure comes from the engine.

    from banso.monitoring.domain.table import monitoring_table
    built = monitoring_table(company, from_month="2025-04", to_month="2026-03")
    built.table.row("net_sales").at("2025-06").cell.achievement
    built.plan_version  # the version compared against (None when the company has no plan)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from banso.core.errors import DomainError
from banso.monitoring.engines import variance
from banso.monitoring.engines.months import Month, MonthError, fiscal_year_start, to_month
from banso.monitoring.models import (
    MonitoringThresholds,
    MonthlyActual,
    PlanAmount,
    PlanVersion,
)

__all__ = [
    "MAX_TABLE_MONTHS",
    "CompanyTable",
    "current_plan_version",
    "default_period",
    "monitoring_table",
    "plan_versions",
    "thresholds_of",
]

# A table longer than this is refused (a page or an API call never asks for more than 10 years).
MAX_TABLE_MONTHS = 120


@dataclass(frozen=True)
class CompanyTable:
    """The engine's table with what it was built from (every screen names the plan version)."""

    company: object
    plan_version: PlanVersion | None
    thresholds: variance.Thresholds
    table: variance.MonitoringTable

    @property
    def months(self) -> list[Month]:
        return self.table.months

    @property
    def rows(self):
        return self.table.rows

    def row(self, key: str) -> variance.LineRow:
        return self.table.row(key)

    def flagged(self):
        return self.table.flagged()

    def trend(self, keys=variance.TREND_LINES) -> list[variance.TrendSeries]:
        return variance.trend(self.table, keys)

    @property
    def plan_label(self) -> str:
        """'経営改善計画 第2版' or '計画なし'."""
        if self.plan_version is None:
            return "計画なし"
        return f"{self.plan_version.plan.title} {self.plan_version.label}"


def thresholds_of(organization_id: int) -> variance.Thresholds:
    """The organization's thresholds (MonitoringThresholds; defaults 90 % / 80 %)."""
    amber, red = MonitoringThresholds.values_for(organization_id)
    return variance.Thresholds(amber=Decimal(amber), red=Decimal(red))


def current_plan_version(company) -> PlanVersion | None:
    """The current version of the company's newest plan; None when it has no plan."""
    return (
        PlanVersion.objects.filter(plan__company=company, is_current=True)
        .select_related("plan")
        .order_by("-plan__created_at", "-plan__id")
        .first()
    )


def _latest_actual_month(company) -> Month | None:
    latest = (
        MonthlyActual.objects.filter(company=company)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return Month.of(latest) if latest else None


def default_period(company, plan_version: PlanVersion | None = None, to_month=None) -> tuple[Month, Month]:
    """(first, last) month when a caller gives none: last = `to_month`, else the latest month with
    actuals, else the plan's first month, else this month; first = the start of last's fiscal year."""
    end_month = company.fiscal_year_end_month
    if to_month is not None:
        last = _month(to_month, "to_month")
    else:
        last = _latest_actual_month(company)
        if last is None:
            last = plan_version.first_month if plan_version is not None else Month.of(dt.date.today())
    first = fiscal_year_start(last.fiscal_year(end_month), end_month)
    return first, last


def _month(value, name: str) -> Month:
    try:
        return to_month(value)
    except (MonthError, TypeError, ValueError) as error:
        raise DomainError(
            str(error) if isinstance(error, MonthError) else f"{name}: 月の形式が正しくありません。"
        ) from error


def monitoring_table(
    company,
    *,
    plan_version: PlanVersion | None = None,
    from_month=None,
    to_month=None,
    keys=None,
) -> CompanyTable:
    """The monitoring table of `company` for from_month…to_month (Month, date or 'YYYY-MM').

    `plan_version` defaults to the current version of the company's newest plan (see
    `current_plan_version`); a version of another company's plan is refused. Missing months default
    through `default_period`. Raises DomainError (Japanese) for a bad or too long period."""
    if plan_version is None:
        plan_version = current_plan_version(company)
    elif plan_version.plan.company_id != company.pk:
        raise DomainError("この事業者の計画の版ではありません。")
    if to_month is None:
        first, last = default_period(company, plan_version)
        if from_month is not None:
            first = _month(from_month, "from_month")
            if first > last:
                last = first
    else:
        last = _month(to_month, "to_month")
        first = (
            _month(from_month, "from_month")
            if from_month is not None
            else default_period(company, plan_version, last)[0]
        )
    if last < first:
        raise DomainError("表示する期間の終わりが始まりより前です。")
    if last - first + 1 > MAX_TABLE_MONTHS:
        raise DomainError(f"表示できる期間は{MAX_TABLE_MONTHS}か月までです。")

    end_month = company.fiscal_year_end_month
    ytd_first = fiscal_year_start(first.fiscal_year(end_month), end_month)
    plan: dict[str, dict[Month, int]] = defaultdict(dict)
    if plan_version is not None:
        rows = PlanAmount.objects.filter(
            plan_version=plan_version, month__gte=ytd_first.first_day, month__lte=last.first_day
        ).values_list("line", "month", "amount")
        for line, month, amount in rows:
            plan[line][Month.of(month)] = amount
    actual: dict[str, dict[Month, int]] = defaultdict(dict)
    rows = MonthlyActual.objects.filter(
        company=company, month__gte=(ytd_first - 12).first_day, month__lte=last.first_day
    ).values_list("line", "month", "amount")
    for line, month, amount in rows:
        actual[line][Month.of(month)] = amount

    thresholds = thresholds_of(company.organization_id)
    kwargs = {} if keys is None else {"keys": keys}
    table = variance.monitoring_table(
        plan=plan,
        actual=actual,
        first_month=first,
        last_month=last,
        fiscal_year_end_month=end_month,
        thresholds=thresholds,
        **kwargs,
    )
    return CompanyTable(company=company, plan_version=plan_version, thresholds=thresholds, table=table)


def plan_versions(company):
    """Every version of the company's plans (for a version picker), newest plan and number first."""
    return (
        PlanVersion.objects.filter(plan__company=company)
        .select_related("plan")
        .order_by("-plan__created_at", "-plan__id", "-number")
    )
