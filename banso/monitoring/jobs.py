"""Monitoring's background jobs (banso/core/jobs.py), registered in MonitoringConfig.ready():

- `monitoring.accounting_import`: read an uploaded accounting export into a waiting import
  (domain/imports.upload_import) → its preview;
- `monitoring.segment_import`: the same for a sales-mix file (domain/segment_imports) → its preview;
- `monitoring.report_batch`: 今月のモニタリング報告書を一括作成 (domain/report_batch) → the drafts;
- the scheduled `monitoring_due` (cron → `manage.py enqueue_scheduled monitoring_due`).

The `start_*` functions are what views and the API call: they check what can be checked at once
(permission, the upload's size) and enqueue. The handlers re-check access when they run, call the same
domain functions as before (all or nothing), and are idempotent: a retried upload job whose first
attempt already kept the file finds that import (same bytes, same user, since the job started)
instead of keeping a second one.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from banso.companies.models import Company
from banso.core import jobs
from banso.core.errors import DomainError
from banso.core.roles import Role
from banso.core.spreadsheets import read_upload
from banso.core.text import nfkc
from banso.monitoring.domain import imports as import_domain
from banso.monitoring.domain import report_batch
from banso.monitoring.domain import segment_imports as segment_domain
from banso.monitoring.engines.imports import LAYOUTS, ImportProblem
from banso.monitoring.engines.months import Month
from banso.monitoring.models import AccountingImport, SegmentImport
from banso.monitoring.permissions import may_edit
from banso.orgs.queries import job_membership

logger = logging.getLogger("banso.monitoring")

ACCOUNTING_IMPORT = "monitoring.accounting_import"
SEGMENT_IMPORT = "monitoring.segment_import"
REPORT_BATCH = "monitoring.report_batch"
REFUSED = "この事業者のデータを扱う権限がないため、処理しませんでした。"


def _filename(upload) -> str:
    return nfkc(getattr(upload, "name", "") or "upload").strip()[:255] or "upload"


def _job_company(job, model) -> Company:
    """The job's company, if its user may still change `model` records of it (else JobRefused):
    another organization's company, or one the user lost, is refused at run time."""
    membership = job_membership(job)
    company = (
        Company.objects.visible_to(membership)
        .filter(pk=job.company_id)
        .select_related("organization")
        .first()
        if membership is not None and job.company_id
        else None
    )
    if (
        company is None
        or company.organization_id != job.organization_id
        or not may_edit(membership, company, model)
    ):
        raise jobs.JobRefused(REFUSED)
    return company


