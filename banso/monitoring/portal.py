"""The monitoring area's provider for the owner portal (core.portal): this month's key actions
(次月重点アクション), the plan's numeric targets in plain words and the issued monitoring reports.

Monitoring figures are the company's own (core.visibility COMPANY_OWN); everything still loads
through `visible_to(membership)`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.core.portal import PortalItem, PortalKeyAction, PortalProvider, PortalTarget
from banso.core.urls import org_reverse
from banso.monitoring.domain.targets import plan_targets_of, target_rows
from banso.monitoring.models import ImprovementPlan, MonitoringReport, NextMonthAction


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


PROVIDER = PortalProvider(area="monitoring", key_actions=key_actions, targets=targets, documents=documents)
