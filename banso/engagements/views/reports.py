"""The 支援経過報告書 (PDF) of an engagement."""

from __future__ import annotations

from banso.core.downloads import serve_export
from banso.engagements.exports import ProgressReportPdf
from banso.engagements.views._common import load_engagement


def report_pdf(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    return serve_export(
        request,
        ProgressReportPdf().render(engagement=engagement, organization=request.organization),
        kind="engagements.progress_report.pdf",
        company=company,
        obj=engagement,
    )
