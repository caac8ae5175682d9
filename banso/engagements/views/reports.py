"""The 支援経過報告書 (PDF) of an engagement."""

from __future__ import annotations

from banso.core.exporters import download_response
from banso.engagements.exports import ProgressReportPdf
from banso.engagements.views._common import load_engagement


def report_pdf(request, company_pk, engagement_pk):
    _company, engagement = load_engagement(request, company_pk, engagement_pk)
    return download_response(
        ProgressReportPdf().render(engagement=engagement, organization=request.organization)
    )