def _org_url(company, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": company.organization.slug, **kwargs})


# ---- 会計データの取込 ----------------------------------------------------------------------------------


def start_accounting_import(
    company, *, by, upload, layout: str | None = None, fiscal_year: int | None = None, cumulative_ok=False
):
    """Enqueue the reading of an accounting export (the caller has checked may_edit). The size is
    checked now (UploadError 413); the reading, parsing and keeping run in the worker."""
    if layout is not None and layout not in LAYOUTS:
        raise ImportProblem(f"「{layout}」は対応していないファイル形式です。")
    content = read_upload(upload, max_bytes=import_domain.max_upload_bytes())
    filename = _filename(upload)
    return jobs.enqueue_job(
        ACCOUNTING_IMPORT,
        organization_id=company.organization_id,
        user=by,
        company_id=company.pk,
        title=f"会計データの読み取り（{company.name}）",
        params={"layout": layout, "fiscal_year": fiscal_year, "cumulative_ok": bool(cumulative_ok)},
        input_name=filename,
        input_content=content,
        back_url=_org_url(company, "monitoring:imports", company_pk=company.pk),
    )


# ---- 売上構成表の取込 ----------------------------------------------------------------------------------


def start_segment_import(company, *, by, upload, side, kind, unit, fiscal_year):
    """Enqueue the reading of a sales-mix file (size checked now; parsing in the worker)."""
    if side not in segment_domain.SIDE_CHOICES:
        raise ImportProblem("計画か実績かを選んでください。")
    content = read_upload(upload, max_bytes=segment_domain.max_upload_bytes())
    filename = _filename(upload)
    return jobs.enqueue_job(
        SEGMENT_IMPORT,
        organization_id=company.organization_id,
        user=by,
        company_id=company.pk,
        title=f"売上構成表の読み取り（{company.name}）",
        params={"side": side, "kind": kind, "unit": unit or None, "fiscal_year": fiscal_year},
        input_name=filename,
        input_content=content,
        back_url=_org_url(company, "monitoring:segment_import", company_pk=company.pk),
    )


# ---- the two upload jobs' one handler -------------------------------------------------------------------


@dataclass(frozen=True)
class UploadJob:
    """What differs between the two upload jobs: the import model, the domain function that reads the
    file into a waiting import (with the job's params), the reading step's words and the preview page."""

    model: type
    upload: Callable[..., object]
    reading: str
    preview: str


def _upload_accounting(company, *, by, upload, params: dict):
    return import_domain.upload_import(
        company,
        by=by,
        upload=upload,
        layout=params.get("layout"),
        fiscal_year=params.get("fiscal_year"),
        cumulative_ok=bool(params.get("cumulative_ok")),
    )


def _upload_segments(company, *, by, upload, params: dict):
    return segment_domain.upload_segment_import(
        company,
        by=by,
        upload=upload,
        side=params.get("side") or "actual",
        kind=params.get("kind"),
        unit=params.get("unit"),
        fiscal_year=params.get("fiscal_year"),
    )


UPLOAD_JOBS = {
    ACCOUNTING_IMPORT: UploadJob(
        model=AccountingImport,
        upload=_upload_accounting,
        reading="ファイルを読み取り、勘定科目を集計しています",
        preview="monitoring:import_preview",
    ),
    SEGMENT_IMPORT: UploadJob(
        model=SegmentImport,
        upload=_upload_segments,
        reading="ファイルを読み取り、区分ごとに集計しています",
        preview="monitoring:segment_import_preview",
    ),
}


def read_upload_job(job, progress) -> jobs.JobOutcome:
    """Read a queued upload into a waiting import (UPLOAD_JOBS[job.kind] says which) → its preview.
    Idempotent: a retry finds the import its first attempt kept (same bytes, same user, since the job)."""
    kind = UPLOAD_JOBS[job.kind]
    company = _job_company(job, kind.model)
    content = jobs.job_input(job)
    progress(10, "ファイルを確認しています")
    already = (
        kind.model.objects.filter(
            company=company,
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=job.user,
            created_at__gte=job.created_at,
        )
        .order_by("-id")
        .first()
    )
    if already is None:
        progress(30, kind.reading)
        already = kind.upload(
            company,
            by=job.user,
            upload=ContentFile(content, name=job.input_name or "upload"),
            params=job.params or {},
        )
    progress(95, "プレビューを用意しています")
    return jobs.JobOutcome(
        url=_org_url(company, kind.preview, company_pk=company.pk, pk=already.pk),
        label="取込のプレビューを開く",
        record_id=already.pk,
    )


def upload_job_import_id(job) -> int | None:
    """The id of the waiting import a succeeded upload job made, else None: what the API's job
    status names."""
    return jobs.result_record_id(job) if job.kind in UPLOAD_JOBS else None


# ---- 今月のモニタリング報告書を一括作成 ------------------------------------------------------------------


def start_report_batch(organization, *, by, month: Month | None = None):
    """Enqueue the drafting of the month's due reports (the caller has checked 管理者)."""
    month = month or report_batch.batch_month(timezone.localdate())
    return jobs.enqueue_job(
        REPORT_BATCH,
        organization_id=organization.pk,
        user=by,
        title=f"モニタリング報告書の一括作成（{month.label}まで）",
        params={"month": str(month)},
        back_url=reverse("monitoring_org:due_list", kwargs={"org": organization.slug}),
    )


def draft_report_batch(job, progress) -> jobs.JobOutcome:
    membership = job_membership(job)
    if membership is None or membership.role != Role.ORG_ADMIN:
        raise jobs.JobRefused("報告書の一括作成は管理者だけが行えます。")
    month = Month.parse((job.params or {}).get("month"))
    companies = list(report_batch.due_companies(membership, month)[: report_batch.MAX_COMPANIES])
    slug = membership.organization.slug
    items, drafted = [], 0
    for number, company in enumerate(companies, start=1):
        progress(number * 100 // (len(companies) + 1), f"{company.name}（{number}/{len(companies)}社）")
        try:
            line = report_batch.draft_due_report(company, by=job.user, month=month)
        except DomainError as exc:
            items.append({"label": f"{company.name}: 作成できませんでした — {exc.message}", "url": ""})
            continue
        if line.report is not None:
            drafted += 1
            items.append(
                {
                    "label": f"{company.name}: 下書きを作成しました",
                    "url": reverse(
                        "monitoring:report_detail",
                        kwargs={"org": slug, "company_pk": company.pk, "pk": line.report.pk},
                    ),
                }
            )
        else:
            items.append({"label": f"{company.name}: {line.note}", "url": ""})
    return jobs.JobOutcome(
        url=reverse("monitoring_org:due_list", kwargs={"org": slug}),
        label=f"報告予定に戻る（{drafted}社の下書きを作成）",
        items=items,
    )


# ---- scheduled: monitoring_due ---------------------------------------------------------------------------


@task()
def monitoring_due_task(days: int | None = None) -> dict:
    """The public programmes' monitorings overdue or due within `days` (default 30), one log line each,
    as the `monitoring_due` command prints them; returns the counts."""
    from banso.monitoring.domain.schedules import DUE_SOON_DAYS, all_open_dues

    days = DUE_SOON_DAYS if days is None else max(0, min(int(days), 366))
    due_soon, overdue = all_open_dues(today=timezone.localdate(), days=days)
    for label, dues in (("期限超過", overdue), (f"{days}日以内", due_soon)):
        for due in dues:
            company = due.schedule.company
            logger.info(
                "%s\t%s\t%s\t%s\t%s",
                label,
                f"{due.due_on:%Y-%m-%d}",
                company.organization.slug,
                company.name,
                due.schedule.get_programme_display(),
            )
    return {"overdue": len(overdue), "due_soon": len(due_soon)}


def register() -> None:
    jobs.register_job_kind(ACCOUNTING_IMPORT, label="会計データの読み取り", handler=read_upload_job)
    jobs.register_job_kind(SEGMENT_IMPORT, label="売上構成表の読み取り", handler=read_upload_job)
    jobs.register_job_kind(REPORT_BATCH, label="モニタリング報告書の一括作成", handler=draft_report_batch)
    jobs.register_scheduled(
        "monitoring_due",
        label="早期経営改善計画・405事業のモニタリング期限の確認",
        enqueue=lambda: monitoring_due_task.enqueue(),
    )
