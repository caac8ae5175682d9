"""ローカルベンチマーク: the page (six indicators, scores, rank, radar), its PDF and Excel, re-evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from banso.core.charts import svg_data_uri
from banso.core.downloads import serve_export
from banso.core.errors import ConflictError
from banso.core.roles import is_org_admin
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.diagnosis.domain.results import reevaluate_company
from banso.diagnosis.exports.local_benchmark import LocalBenchmarkPdf, LocalBenchmarkXlsx
from banso.diagnosis.models import FinancialStatement, LocalBenchmarkResult
from banso.diagnosis.permissions import ensure_may_edit, may_edit
from banso.diagnosis.report import local_benchmark_report
from banso.diagnosis.views.common import company_for, page_context


def _year(request) -> int | None:
    raw = request.GET.get("fiscal_year", "")
    return int(raw) if raw.isdigit() else None


def _report(request, company):
    return local_benchmark_report(
        company, fiscal_year=_year(request), benchmark_version=request.GET.get("benchmark_version") or None
    )


def _not_scored(request, company, error: ConflictError):
    """The answer for a year that cannot be shown (a draft): the reason, the draft to fix and the
    confirmed years to choose from, with the API's status (409). See results.benchmark_year."""
    statements = list(company.financial_statements.all())
    return render(
        request,
        "diagnosis/local_benchmark_not_scored.html",
        page_context(
            company,
            "local_benchmark",
            message=error.message,
            draft=next((s for s in statements if s.fiscal_year == _year(request)), None),
            finals=[s for s in statements if s.is_final],
            can_edit=may_edit(request.membership, company, FinancialStatement),
        ),
        status=409,
    )


def local_benchmark(request, company_pk):
    company = company_for(request, company_pk)
    try:
        report = _report(request, company)
    except ConflictError as exc:
        return _not_scored(request, company, exc)
    radar = None
    if report.selected is not None:
        radar = svg_data_uri(report.radar_drawing(size=300))
    return render(
        request,
        "diagnosis/local_benchmark.html",
        page_context(
            company,
            "local_benchmark",
            report=report,
            radar=radar,
            can_edit=may_edit(request.membership, company, FinancialStatement),
            can_reevaluate=may_edit(request.membership, company, LocalBenchmarkResult),
            is_org_admin=is_org_admin(request.membership),
        ),
    )


def local_benchmark_pdf(request, company_pk):
    return _export(
        request,
        company_pk,
        label="PDF",
        kind="diagnosis.local_benchmark.pdf",
        build=lambda report: LocalBenchmarkPdf().render(
            report=report, organization_name=request.organization.name
        ),
        inline=request.GET.get("inline") == "1",
    )


def local_benchmark_xlsx(request, company_pk):
    return _export(
        request,
        company_pk,
        label="Excel",
        kind="diagnosis.local_benchmark.xlsx",
        build=lambda report: LocalBenchmarkXlsx().render(report=report),
    )


def _export(request, company_pk, *, label: str, kind: str, build, **options):
    """A download of the report (`build(report)` makes the file): for the year asked for, or the
    answer why not (a draft year; no confirmed statement at all)."""
    company = company_for(request, company_pk)
    try:
        report = _report(request, company)
    except ConflictError as exc:
        return _not_scored(request, company, exc)
    if report.selected is None:
        messages.warning(request, f"確定した決算書がないため、{label} を作成できません。")
        return redirect(org_reverse(request, "diagnosis:local_benchmark", company_pk=company.pk))
    return serve_export(request, build(report), kind=kind, company=company, obj=report.result, **options)


def reevaluate(request, company_pk):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, LocalBenchmarkResult)
    if refusal := refuse_unless_post(request):
        return refusal
    table = reevaluate_company(company, by=request.user)
    messages.success(
        request, f"確定済みのすべての決算期を、基準値「{table.version_label}」と現在の設定で再評価しました。"
    )
    return redirect(org_reverse(request, "diagnosis:local_benchmark", company_pk=company.pk))
