"""The 支援経過報告書 (PDF) of an engagement: a direct download, or — for a large engagement
(domain/reports.report_in_background) — a background job whose page offers the file when it is
ready (banso/engagements/jobs.py), since long work never runs in a request (issue 10)."""

from __future__ import annotations

from django.shortcuts import redirect

from banso.core.downloads import serve_export
from banso.core.urls import org_reverse
from banso.engagements import jobs
from banso.engagements.domain.reports import report_in_background
from banso.engagements.exports import ProgressReportPdf
from banso.engagements.views._common import load_engagement


def report_pdf(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    if report_in_background(engagement):
        job = jobs.start_progress_report(engagement, membership=request.membership)
        return redirect(org_reverse(request, "jobs:detail", pk=job.pk))
    return serve_export(
        request,
        ProgressReportPdf().render(engagement=engagement, organization=request.organization),
        kind="engagements.progress_report.pdf",
        company=company,
        obj=engagement,
    )
