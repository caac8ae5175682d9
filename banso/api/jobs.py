"""/api/v1/jobs/{job_id} — a background job's status (banso/core/jobs.py).

Only the user who started the job, in the organization of the token, sees it; anyone else gets 404.

The asynchronous option of the upload routes (RFC 7240 `Prefer: respond-async`) is here too:
`wants_async(request)` and `accepted(response, job)` — 202 with {"job_id", "status_url"} and a
`Location` to this route. A job whose result is a record the API also serves names it through
`register_result_record` (the monitoring imports: `import_id` and `import_url`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from django.urls import reverse
from ninja import Field, Router, Schema

from banso.api.common import Id
from banso.core import jobs

router = Router(tags=["jobs"])

RESPOND_ASYNC = "respond-async"
# kind → job → (record id, API URL of the record) or None; filled by the area's API modules.
_RESULT_RECORDS: dict[str, Callable[[object], tuple[int, str] | None]] = {}


def register_result_record(kind: str, record: Callable[[object], tuple[int, str] | None]) -> None:
    _RESULT_RECORDS[kind] = record


def wants_async(request) -> bool:
    """True when the request says `Prefer: respond-async` (RFC 7240; other preferences may follow)."""
    preferences = request.headers.get("Prefer", "")
    return any(part.split(";", 1)[0].strip().lower() == RESPOND_ASYNC for part in preferences.split(","))


class JobAcceptedOut(Schema):
    job_id: int = Field(description="バックグラウンド処理の id")
    status_url: str = Field(description="処理の状態を返す URL（GET /api/v1/jobs/{job_id}）")


def accepted(response, job) -> JobAcceptedOut:
    """The 202 body of a started job; sets `Location` (the status URL) and `Preference-Applied`."""
    status_url = reverse("api:job", kwargs={"job_id": job.pk})
    response.headers["Location"] = status_url
    response.headers["Preference-Applied"] = RESPOND_ASYNC
    return JobAcceptedOut(job_id=job.pk, status_url=status_url)


PREFER_PARAMETER = {
    "name": "Prefer",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "enum": [RESPOND_ASYNC]},
    "description": "respond-async: 読み取りをバックグラウンドで行い 202 を返します（省略時は 201）",
}
ASYNC_HELP = (
    "`Prefer: respond-async` ヘッダーを付けると、ファイルの大きさだけを確かめて読み取りをバックグラウンドで"
    "行い、202 と {job_id, status_url}（`Location` ヘッダーも同じ URL）を返します。"
    "GET /api/v1/jobs/{job_id} の status が succeeded になれば import_id が取込の id です。"
    "読み取れないファイルは status が failed、error が日本語の理由で、何も保存しません。"
)


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: Literal["queued", "running", "succeeded", "failed"]
    progress: int
    stage: str
    result_url: str | None
    result_label: str | None
    error: str | None
    retryable: bool
    import_id: int | None = Field(
        description="取込のアップロード（Prefer: respond-async）が完了したとき、できた取込の id。ほかは null"
    )
    import_url: str | None = Field(description="その取込の API の URL。ほかは null")
    created_at: dt.datetime
    finished_at: dt.datetime | None


@router.get(
    "/jobs/{job_id}",
    response=JobOut,
    url_name="job",
    summary="バックグラウンド処理の状態",
    description=(
        "ファイルの読み取りや報告書の一括作成など、バックグラウンドで行う処理の状態を返します。"
        "status は queued（処理の順番待ち）、running（実行中。progress は 0〜100、stage は今の段階）、"
        "succeeded（完了。result_url が結果の画面）、failed（失敗。error が日本語の理由で、何も変更して"
        "いません。retryable が true なら画面の「もう一度実行する」でやり直せます）のいずれかです。"
        "処理を始めた利用者本人だけが見られます（それ以外は 404）。"
        "応答しなくなった処理（実行中のまま進捗が止まったもの）は failed として返します。"
        "取込のアップロードの処理が完了すると import_id と import_url が取込を指します。"
    ),
)
def get_job(request, job_id: Id):
    job = jobs.job_or_404(request.membership, job_id)
    stale = jobs.is_stale(job)
    failed = job.status == job.Status.FAILED or stale
    record = _RESULT_RECORDS[job.kind](job) if job.kind in _RESULT_RECORDS and not stale else None
    return JobOut(
        id=job.pk,
        kind=job.kind,
        title=job.title,
        status="failed" if stale else job.status,
        progress=job.progress,
        stage=job.stage,
        result_url=job.result_url or None if job.status == job.Status.SUCCEEDED else None,
        result_label=job.result_label or None if job.status == job.Status.SUCCEEDED else None,
        error=(jobs.ABANDONED if stale else job.error_message or None) if failed else None,
        retryable=jobs.may_retry(job),
        import_id=record[0] if record else None,
        import_url=record[1] if record else None,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )
