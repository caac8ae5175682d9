"""/api/v1/companies/{company_id}/monitoring-reports: the issued モニタリング報告書 (immutable snapshots: the
period, the plan version compared against, who issued it and when, the SHA-256 of each file) and the
downloads of their stored files; and /monitoring-report.pdf|.xlsx, a report of the current figures
made on demand with the query of /monitoring (never stored; marked 下書き（未発行）).

Every file leaves through core.downloads (one `download.*` activity row per download, channel "api").
Drafting, editing and issuing stay on the pages (banso.monitoring.domain.reports)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema

from banso.api.common import Id, Page, PageNumber, PageSize, paginate
from banso.api.monitoring._common import MonthText, company
from banso.api.monitoring.table import table_arguments
from banso.core.access import get_visible_or_404, not_found_message
from banso.core.downloads import serve_export
from banso.core.exporters import PDF, XLSX, ExportFile
from banso.monitoring.domain import reports as report_domain
from banso.monitoring.domain.table import default_period
from banso.monitoring.engines.months import MonthError
from banso.monitoring.exports.report_pdf import MonitoringReportPdf
from banso.monitoring.exports.report_xlsx import MonitoringReportXlsx
from banso.monitoring.issued_files import issued_file
from banso.monitoring.models import MonitoringReport

router = Router(tags=["monitoring"])

FILE_RESPONSES = {
    "200": {
        "description": "ファイル（Content-Disposition に日本語のファイル名）",
        "content": {
            PDF: {"schema": {"type": "string", "format": "binary"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

ON_DEMAND_RESPONSES = FILE_RESPONSES | {
    "400": {
        "description": "報告書を作れない（計画がない、期間が計画の外か24か月を超える）",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}


class PlanVersionRef(Schema):
    id: int
    plan: int
    plan_title: str
    number: int
    label: str


class FileOut(Schema):
    filename: str
    sha256: str
    url: str = Field(description="ダウンロードの URL（API）")


class ReportOut(Schema):
    id: int
    company: int
    from_month: str
    to_month: str
    period: str
    plan_version: PlanVersionRef = Field(description="比較した計画の版")
    status: str
    issued_at: dt.datetime
    issued_by: int
    pdf: FileOut
    xlsx: FileOut
    sentences: dict[str, str] = Field(description="所見の文章（発行時点）")
    lender_request: str = Field(description="金融機関への継続支援のお願い")
    disclosed_corrections: list[int] = Field(description="この報告書で開示した実績の修正の ID")
    version: int

    @staticmethod
    def of(report: MonitoringReport) -> ReportOut:
        version = report.plan_version
        base = f"/api/v1/companies/{report.company_id}/monitoring-reports/{report.pk}"
        return ReportOut(
            id=report.pk,
            company=report.company_id,
            from_month=f"{report.from_month:%Y-%m}",
            to_month=f"{report.to_month:%Y-%m}",
            period=report_domain.period_label(report),
            plan_version=PlanVersionRef(
                id=version.pk,
                plan=version.plan_id,
                plan_title=version.plan.title,
                number=version.number,
                label=version.label,
            ),
            status=report.status,
            issued_at=report.issued_at,
            issued_by=report.issued_by_id,
            pdf=FileOut(
                filename=report_domain.export_filename(report.figures, "pdf"),
                sha256=report.pdf_sha256,
                url=f"{base}/pdf",
            ),
            xlsx=FileOut(
                filename=report_domain.export_filename(report.figures, "xlsx"),
                sha256=report.xlsx_sha256,
                url=f"{base}/xlsx",
            ),
            sentences=dict(report.sentences),
            lender_request=report.lender_request,
            disclosed_corrections=list(report.disclosed_corrections or []),
            version=report.version,
        )


class ReportPage(Page):
    results: list[ReportOut]


def _issued(found):
    return MonitoringReport.objects.filter(
        company=found, status=MonitoringReport.Status.ISSUED
    ).select_related("plan_version__plan")


def _issued_or_404(request, company_id: int, report_id: int):
    """(company, issued report) through the access rule; a draft is 404 like a missing one (drafts are
    the pages' working papers; the API shows issued snapshots only)."""
    found = company(request, company_id)
    return found, get_visible_or_404(_issued(found), request.membership, pk=report_id)


@router.get(
    "/companies/{company_id}/monitoring-reports",
    response=ReportPage,
    summary="発行済みのモニタリング報告書の一覧（対象期間の新しい順）",
)
def list_reports(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    found = company(request, company_id)
    rows = _issued(found).order_by("-to_month", "-issued_at", "-id")
    return paginate(rows, page, page_size, ReportOut.of)


@router.get(
    "/companies/{company_id}/monitoring-reports/{report_id}",
    response=ReportOut,
    summary="発行済みのモニタリング報告書（期間・計画の版・ファイルの SHA-256）",
)
def read_report(request, company_id: Id, report_id: Id):
    return ReportOut.of(_issued_or_404(request, company_id, report_id)[1])


def _stored(request, company_id: int, report_id: int, kind: str):
    """The issued file itself (its bytes match the stored SHA-256), read whole: a report is small, and
    an answer that holds no open file cannot leak one when a client drops the connection."""
    found, report = _issued_or_404(request, company_id, report_id)
    file = issued_file(report, kind)
    if file is None:
        raise Http404(not_found_message("報告書のファイル"))
    with file.stored.open("rb") as handle:
        content = handle.read()
    export = ExportFile(filename=file.filename, content_type=file.content_type, content=content)
    return serve_export(request, export, kind=file.log_kind, company=found, obj=report)


@router.get(
    "/companies/{company_id}/monitoring-reports/{report_id}/pdf",
    summary="発行済みの報告書の PDF（発行時のファイルそのもの）",
    openapi_extra={"responses": FILE_RESPONSES},
)
def report_pdf(request, company_id: Id, report_id: Id):
    return _stored(request, company_id, report_id, "pdf")


@router.get(
    "/companies/{company_id}/monitoring-reports/{report_id}/xlsx",
    summary="発行済みの報告書の Excel（発行時のファイルそのもの）",
    openapi_extra={"responses": FILE_RESPONSES},
)
def report_xlsx(request, company_id: Id, report_id: Id):
    return _stored(request, company_id, report_id, "xlsx")


def _on_demand(request, company_id, plan_version, from_, to, kind: str):
    arguments = table_arguments(request, company_id, plan_version, from_, to)
    found, version = arguments["company"], arguments["plan_version"]
    first, last = arguments["from_month"], arguments["to_month"]
    if first is None or last is None:
        if version is None:
            version = report_domain.default_plan_version(found)
        try:
            default_first, default_last = default_period(found, version, to_month=last)
        except MonthError as error:  # the fiscal year's start before 1900
            raise ValidationError({"to": str(error)}) from None
        first, last = first or default_first, last or default_last
    report = report_domain.unsaved_report(found, from_month=first, to_month=last, plan_version=version)
    exporter = MonitoringReportPdf() if kind == "pdf" else MonitoringReportXlsx()
    export = exporter.render(report=report, figures=report.figures, issued_at=None, issued_by=None)
    return serve_export(request, export, kind=f"monitoring.report.current_{kind}", company=found)


@router.get(
    "/companies/{company_id}/monitoring-report.pdf",
    summary="モニタリング報告書（現在の数値、PDF）",
    description="/monitoring と同じ plan_version・from・to で、現在の数値から報告書を作ります"
    "（保存せず、「下書き（未発行）」と記載）。期間は計画の期間内で24か月までです（外なら 400）。",
    openapi_extra={"responses": ON_DEMAND_RESPONSES},
)
def current_report_pdf(
    request,
    company_id: Id,
    plan_version: Id | None = None,
    from_: Annotated[MonthText | None, Query(alias="from")] = None,
    to: MonthText | None = None,
):
    return _on_demand(request, company_id, plan_version, from_, to, "pdf")


@router.get(
    "/companies/{company_id}/monitoring-report.xlsx",
    summary="モニタリング報告書（現在の数値、Excel）",
    description="PDF と同じ数値・同じ問い合わせ項目です。",
    openapi_extra={"responses": ON_DEMAND_RESPONSES},
)
def current_report_xlsx(
    request,
    company_id: Id,
    plan_version: Id | None = None,
    from_: Annotated[MonthText | None, Query(alias="from")] = None,
    to: MonthText | None = None,
):
    return _on_demand(request, company_id, plan_version, from_, to, "xlsx")
