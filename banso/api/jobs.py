"""/api/v1/jobs/{job_id} — a background job's status (banso/core/jobs.py).

Only the user who started the job, in the organization of the token, sees it; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Router, Schema

from banso.api.common import Id
from banso.core import jobs

router = Router(tags=["jobs"])


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
    created_at: dt.datetime
    finished_at: dt.datetime | None


@router.get(
    "/jobs/{job_id}",
    response=JobOut,
    summary="バックグラウンド処理の状態",
    description=(
        "ファイルの読み取りや報告書の一括作成など、バックグラウンドで行う処理の状態を返します。"
        "status は queued（処理の順番待ち）、running（実行中。progress は 0〜100、stage は今の段階）、"
        "succeeded（完了。result_url が結果の画面）、failed（失敗。error が日本語の理由で、何も変更して"
        "いません。retryable が true なら画面の「もう一度実行する」でやり直せます）のいずれかです。"
        "処理を始めた利用者本人だけが見られます（それ以外は 404）。"
        "応答しなくなった処理（実行中のまま進捗が止まったもの）は failed として返します。"
    ),
)
def get_job(request, job_id: Id):
    job = jobs.job_or_404(request.membership, job_id)
    stale = jobs.is_stale(job)
    failed = job.status == job.Status.FAILED or stale
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
        created_at=job.created_at,
        finished_at=job.finished_at,
    )
