"""The monitoring area's provider for the owner portal (core.portal): this month's key actions
(次月重点アクション), the plan's numeric targets in plain words and the issued monitoring reports.

Monitoring figures are the company's own (core.visibility COMPANY_OWN); everything still loads
through `visible_to(membership)`.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from banso.companies.queries import visible_company_or_404
from banso.core.access import NOT_FOUND_MESSAGE, not_found_message
from banso.core.errors import DomainError
from banso.core.portal import (
    PortalFigures,
    PortalItem,
    PortalKeyAction,
    PortalKpiValue,
    PortalProvider,
    PortalTarget,
)
from banso.core.urls import org_reverse
from banso.monitoring.domain.month_close import closed_message
from banso.monitoring.domain.owner_figures import owner_figures, owner_month, owner_months, save_owner_figures
from banso.monitoring.domain.targets import plan_targets_of, target_rows
from banso.monitoring.models import ImprovementPlan, MonitoringReport, NextMonthAction
from banso.monitoring.permissions import may_enter_owner_figures


def key_actions(membership, month: dt.date) -> list[PortalKeyAction]:
    rows = NextMonthAction.objects.visible_to(membership).filter(month=month.replace(day=1))
    return [PortalKeyAction(title=a.title, owner=a.owner, measure=a.measure, month=a.month) for a in rows]


def targets(membership) -> list[PortalTarget]:
    plan = (
        ImprovementPlan.objects.visible_to(membership)
        .select_related("company")
        .order_by("-created_at", "-id")
        .first()
    )
    version = plan.current_version if plan is not None else None
    if version is None:
        return []
    rows = target_rows(plan_targets_of(version), fiscal_year_end_month=plan.company.fiscal_year_end_month)
    return [
        PortalTarget(
            label=row.label,
            value_text=row.value_text,
            yardstick=row.yardstick,
            judgement_text=row.judgement_text,
            explanation=row.explanation,
        )
        for row in rows
    ]


def documents(membership, org_slug: str) -> list[PortalItem]:
    reports = (
        MonitoringReport.objects.visible_to(membership)
        .filter(status=MonitoringReport.Status.ISSUED)
        .exclude(pdf="")
        .order_by("-to_month", "-id")
    )
    return [
        PortalItem(
            title="モニタリング報告書",
            on=timezone.localdate(r.issued_at) if r.issued_at else None,
            text=f"{r.from_month:%Y年%-m月}〜{r.to_month:%Y年%-m月}",
            url=org_reverse(org_slug, "monitoring:report_pdf", company_pk=r.company_id, pk=r.pk),
        )
        for r in reports
    ]


def _owner_company(membership):
    company = visible_company_or_404(membership, membership.company_id)
    if not may_enter_owner_figures(membership, company):
        raise Http404(NOT_FOUND_MESSAGE)
    return company


def figures(membership, month: str | None) -> PortalFigures:
    """The owner's form for `month` (default: this month; a month out of range is a 404)."""
    company = _owner_company(membership)
    try:
        chosen = owner_month(month) if month else owner_months()[0]
    except DomainError:
        raise Http404(not_found_message("月")) from None
    found = owner_figures(company, chosen)
    return PortalFigures(
        month=str(found.month),
        month_label=found.month.label,
        net_sales=found.net_sales,
        gross_profit=found.gross_profit,
        cash_and_deposits=found.cash_and_deposits,
        kpis=[PortalKpiValue(id=k.id, name=k.name, unit=k.unit, actual=k.actual) for k in found.kpis],
        version=found.version,
        closed_message=closed_message(found.month, found.closed_by) if found.closed_by else "",
        entered_by_owner=found.entered_by_owner,
        month_choices=[(str(m), m.label) for m in owner_months()],
    )


def save_figures(membership, month: str, **values) -> int:
    """The owner's entry, as the owner (monitoring.domain.owner_figures.save_owner_figures)."""
    company = _owner_company(membership)
    return save_owner_figures(company, by=membership.user, month=month, **values)


PROVIDER = PortalProvider(
    area="monitoring",
    key_actions=key_actions,
    targets=targets,
    documents=documents,
    figures=figures,
    save_figures=save_figures,
)
