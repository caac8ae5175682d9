"""The engagements' background jobs (banso/core/jobs.py), registered in EngagementsConfig.ready(): a
large engagement's documents, rendered by the same exporter as the direct download and kept as the
job's result file; the job page offers 「ダウンロード」.

- `engagements.progress_report`: the 支援経過報告書 PDF (domain/reports.report_in_background);
- `engagements.action_plan`: the action-plan Excel (domain/reports.action_plan_in_background).

`start_document` is what the report and export views call. The handler re-checks at run time that the
user may still see the engagement; `result_access` checks it again at download time (another
organization's user, or one who lost the company, gets 404). A newer report of the same engagement
by the same user replaces the older file (core.jobs `file_key`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from banso.companies.queries import visible_company_or_404
from banso.core import jobs
from banso.core.models import Job, JobStatus
from banso.engagements import permissions, queries
from banso.orgs.queries import job_membership

PROGRESS_REPORT = "engagements.progress_report"
ACTION_PLAN = "engagements.action_plan"
DOWNLOAD_KIND = "engagements.progress_report.pdf"
REFUSED = "この支援案件を見る権限がないため、報告書を作成しませんでした。"


@dataclass(frozen=True)
class Document:
    label: str  # 支援経過報告書の作成 (also the job's title, with the company's name)
    download_kind: str  # the activity log's download code
    render: Callable  # (engagement, organization) -> ExportFile
    back: str  # the engagement page the job leads back to (a URL name)
    back_label: str


def _progress_report(engagement, organization):
    from banso.engagements.exports import ProgressReportPdf

    return ProgressReportPdf().render(engagement=engagement, organization=organization)


def _action_plan(engagement, organization):
    from banso.engagements.exports import ActionPlanXlsx

    return ActionPlanXlsx().render(engagement=engagement, actions=queries.actions_of(engagement))


DOCUMENTS = {
    PROGRESS_REPORT: Document(
        "支援経過報告書の作成", DOWNLOAD_KIND, _progress_report, "engagements:timeline", "支援の経過に戻る"
    ),
    ACTION_PLAN: Document(
        "アクションプラン（Excel）の作成",
        "engagements.action_plan.xlsx",
        _action_plan,
        "engagements:action_list",
        "アクションプランに戻る",
    ),
}


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


def start_document(kind: str, engagement, *, membership) -> Job:
    """Enqueue the document `kind` (a DOCUMENTS key) of `engagement` (the caller has loaded it through
    the access rule). The member's job for this document still waiting or running is returned instead
    of a second one (a second click while it runs)."""
    document = DOCUMENTS[kind]
    company = engagement.company
    waiting = (
        Job.objects.filter(
            organization_id=membership.organization_id,
            user_id=membership.user_id,
            kind=kind,
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
        kind,
        organization_id=company.organization_id,
        user=membership.user,
        company_id=company.pk,
        title=f"{document.label}（{company.name}）",
        params={"engagement": engagement.pk},
        back_url=_back_url(document, membership.organization.slug, company.pk, engagement.pk),
    )


def _back_url(document: Document, slug: str, company_pk: int, engagement_pk: int) -> str:
    return reverse(
        document.back, kwargs={"org": slug, "company_pk": company_pk, "engagement_pk": engagement_pk}
    )


def start_progress_report(engagement, *, membership) -> Job:
    return start_document(PROGRESS_REPORT, engagement, membership=membership)


def render_document(job: Job, progress) -> jobs.JobOutcome:
    document = DOCUMENTS[job.kind]
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
    progress(10, "内容を集め、ファイルに組んでいます")
    export = document.render(engagement, membership.organization)
    progress(95, "ファイルを保存しています")
    return jobs.JobOutcome(
        url=_back_url(document, membership.organization.slug, company.pk, engagement.pk),
        label=document.back_label,
        file=export,
        file_kind=document.download_kind,
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
    for kind, document in DOCUMENTS.items():
        jobs.register_job_kind(
            kind, label=document.label, handler=render_document, result_access=result_access
        )
