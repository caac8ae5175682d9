"""A waiting import (会計データの取込 `AccountingImport`, 売上構成表の取込 `SegmentImport`): what the two
kinds share from the upload to the commit or discard. The uploaded file is read through core.spreadsheets
and kept in private storage with its row (name, size, SHA-256, who uploaded it); the import waits in
PREVIEW until it is committed (all or nothing) or discarded (nothing written, the file kept as a record).
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from banso.core.errors import DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.core.spreadsheets import read_upload
from banso.core.text import nfkc
from banso.monitoring.domain.actuals import month_bounds
from banso.monitoring.engines.imports import ImportProblem
from banso.monitoring.engines.months import Month


def read_file(upload, *, max_bytes: int) -> tuple[bytes, str]:
    """(content, filename) of an uploaded import file, read through core.spreadsheets (UploadError, 413
    above `max_bytes`); the name NFKC-normalised, at most 255 characters, "upload" when it has none."""
    content = read_upload(upload, max_bytes=max_bytes)
    filename = nfkc(getattr(upload, "name", "") or "upload").strip()[:255] or "upload"
    return content, filename


def file_fields(content: bytes, filename: str, *, by) -> dict:
    """The fields of a new import record (AccountingImport, SegmentImport) that describe its file."""
    return {
        "filename": filename,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "uploaded_by": by,
    }


def check_months(months) -> None:
    """ImportProblem for the first month of a file outside the months an import may write."""
    low, high = month_bounds()
    outside = [Month.of(m) for m in months if not (low <= Month.of(m) <= high)]
    if outside:
        raise ImportProblem(
            f"{outside[0].label}は取り込める範囲（{low.label}〜{high.label}）の外です。ファイルの期間をご確認ください。"
        )


@contextmanager
def saving_file(import_, content: bytes, *, by):
    """A new import record and its file, saved in one transaction (history to `by`); the body of the
    `with` runs inside it (the activity entry). The stored file goes when anything in the transaction
    fails, the worker dying mid-way included: no file without its row."""
    try:
        with transaction.atomic():
            import_.file.save(import_.filename, ContentFile(content), save=False)
            save_audited(import_, by=by)
            yield import_
    except BaseException:
        if import_.file.name:
            import_.file.delete(save=False)
        raise


def lock(import_, expected_version: int | None):
    """The waiting import (an AccountingImport or a SegmentImport) locked for its commit, inside the
    caller's transaction: ConflictError when `expected_version` is stale, DomainError when it is no
    longer waiting."""
    model = type(import_)
    current = locked(model, import_.pk, expected_version)
    if current.status != model.Status.PREVIEW:
        raise DomainError(
            f"この取込はすでに{current.get_status_display()}です。もう一度取り込む場合はファイルをアップロードし直してください。"
        )
    return current


def mark_committed(current, *, by) -> None:
    """Record who committed the locked import and when (version + 1, history)."""
    current.status = type(current).Status.COMMITTED
    current.committed_by = by
    current.committed_at = timezone.now()
    save_audited(current, by=by, bump_version=True)


def discard(import_, *, by, expected_version: int | None, code: str, what: str):
    """Set a waiting import (an AccountingImport or a SegmentImport: a `status` with PREVIEW and
    DISCARDED, a `filename`) aside without writing anything; the file stays as a record.
    Side effects: the import's status and history; a `code` activity entry naming `what` (会計データ …)."""
    model = type(import_)
    with transaction.atomic():
        current = locked(model, import_.pk, expected_version)
        if current.status != model.Status.PREVIEW:
            raise DomainError(f"この取込はすでに{current.get_status_display()}です。")
        current.status = model.Status.DISCARDED
        save_audited(current, by=by, bump_version=True)
        log_company_event(
            import_.company,
            code=code,
            message=f"{what}「{current.filename}」の取込を取りやめました。",
            by=by,
            data={"import": current.pk},
        )
    import_.refresh_from_db()
    return import_
