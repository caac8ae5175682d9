"""Comment threads (core.commentables) on a gap (乖離), a next-month action (次月重点アクション) and a
monitoring report. Registered in MonitoringConfig.ready()."""

from __future__ import annotations

from django.urls import reverse

from banso.core.access import get_visible_or_404
from banso.core.commentables import CommentableKind, CommentTarget
from banso.core.roles import COMPANY_SIDE_ROLES
from banso.monitoring.engines import lines
from banso.monitoring.engines.months import Month
from banso.monitoring.models import Gap, MonitoringReport, NextMonthAction


def _supporters(company) -> frozenset[int]:
    return frozenset(company.supporters.values_list("pk", flat=True))


def _review_url(company, month) -> str:
    url = reverse("monitoring:review", kwargs={"org": company.organization.slug, "company_pk": company.pk})
    return f"{url}?month={Month.of(month)}"


def _target(kind: str, record, *, title: str, support_url: str, portal_url: str = "") -> CommentTarget:
    """The thread's target for a record of the company (loaded with its organization)."""
    company = record.company
    return CommentTarget(
        kind=kind,
        object_id=record.pk,
        company_id=company.pk,
        organization_id=company.organization_id,
        title=title,
        support_url=support_url,
        portal_url=portal_url,
        supporter_ids=_supporters(company),
    )


def load_gap(membership, object_id: int) -> CommentTarget:
    gap = get_visible_or_404(Gap.objects.select_related("company__organization"), membership, pk=object_id)
    return _target(
        "gap",
        gap,
        title=f"{Month.of(gap.month).year}年{gap.month.month}月の{lines.label(gap.line)}の乖離",
        support_url=_review_url(gap.company, gap.month),
    )


def load_next_month_action(membership, object_id: int) -> CommentTarget:
    action = get_visible_or_404(
        NextMonthAction.objects.select_related("company__organization"), membership, pk=object_id
    )
    return _target(
        "next_month_action",
        action,
        title=f"次月重点アクション「{action.title}」",
        support_url=_review_url(action.company, action.month),
        portal_url=reverse("portal:home", kwargs={"org": action.company.organization.slug}),
    )


def _reports(membership):
    qs = MonitoringReport.objects.visible_to(membership)
    if membership is not None and membership.role in COMPANY_SIDE_ROLES:
        # The company side sees issued reports only (the portal's 資料); a draft's thread is the team's.
        qs = qs.filter(status=MonitoringReport.Status.ISSUED)
    return qs


def load_report(membership, object_id: int) -> CommentTarget:
    report = get_visible_or_404(
        _reports(membership).select_related("company__organization"), membership, pk=object_id
    )
    slug = report.company.organization.slug
    period = f"{Month.of(report.from_month)}〜{Month.of(report.to_month)}"
    return _target(
        "monitoring_report",
        report,
        title=f"モニタリング報告書（{period}）",
        support_url=reverse(
            "monitoring:report_detail", kwargs={"org": slug, "company_pk": report.company_id, "pk": report.pk}
        ),
        portal_url=reverse("portal:documents", kwargs={"org": slug}),
    )


KINDS = (
    CommentableKind(
        code="gap",
        label="乖離",
        load=load_gap,
        visible_ids=lambda m: Gap.objects.visible_to(m).values("pk"),
    ),
    CommentableKind(
        code="next_month_action",
        label="次月重点アクション",
        load=load_next_month_action,
        visible_ids=lambda m: NextMonthAction.objects.visible_to(m).values("pk"),
    ),
    CommentableKind(
        code="monitoring_report",
        label="モニタリング報告書",
        load=load_report,
        visible_ids=lambda m: _reports(m).values("pk"),
    ),
)
