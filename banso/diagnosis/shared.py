"""What a lender sees of the diagnosis through a consent grant (core.shared_scopes), read-only:
the ローカルベンチマーク result of the latest confirmed year (indicators, scores, rank, radar) and its
PDF. Registered in DiagnosisConfig.ready(); the sharing area has already checked the grant."""

from __future__ import annotations

from django.http import Http404
from django.template.loader import render_to_string

from banso.core.charts import svg_data_uri
from banso.core.downloads import serve_export
from banso.core.errors import ConflictError
from banso.core.shared_scopes import (
    LOCAL_BENCHMARK,
    SharedContent,
    SharedDownload,
    SharedScope,
    register_shared_scope,
)
from banso.diagnosis.exports.local_benchmark import LocalBenchmarkPdf
from banso.diagnosis.report import local_benchmark_report

PDF_ITEM = "local-benchmark.pdf"
NO_RESULT = "確定した決算書がないため、ローカルベンチマークの結果はまだありません。"


def _report(company):
    try:
        report = local_benchmark_report(company)
    except ConflictError:
        return None
    return report if report.selected is not None else None


def render_local_benchmark(request, company, download_url) -> SharedContent:
    report = _report(company)
    if report is None:
        return SharedContent(
            html=render_to_string("diagnosis/shared/empty.html", {"message": NO_RESULT}),
            object_label="ローカルベンチマーク（結果なし）",
        )
    context = {
        "report": report,
        "company": company,
        "radar": svg_data_uri(report.radar_drawing(size=300)),
        "pdf_url": download_url(PDF_ITEM),
    }
    html = render_to_string("diagnosis/shared/local_benchmark.html", context, request)
    return SharedContent(html=html, object_label=f"ローカルベンチマーク {report.period_label}")


def download_local_benchmark(request, company, item: str) -> SharedDownload:
    report = _report(company) if item == PDF_ITEM else None
    if report is None:
        raise Http404("お探しのファイルは共有されていません。")
    export = LocalBenchmarkPdf().render(report=report, organization_name=company.organization.name)
    response = serve_export(
        request, export, kind="diagnosis.local_benchmark.pdf", company=company, obj=report.result
    )
    return SharedDownload(response=response, object_label=export.filename)


def register() -> None:
    register_shared_scope(
        SharedScope(LOCAL_BENCHMARK, "ローカルベンチマーク", render_local_benchmark, download_local_benchmark)
    )
