"""The engagements' background job (banso/core/jobs.py), registered in EngagementsConfig.ready():

- `engagements.progress_report`: the 支援経過報告書 PDF of a large engagement
  (domain/reports.report_in_background), rendered by the same exporter as the direct download and
  kept as the job's result file; the job page offers 「ダウンロード」.

`start_progress_report` is what the report view calls. The handler re-checks at run time that the
user may still see the engagement; `result_access` checks it again at download time (another
organization's user, or one who lost the company, gets 404). A newer report of the same engagement
by the same user replaces the older file (core.jobs `file_key`).
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from banso.companies.queries import visible_company_or_404
from banso.core import jobs
from banso.core.models import Job, JobStatus
from banso.engagements import permissions, queries
from banso.orgs.queries import job_membership

PROGRESS_REPORT = "engagements.progress_report"
DOWNLOAD_KIND = "engagements.progress_report.pdf"
REFUSED = "この支援案件を見る権限がないため、報告書を作成しませんでした。"


def _visible(membership, *, organization_id: int, company_id, engagement_id):
    """(company, engagement) if the member may see them, in that organization; else None."""
    if membership is None or membership.organization_id != organization_id:
        return None
    if not permissions.is_support_side(membership) or not company_id or not engagement_id:
        return None
    try:
        company = visible_company_or_404(membership, company_id)
        engagement = queries.engagement_or_404(membership, engagement_id, company=company)
    except Http404:
        return None
    return company, engagement


def _engagement_id(job: Job):
    value = (job.params or {}).get("engagement")
    return value if isinstance(value, int) else None


def start_progress_report(engagement, *, membership) -> Job:
    """Enqueue the report of `engagement` (the caller has loaded it through the access rule). The
    member's report of this engagement still waiting or running is returned instead of a second one
    (a second click while it runs)."""
    company = engagement.company
    waiting = (
        Job.objects.filter(
            organization_id=membership.organization_id,
            user_id=membership.user_id,
            kind=PROGRESS_REPORT,
            company_id=company.pk,
            params__engagement=engagement.pk,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        )
        .order_by("-id")
        .first()
    )
    if waiting is not None and not jobs.is_stale(waiting):
        return waiting
    return jobs.enqueue_job(
        PROGRESS_REPORT,
        organization_id=company.organization_id,
        user=membership.user,
        company_id=company.pk,
        title=f"支援経過報告書の作成（{company.name}）",
        params={"engagement": engagement.pk},
        back_url=_timeline_url(membership.organization.slug, company.pk, engagement.pk),
    )


def _timeline_url(slug: str, company_pk: int, engagement_pk: int) -> str:
    return reverse(
        "engagements:timeline", kwargs={"org": slug, "company_pk": company_pk, "engagement_pk": engagement_pk}
    )


def render_progress_report(job: Job, progress) -> jobs.JobOutcome:
    from banso.engagements.exports import ProgressReportPdf

    membership = job_membership(job)
    found = _visible(
        membership,
        organization_id=job.organization_id,
        company_id=job.company_id,
        engagement_id=_engagement_id(job),
    )
    if found is None:
        raise jobs.JobRefused(REFUSED)
    company, engagement = found
    progress(10, "報告書の内容を集め、ページに組んでいます")
    export = ProgressReportPdf().render(engagement=engagement, organization=membership.organization)
    progress(95, "ファイルを保存しています")
    return jobs.JobOutcome(
        url=_timeline_url(membership.organization.slug, company.pk, engagement.pk),
        label="支援の経過に戻る",
        file=export,
        file_kind=DOWNLOAD_KIND,
        file_key=f"engagement:{engagement.pk}",
    )


def result_access(membership, job: Job):
    """(company, engagement) when the member may still see the engagement of the job's report."""
    return _visible(
        membership,
        organization_id=job.organization_id,
        company_id=job.company_id,
        engagement_id=_engagement_id(job),
    )


def register() -> None:
    jobs.register_job_kind(
        PROGRESS_REPORT,
        label="支援経過報告書の作成",
        handler=render_progress_report,
        result_access=result_access,
    )
