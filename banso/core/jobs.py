"""Background jobs through Django's task interface (the django-tasks package).

Long work never runs in a request: a view (or the API, or a command) calls `enqueue_job`, which
writes a `Job` row (who, which organization, what) and enqueues the one task `run_job` with its id.
The worker (`manage.py db_worker`, README "Operating Banso") runs it: the handler registered for the
job's kind (`register_job_kind`, from an area's AppConfig.ready()) does the work by calling the
area's ordinary domain functions, reports progress (0–100 and a Japanese stage text) and returns a
`JobOutcome` (the URL to go to). The page polls the job (core/job_views.py) and the API answers
`GET /api/v1/jobs/{id}`.

Rules every handler keeps:
- it re-checks access at run time (the user may have lost the company since): `JobRefused`;
- it writes in the domain functions' transactions, so a failure (a `DomainError` with a Japanese
  message, or anything else) leaves nothing half-written; the job shows the message;
- it is idempotent: running it again after a crash (the worker killed mid-way, `retry_job`) does
  not do the work twice (e.g. the same file read once is one import).

A job may leave a file (a long report rendered in the worker): the handler returns it in
`JobOutcome.file`; `run_job` keeps it privately (PRIVATE_FILES_ROOT/jobs/results/, no URL) and the job
page offers 「ダウンロード」 (core/job_views.job_download: the job's own user only, re-checked by the kind's
`result_access`, logged like every download). A result file is removed when a newer one of the same
user, kind and `file_key` is made, and BANSO_JOB_RESULT_SECONDS (default 24 hours) after it was made.

Scheduled work (cron → `manage.py enqueue_scheduled NAME`) is registered with `register_scheduled`;
the worker then runs it like any other task.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from banso.core.errors import DomainError
from banso.core.exporters import ExportFile
from banso.core.models import Job, JobStatus

logger = logging.getLogger("banso.jobs")

GENERIC_FAILURE = (
    "処理中に予期しないエラーが発生したため、何も変更していません。もう一度お試しいただき、"
    "続くようなら管理者にお問い合わせください。"
)
INTERRUPTED = (
    "処理が途中で止まりました（処理サーバーの再起動など）。何も変更していません。もう一度実行してください。"
)
ABANDONED = (
    "処理が途中で止まったようです（処理サーバーの停止など）。何も変更していません。もう一度実行してください。"
)
MAX_RESULT_ITEMS = 500


class JobRefused(DomainError):
    """The job may not run for this user (no longer allowed, another organization's data)."""


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job leads to: `url` (a page of the same organization) and its link text;
    `items` for a batch ({"label", "url"} each)."""

    url: str
    label: str
    items: list[dict] = field(default_factory=list)
    # A file the job made (an exporter's ExportFile: filename, content_type, content), kept privately
    # for the job's user to download; `file_kind` names it in the download log (e.g.
    # "engagements.progress_report.pdf") and `file_key` says which earlier result it replaces.
    file: ExportFile | None = None
    file_kind: str = ""
    file_key: str = ""
    # The record the job made, when the API serves it too (e.g. the waiting import an upload job
    # read): kept on the job, read back with `result_record_id`.
    record_id: int | None = None


Handler = Callable[[Job, "Progress"], JobOutcome]
# Who may take a job's result file: `result_access(membership, job)` → (company, obj) for the
# download log, or None (→ 404) when the user may no longer see what the file is about.
ResultAccess = Callable[[object, Job], "tuple[object, object] | None"]


@dataclass(frozen=True)
class JobKind:
    code: str
    label: str
    handler: Handler
    result_access: ResultAccess | None = None


_KINDS: dict[str, JobKind] = {}
_SCHEDULED: dict[str, tuple[str, Callable[[], object]]] = {}


def register_job_kind(
    code: str, *, label: str, handler: Handler, result_access: ResultAccess | None = None
) -> None:
    """Called from an area's AppConfig.ready(): `handler(job, progress) -> JobOutcome`. A kind whose
    jobs leave a file names `result_access` (without it nobody may download the file)."""
    _KINDS[code] = JobKind(code, label, handler, result_access)


def job_kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


def register_scheduled(name: str, *, label: str, enqueue: Callable[[], object]) -> None:
    """Periodic work cron starts with `manage.py enqueue_scheduled NAME`: `enqueue()` enqueues the
    area's task (it runs in the worker). Hook for later periodic work (e.g. the reminders' digests)."""
    _SCHEDULED[name] = (label, enqueue)


def scheduled() -> dict[str, tuple[str, Callable[[], object]]]:
    return dict(_SCHEDULED)


# ---- the staged input file -----------------------------------------------------------------------------


def _jobs_dir() -> Path:
    return Path(settings.PRIVATE_FILES_ROOT) / "jobs"


def _stage(content: bytes) -> str:
    """Write an upload for the worker under PRIVATE_FILES_ROOT/jobs/ (no URL); returns its name.
    OSError (disk full, quota) leaves no partial file behind."""
    directory = _jobs_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.bin"
    path = directory / name
    try:
        with open(path, "xb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
    except OSError:
        path.unlink(missing_ok=True)
        raise
    return name


def job_input(job: Job) -> bytes:
    """The bytes uploaded with the job (kept until the job succeeds)."""
    name = (job.params or {}).get("_input")
    if not name or "/" in name or "\\" in name:
        raise JobRefused("この処理のファイルが見つかりません。もう一度アップロードしてください。")
    try:
        return (_jobs_dir() / name).read_bytes()
    except OSError as exc:
        raise JobRefused("この処理のファイルが見つかりません。もう一度アップロードしてください。") from exc


def _drop_input(job: Job) -> None:
    name = (job.params or {}).get("_input")
    if name and "/" not in name and "\\" not in name:
        (_jobs_dir() / name).unlink(missing_ok=True)


# ---- enqueue, run, retry --------------------------------------------------------------------------------

UPLOAD_SAVE_FAILED = (
    "アップロードされたファイルを保存できませんでした（保存領域の不足など）。何も変更していません。"
)


def enqueue_job(
    kind: str,
    *,
    organization_id: int,
    user,
    title: str,
    company_id: int | None = None,
    params: dict | None = None,
    input_name: str = "",
    input_content: bytes | None = None,
    back_url: str = "",
) -> Job:
    """Record a job and enqueue it. `params` must be JSON (ids, strings, numbers); `input_content`
    is an upload the worker reads (staged in private storage); `back_url` is the page to go back to
    when it fails (e.g. the upload page).

    Side effects: a Job row (queued), the staged file, one task for the worker (with the immediate
    backend of the tests it runs at once). DomainError when the file cannot be stored (nothing kept).
    """
    if kind not in _KINDS:
        raise LookupError(f"unknown job kind {kind!r}")
    params = dict(params or {})
    if back_url:
        params["_back"] = back_url[:500]
    staged = None
    if input_content is not None:
        try:
            staged = _stage(input_content)
        except OSError as exc:
            raise DomainError(UPLOAD_SAVE_FAILED) from exc
        params["_input"] = staged
    try:
        with transaction.atomic():
            job = Job.objects.create(
                organization_id=organization_id,
                user=user,
                company_id=company_id,
                kind=kind,
                title=title[:200],
                params=params,
                input_name=input_name[:255],
                stage="処理の順番を待っています",
            )
            _enqueue(job)
    except BaseException:
        if staged:
            (_jobs_dir() / staged).unlink(missing_ok=True)
        raise
    job.refresh_from_db()
    return job


def _enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "BANSO_JOB_STALE_SECONDS", 600))


def is_stale(job: Job, *, now=None) -> bool:
    """A running job that has not reported progress for BANSO_JOB_STALE_SECONDS: its worker died."""
    now = now or timezone.now()
    return job.status == JobStatus.RUNNING and job.updated_at < now - stale_after()


def may_retry(job: Job) -> bool:
    """A job that crashed or was interrupted (not one a rule refused: the same input fails the same
    way), or one abandoned by a dead worker."""
    return (job.status == JobStatus.FAILED and job.retryable) or is_stale(job)


def retry_job(job: Job, *, by) -> Job:
    """Run a failed (or abandoned) job again, with the same input. The handler is idempotent, so
    what the first attempt may have finished is not done twice. DomainError when it is not failed."""
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if not may_retry(current):
            raise DomainError("この処理は失敗していないため、やり直せません。")
        current.status = JobStatus.QUEUED
        current.progress = 0
        current.stage = "処理の順番を待っています"
        current.error_message = ""
        current.error_status = None
        current.retryable = False
        current.finished_at = None
        current.save()
        _enqueue(current)
    current.refresh_from_db()
    return current


class Progress:
    """`progress(percent, stage)`: what the page shows. Written at once (outside the handler's
    domain transactions, so call it between them)."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, percent: int, stage: str) -> None:
        percent = max(0, min(99, int(percent)))
        Job.objects.filter(pk=self.job.pk).update(
            progress=percent, stage=stage[:200], updated_at=timezone.now()
        )


