"""What a lender sees of monitoring through a consent grant (core.shared_scopes), read-only.

Registered in MonitoringConfig.ready(): モニタリング報告書 (the issued reports and their PDF / Excel —
drafts are never shared), 月次モニタリング表, 経営改善計画 (the current version of the newest plan) and
資金繰り表. The sharing area has already checked the grant; these functions only render the company's
records, with no form, no edit link and no link to any other page of the company."""

from __future__ import annotations

import re

from django.http import Http404
from django.template.loader import render_to_string

from banso.core import formatting
from banso.core.charts import svg_data_uri
from banso.core.errors import DomainError
from banso.core.shared_scopes import (
    CASH_FLOW,
    MONITORING_REPORTS,
    MONITORING_TABLE,
    PLAN,
    SharedContent,
    SharedDownload,
    SharedScope,
    register_shared_scope,
)
from banso.monitoring import queries
from banso.monitoring.domain import cashflow as cashflow_domain
from banso.monitoring.domain import reports as report_domain
from banso.monitoring.domain.table import monitoring_table
from banso.monitoring.engines.charts import cash_balance_chart
from banso.monitoring.engines.months import Month
from banso.monitoring.issued_files import issued_file, serve_issued_file
from banso.monitoring.models import MonitoringReport

_REPORT_ITEM = re.compile(r"^report-(\d{1,15})\.(pdf|xlsx)$")
NO_FILE = "お探しのファイルは共有されていません。"


def _issued_reports(company):
    return (
        MonitoringReport.objects.filter(company=company, status=MonitoringReport.Status.ISSUED)
        .select_related("plan_version__plan", "issued_by")
        .order_by("-to_month", "-id")
    )


def render_reports(request, company, download_url) -> SharedContent:
    rows = [
        {
            "report": r,
            "period": report_domain.period_label(r),
            "pdf_url": download_url(f"report-{r.pk}.pdf"),
            "xlsx_url": download_url(f"report-{r.pk}.xlsx"),
        }
        for r in _issued_reports(company)
    ]
    html = render_to_string("monitoring/shared/reports.html", {"rows": rows, "company": company}, request)
    return SharedContent(html=html, object_label=f"発行済みの報告書一覧（{len(rows)}件）")


def download_report(request, company, item: str) -> SharedDownload:
    match = _REPORT_ITEM.match(item)
    if not match:
        raise Http404(NO_FILE)
    report = _issued_reports(company).filter(pk=int(match.group(1))).first()
    if report is None:
        raise Http404(NO_FILE)
    file = issued_file(report, match.group(2))
    if file is None:
        raise Http404(NO_FILE)
    response = serve_issued_file(request, company, file, report)
    return SharedDownload(response=response, object_label=file.filename)


def render_table(request, company, download_url) -> SharedContent:
    from banso.monitoring.views import table_display as display

    try:
        built = monitoring_table(company)
    except DomainError as error:
        html = render_to_string("monitoring/shared/empty.html", {"message": error.message}, request)
        return SharedContent(html=html, object_label="月次モニタリング表（表示できる計画なし）")
    months = built.months
    context = {
        "built": built,
        "months": months,
        "blocks": display.grid_rows(request, company, built, {}, {}),
        "amber_pct": formatting.percent(built.thresholds.amber, is_ratio=True),
        "red_pct": formatting.percent(built.thresholds.red, is_ratio=True),
    }
    html = render_to_string("monitoring/shared/table.html", context, request)
    return SharedContent(
        html=html, object_label=f"月次モニタリング表（{months[0].label}〜{built.table.last_month.label}）"
    )


def render_plan(request, company, download_url) -> SharedContent:
    from banso.monitoring.views.plans import _version_context

    plan = next(iter(queries.plans(company)[:1]), None)
    version = plan.current_version if plan is not None else None
    if version is None:
        html = render_to_string(
            "monitoring/shared/empty.html", {"message": "経営改善計画はまだありません。"}, request
        )
        return SharedContent(html=html, object_label="経営改善計画（なし）")
    context = _version_context(request, company, plan, version)
    html = render_to_string("monitoring/shared/plan.html", {**context, "company": company}, request)
    return SharedContent(html=html, object_label=f"経営改善計画「{plan.title}」{version.label}")


def render_cashflow(request, company, download_url) -> SharedContent:
    overview = cashflow_domain.cash_flow_overview(company)
    table = overview.table
    chart = cash_balance_chart(
        table,
        threshold=overview.threshold,
        warning=overview.warning,
        negative_mark=cashflow_domain.negative_mark(),
    )
    columns = [{"month": Month.of(c.month), "projected": c.projected} for c in table.months]
    context = {"overview": overview, "columns": columns, "rows": table.rows(), "chart": svg_data_uri(chart)}
    html = render_to_string("monitoring/shared/cashflow.html", context, request)
    return SharedContent(html=html, object_label="資金繰り表")


def register() -> None:
    register_shared_scope(
        SharedScope(MONITORING_REPORTS, "モニタリング報告書", render_reports, download_report)
    )
    register_shared_scope(SharedScope(MONITORING_TABLE, "月次モニタリング表", render_table))
    register_shared_scope(SharedScope(PLAN, "経営改善計画", render_plan))
    register_shared_scope(SharedScope(CASH_FLOW, "資金繰り表", render_cashflow))
