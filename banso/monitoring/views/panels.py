"""Context functions of the panels another monitoring page (the month's review screen) includes:

    from banso.monitoring.views.panels import kpi_panel, next_month_actions_panel
    context["actions_panel"] = next_month_actions_panel(company, month, can_edit=...)
    {% include "monitoring/_next_month_actions_panel.html" with panel=actions_panel %}
    context["kpi_panel"] = kpi_panel(company, month)
    {% include "monitoring/_kpi_panel.html" with panel=kpi_panel %}

The caller has already loaded `company` through the access rule; `month` is a Month, a date or
'YYYY-MM'. Figures come from the engines (engines/kpi.py), never from the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from banso.monitoring.engines import kpi as kpi_engine
from banso.monitoring.engines.months import Month, to_month
from banso.monitoring.engines.variance import Thresholds
from banso.monitoring.models import Kpi, KpiMonth, MonitoringThresholds, NextMonthAction

TREND_MONTHS = 12


def thresholds_for(company) -> Thresholds:
    amber, red = MonitoringThresholds.values_for(company.organization_id)
    return Thresholds(amber, red)


def actions_of_month(company, month: Month) -> list[NextMonthAction]:
    return list(
        NextMonthAction.objects.filter(company=company, month=month.first_day).order_by("order", "id")
    )


def next_month_actions_panel(company, month, *, can_edit: bool = False) -> dict:
    """`month`'s actions to review at its meeting and the actions set for the month after."""
    month = to_month(month)
    to_review = actions_of_month(company, month)
    return {
        "company": company,
        "month": month,
        "next_month": month + 1,
        "to_review": to_review,
        "unreviewed": sum(1 for a in to_review if a.review == NextMonthAction.Review.NOT_REVIEWED),
        "next_actions": actions_of_month(company, month + 1),
        "can_edit": can_edit,
    }


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    points: list  # kpi_engine.KpiPoint, month order
    trend: str | None

    @property
    def trend_label(self) -> str:
        return kpi_engine.TREND_LABELS.get(self.trend, "—") if self.trend else "—"

    def point(self, month: Month):
        return next((p for p in self.points if p.month == month), None)


def kpi_rows(
    company, months: list[Month], *, thresholds: Thresholds, active_only: bool = True
) -> list[KpiRow]:
    """One row per KPI over `months` (target, actual, achievement and status per month; trend from the
    last two months with an actual)."""
    kpis = Kpi.objects.filter(company=company)
    if active_only:
        kpis = kpis.filter(is_active=True)
    kpis = list(kpis.order_by("order", "id"))
    by_kpi: dict[int, dict] = {kpi.pk: {} for kpi in kpis}
    rows = KpiMonth.objects.filter(kpi__in=kpis, month__in=[m.first_day for m in months])
    for row in rows:
        by_kpi[row.kpi_id][Month.of(row.month)] = (row.target, row.actual)
    result = []
    for kpi in kpis:
        values = {m: by_kpi[kpi.pk].get(m, (None, None)) for m in months}
        points = kpi_engine.kpi_points(values, kpi.direction, thresholds)
        result.append(KpiRow(kpi, points, kpi_engine.trend(points, kpi.direction)))
    return result


def _pct(point):
    return None if point is None or point.achievement is None else point.achievement * 100


def kpi_panel(company, month, *, can_edit: bool = False) -> dict:
    """The active KPIs in `month`: target, actual, achievement, status, and trend over the last
    TREND_MONTHS months up to `month`."""
    month = to_month(month)
    months = [month - i for i in range(TREND_MONTHS - 1, -1, -1)]
    rows = kpi_rows(company, months, thresholds=thresholds_for(company))
    return {
        "company": company,
        "month": month,
        "rows": [
            {
                "kpi": r.kpi,
                "point": r.point(month),
                "ach_pct": _pct(r.point(month)),
                "trend": r.trend_label,
                "trend_key": r.trend or "",
            }
            for r in rows
        ],
        "can_edit": can_edit,
    }
