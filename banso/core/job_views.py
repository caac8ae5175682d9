"""The page of a background job (core/jobs.py): a progress bar the page polls with htmx every second,
replaced by the result link (or the Japanese failure message and 「もう一度実行する」) when done.
Only the member who started the job sees it (core.access.job_filter); anyone else gets 404. A job
that made a file offers 「ダウンロード」 (job_download: the same rule, plus the kind's `result_access`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from banso.core import jobs
from banso.core.errors import DomainError
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post


def follow_started_job(request, job):
    """What a page answers after starting a job: `(redirect, None)` — to the result when the job is
    already done, else to its progress page — or `(None, (message, status))` when a rule refused it
    at once (the page shows the message itself, as it did before the work moved to the worker)."""
    done = jobs.settle_at_once(job)
    if done is None or (done.status == done.Status.FAILED and done.retryable):
        return redirect(org_reverse(request, "jobs:detail", pk=job.pk)), None
    if done.status == done.Status.SUCCEEDED:
        return redirect(done.result_url or org_reverse(request, "jobs:detail", pk=job.pk)), None
    return None, (done.error_message, done.error_status or 400)


def _context(job) -> dict:
    back = (job.params or {}).get("_back") or ""
    return {
        "job": job,
        "stale": jobs.is_stale(job),
        "may_retry": jobs.may_retry(job),
        "abandoned": jobs.ABANDONED,
        "back_url": back if back.startswith("/") and not back.startswith("//") else "",
        "has_file": jobs.has_result_file(job),
        "file_name": jobs.result_filename(job),
        "file_gone": jobs.RESULT_GONE,
        "file_missing": jobs.result_removed(job),
        "file_hours": max(1, int(jobs.result_lifetime().total_seconds() // 3600)),
    }


@login_required
@require_GET
def job_detail(request, pk: int):
    job = jobs.job_or_404(request.membership, pk)
    return render(request, "core/job.html", _context(job))


@login_required
@require_GET
def job_status(request, pk: int):
    """The fragment the page polls. When the job has succeeded and the poll comes from htmx, the
    browser is sent on to the result (HX-Redirect); the fragment also holds the link."""
    job = jobs.job_or_404(request.membership, pk)
    response = render(request, "core/job.html#status", _context(job))
    if (
        request.htmx
        and job.status == job.Status.SUCCEEDED
        and job.result_url
        and not job.result_items
        and not jobs.has_result_file(job)  # the page offers the file instead
    ):
        response["HX-Redirect"] = job.result_url
    return response


@login_required
def job_retry(request, pk: int):
    job = jobs.job_or_404(request.membership, pk)
    if refusal := refuse_unless_post(request):
        return refusal
    try:
        jobs.retry_job(job, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, "もう一度実行します。")
    return redirect(org_reverse(request, "jobs:detail", pk=job.pk))


@login_required
@require_GET
def job_download(request, pk: int):
    """The job's result file, for the member who started the job while they may still see what it is
    about (the kind's `result_access`, e.g. the engagement); anyone else 404. Once the file is gone
    (expired, replaced by a newer one) the job page says so in Japanese (410)."""
    from banso.core.downloads import serve_export
    from banso.core.exporters import ExportFile

    job = jobs.job_or_404(request.membership, pk)
    if not jobs.has_result_file(job):
        raise Http404("この処理にはダウンロードできるファイルがありません。")
    access = jobs.result_access(request.membership, job)
    if access is None:
        raise Http404("この処理のファイルは見つかりません。")
    company, obj = access
    kept = jobs.result_file(job)
    if kept is None:
        context = _context(job) | {"file_missing": True}
        return render(request, "core/job.html", context, status=410)
    export = ExportFile(filename=kept.filename, content_type=kept.content_type, content=kept.content)
    return serve_export(request, export, kind=kept.kind, company=company, obj=obj)
