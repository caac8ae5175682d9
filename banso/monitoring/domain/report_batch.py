"""今月のモニタリング報告書を一括作成: a draft report for every company of the organization that is due
one for the month, each in its own transaction (Banso rule, below). Run as a background job
(banso/monitoring/jobs.py); a second run drafts nothing twice.

A company is due for `month` when it has an improvement plan and no monitoring report (draft or
issued) ending in that month. It is drafted when it has monthly actuals for that month; otherwise it
is skipped with the reason. The report covers the fiscal year's first month up to `month`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from banso.companies.models import Company
from banso.monitoring.domain.actuals import _lock_company
from banso.monitoring.domain.reports import draft_report
from banso.monitoring.engines.months import Month, fiscal_year_start
from banso.monitoring.models import ImprovementPlan, MonitoringReport, MonthlyActual

MAX_COMPANIES = 5000  # one job's bound; a bigger organization runs it again for the rest


@dataclass(frozen=True)
class BatchLine:
    company: Company
    report: MonitoringReport | None  # drafted now
    note: str  # why skipped (empty when drafted)


def batch_month(today) -> Month:
    """The month a monthly report made `today` covers: the last complete month."""
    return Month.of(today) + -1


def due_companies(membership, month: Month):
    """The companies the member may see that have a plan and no report ending in `month`."""
    return (
        Company.objects.visible_to(membership)
        .filter(pk__in=ImprovementPlan.objects.values("company_id"))
        .exclude(pk__in=MonitoringReport.objects.filter(to_month=month.first_day).values("company_id"))
        .order_by("name", "pk")
    )


def draft_due_report(company, *, by, month: Month) -> BatchLine:
    """Draft `company`'s report for the fiscal year up to `month` unless one ends there already (the
    company row is locked, so two batches at once draft one report). Side effects: as draft_report
    (a MonitoringReport draft, `monitoring.report.drafted`). DomainError passes through (nothing kept).
    """
    with transaction.atomic():
        _lock_company(company)
        if MonitoringReport.objects.filter(company=company, to_month=month.first_day).exists():
            return BatchLine(company, None, f"{month.label}までの報告書はすでにあります。")
        if not MonthlyActual.objects.filter(company=company, month=month.first_day).exists():
            return BatchLine(company, None, f"{month.label}の月次実績がまだありません。")
        end_month = company.fiscal_year_end_month
        first = fiscal_year_start(month.fiscal_year(end_month), end_month)
        report = draft_report(company, by=by, from_month=first, to_month=month)
    return BatchLine(company, report, "")