def _claim(job_id: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == JobStatus.SUCCEEDED:
            return None  # deleted, or already done by an earlier attempt
        if job.status == JobStatus.RUNNING and not is_stale(job):
            return None  # another worker has it
        if job.status == JobStatus.FAILED:
            return None  # a stale duplicate of the task: only retry_job runs a failed job again
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.progress = max(job.progress, 1)
        job.stage = "処理を始めました"
        job.save()
    return job


def _fail(job: Job, message: str, *, retryable: bool, status: int | None = None) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        error_message=message[:1000],
        error_status=status,
        retryable=retryable,
        stage="失敗しました",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


@task()
def run_job(job_id: int) -> str:
    """The one task: run a Job's handler, record its outcome. Returns the job's final status."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    kind = _KINDS.get(job.kind)
    try:
        if kind is None:
            raise JobRefused("この種類の処理は実行できません。")
        outcome = kind.handler(job, Progress(job))
    except DomainError as exc:
        # A rule refused it (a bad file, no permission): nothing was written and the same input would
        # fail again, so the staged file goes too.
        _fail(job, exc.message, retryable=False, status=getattr(exc, "status", 400))
        _drop_input(job)
        return JobStatus.FAILED
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(job, GENERIC_FAILURE, retryable=True, status=500)
        raise
    except BaseException:
        _fail(job, INTERRUPTED, retryable=True)  # the worker is being stopped mid-way
        raise
    done = {
        "status": JobStatus.SUCCEEDED,
        "progress": 100,
        "stage": "完了しました",
        "result_url": outcome.url[:500],
        "result_label": outcome.label[:200],
        "result_items": list(outcome.items)[:MAX_RESULT_ITEMS],
        "finished_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    if outcome.record_id is not None:
        job.params = {**(job.params or {}), "_record": int(outcome.record_id)}
        done["params"] = job.params
    if outcome.file is None:
        Job.objects.filter(pk=job.pk).update(**done)
    else:
        try:
            _keep_result(job, outcome, done)
        except Exception:
            logger.exception("job %s (%s): its result file could not be kept", job.pk, job.kind)
            _fail(job, RESULT_SAVE_FAILED, retryable=True, status=500)
            raise
    _drop_input(job)
    return JobStatus.SUCCEEDED


# ---- the result file -------------------------------------------------------------------------------------

RESULT_GONE = (
    "このファイルは保存期間を過ぎたか、新しく作り直されたため削除しました。もう一度作成してください。"
)
MAX_PURGE = 200
RESULT_SAVE_FAILED = (
    "作成したファイルを保存できませんでした（保存領域の不足など）。しばらくしてからもう一度実行してください。"
)


def result_record_id(job: Job) -> int | None:
    """The id of the record a succeeded job made (JobOutcome.record_id), else None."""
    value = (job.params or {}).get("_record")
    return value if job.status == JobStatus.SUCCEEDED and isinstance(value, int) else None


def result_lifetime() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "BANSO_JOB_RESULT_SECONDS", 24 * 3600))


def _results_dir() -> Path:
    return _jobs_dir() / "results"


def _result_name(job: Job) -> str:
    """The stored name of a job's result file, or "" (never a path: a name we wrote ourselves)."""
    name = ((job.params or {}).get("_result") or {}).get("name") or ""
    return "" if not name or "/" in name or "\\" in name or name.startswith(".") else name


def has_result_file(job: Job) -> bool:
    """Whether the job made a file (it may since have been removed: see `result_file`)."""
    params = job.params or {}
    return bool(params.get("_result") or params.get("_result_removed"))


def result_removed(job: Job) -> bool:
    """Whether the job's file was removed (expired, or replaced by a newer one)."""
    return bool((job.params or {}).get("_result_removed"))


def result_filename(job: Job) -> str:
    params = job.params or {}
    return (params.get("_result") or params.get("_result_removed") or {}).get("filename", "")


def _keep_result(job: Job, outcome: JobOutcome, done: dict) -> None:
    """Write the outcome's file privately, record it on the job with the success, then remove the
    user's earlier results of the same kind and key and any expired ones. A failed write leaves no
    file and fails the job (retryable)."""
    export = outcome.file
    directory = _results_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.bin"
    path = directory / name
    try:
        with open(path, "xb") as out:
            out.write(export.content)
            out.flush()
            os.fsync(out.fileno())
        params = dict(done.pop("params", None) or job.params or {})
        params["_result"] = {
            "name": name,
            "filename": export.filename[:255],
            "content_type": export.content_type[:100],
            "kind": (outcome.file_kind or job.kind)[:100],
            "key": outcome.file_key[:100],
            "size": len(export.content),
        }
        Job.objects.filter(pk=job.pk).update(params=params, **done)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    job.params = params
    if outcome.file_key:
        older = (
            Job.objects.filter(
                organization_id=job.organization_id,
                user_id=job.user_id,
                kind=job.kind,
                status=JobStatus.SUCCEEDED,
                params___result__key=outcome.file_key,
            )
            .exclude(pk=job.pk)
            .order_by("-id")[:MAX_PURGE]
        )
        for earlier in older:
            _forget_result(earlier)
    purge_expired_results()


def _forget_result(job: Job) -> None:
    """Remove the job's file and say so on the job (its page then shows RESULT_GONE)."""
    name = _result_name(job)
    if name:
        (_results_dir() / name).unlink(missing_ok=True)
    params = dict(job.params or {})
    info = params.pop("_result", None) or {}
    params["_result_removed"] = {"filename": info.get("filename", "")}
    Job.objects.filter(pk=job.pk).update(params=params)
    job.params = params


def purge_expired_results(*, now=None) -> int:
    """Remove the result files older than BANSO_JOB_RESULT_SECONDS (at most MAX_PURGE at a time;
    the job rows stay and their page says the file is gone). Returns how many were removed."""
    cutoff = (now or timezone.now()) - result_lifetime()
    expired = list(
        Job.objects.filter(
            status=JobStatus.SUCCEEDED, finished_at__lt=cutoff, params__has_key="_result"
        ).order_by("finished_at")[:MAX_PURGE]
    )
    for job in expired:
        _forget_result(job)  # no longer "_result": the next sweep does not look at it again
    return len(expired)


@task()
def purge_expired_results_task() -> int:
    return purge_expired_results()


def register_core_scheduled() -> None:
    """Core's own periodic work (called from CoreConfig.ready())."""
    register_scheduled(
        "purge_job_results",
        label="保存期間を過ぎた処理結果ファイルの削除",
        enqueue=lambda: purge_expired_results_task.enqueue(),
    )


@dataclass(frozen=True)
class ResultFile:
    filename: str
    content_type: str
    kind: str
    content: bytes


def result_file(job: Job, *, now=None) -> ResultFile | None:
    """The job's result file while it is kept, else None (never made, expired, or replaced)."""
    name = _result_name(job)
    if not name or job.status != JobStatus.SUCCEEDED or job.finished_at is None:
        return None
    path = _results_dir() / name
    if job.finished_at < (now or timezone.now()) - result_lifetime():
        _forget_result(job)
        return None
    try:
        content = path.read_bytes()
    except OSError:
        return None
    info = job.params["_result"]
    return ResultFile(
        filename=info.get("filename") or "download",
        content_type=info.get("content_type") or "application/octet-stream",
        kind=info.get("kind") or job.kind,
        content=content,
    )


def result_access(membership, job: Job):
    """(company, obj) when `membership` may take the job's result file (the kind's own rule), else
    None. A kind without a rule gives no access."""
    kind = _KINDS.get(job.kind)
    if kind is None or kind.result_access is None:
        return None
    return kind.result_access(membership, job)


def settle_at_once(job: Job) -> Job | None:
    """For a page that started a job: when the job already finished (the immediate backend, or a very
    fast worker), the page can answer in place. A refused job is then shown as the page's own error
    and forgotten (its row deleted: nothing of it remains); returns None while it still runs."""
    job.refresh_from_db()
    if not job.is_finished:
        return None
    if job.status == JobStatus.FAILED and not job.retryable:
        Job.objects.filter(pk=job.pk).delete()
    return job


def job_or_404(membership, pk):
    """The job if the member started it in this organization, else 404 (core.access.job_filter)."""
    from banso.core.access import get_job_or_404

    return get_job_or_404(membership, pk)
