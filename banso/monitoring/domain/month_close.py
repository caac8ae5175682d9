"""Month close (月次の締め): once a monitoring report covering a month is ISSUED, that month's
actuals are closed.

The ONE rule every write path of actuals calls — the supporter's grid (`actuals.save_actuals`), the
owner's phone form (`owner_figures.save_owner_figures`), the accounting import's commit
(`imports.commit_import` → `actuals.write_actuals`), the KPI sheet's actuals (`kpis.save_kpi_months`)
and the API, which calls the same functions:

- `closed_months(company, months)`: which of the months are closed, and by which issued report;
- `check_month_close(company, months, correction_reason)`: a change touching a closed month without a
  reason raises `MonthClosed` (a DomainError, the API's 400) with a Japanese message naming the month
  and the report; with a reason it returns the closed months so the caller records the correction
  (monthly actuals: one `ActualCorrection` per cell; KPI actuals: the reason in the activity entry).
"""

from __future__ import annotations

from collections.abc import Iterable

from banso.core.errors import DomainError
from banso.core.formatting import screen_date
from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonitoringReport

MAX_REASON = 2000


class MonthClosed(DomainError):
    """A change of a month behind an issued report without a correction reason."""


def closed_months(company, months: Iterable) -> dict[Month, MonitoringReport]:
    """For each of `months` (Month or date) covered by an issued report of `company`: the latest one."""
    months = sorted({m if isinstance(m, Month) else Month.of(m) for m in months})
    if not months:
        return {}
    reports = MonitoringReport.objects.filter(
        company=company,
        status=MonitoringReport.Status.ISSUED,
        from_month__lte=months[-1].first_day,
        to_month__gte=months[0].first_day,
    ).order_by("-issued_at", "-id")
    covering: dict[Month, MonitoringReport] = {}
    for report in reports:
        first, last = Month.of(report.from_month), Month.of(report.to_month)
        for month in months:
            if first <= month <= last:
                covering.setdefault(month, report)
    return covering


def closed_message(month: Month, report: MonitoringReport) -> str:
    issued = screen_date(report.issued_at) if report.issued_at else ""
    period = f"{Month.of(report.from_month).label}〜{Month.of(report.to_month).label}"
    return (
        f"{month.label}の実績は発行済みのモニタリング報告書（対象期間 {period}、{issued}発行）"
        "に含まれているため締められています。"
        "変更するには「修正の理由」を入力してください（修正は次の報告書で開示されます）。"
    )


def clean_reason(reason: str | None) -> str:
    return (reason or "").strip()[:MAX_REASON]


def check_month_close(
    company, months: Iterable, correction_reason: str | None
) -> dict[Month, MonitoringReport]:
    """The closed months among `months` (the months a write would change). MonthClosed when any is
    closed and `correction_reason` is blank; nothing is written by this function."""
    covering = closed_months(company, months)
    if covering and not clean_reason(correction_reason):
        month = min(covering)
        raise MonthClosed(closed_message(month, covering[month]))
    return covering
