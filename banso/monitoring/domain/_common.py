"""Helpers the monitoring domain functions share (not part of their public surface)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.errors import DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.monitoring.engines.months import Month


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def require_text(value: str | None, field: str, message: str) -> str:
    """The stripped text, or ValidationError {field: message} when it is blank."""
    text = clean_text(value)
    if not text:
        raise ValidationError({field: message})
    return text


def month_label(day) -> str:
    return Month.of(day).label


def sheet_version(queryset) -> int:
    """The version of a grid (a sheet of monthly rows saved together): the sum of its rows' versions.

    Every created row adds 1 and every edit bumps a row's version by 1, and rows of a sheet are never
    deleted, so the number only grows: a grid saved from an older number is stale (ConflictError)."""
    from django.db.models import Sum

    return queryset.aggregate(total=Sum("version"))["total"] or 0


def discard_waiting_import(import_, *, by, expected_version: int | None, code: str, what: str):
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


def save_changed_fields(
    current, changes: dict, *, by, code: str, message: Callable, id_key: str
) -> list[str]:
    """Set on the locked record `current` the `changes` that differ from what it holds and save it
    (version + 1, history) with a `code` activity entry: `message(current)` after the change and data
    {id_key: pk, "fields": [...]}. Nothing is written when no field differs. Returns the changed fields."""
    changed = [name for name, value in changes.items() if getattr(current, name) != value]
    if not changed:
        return changed
    for name in changed:
        setattr(current, name, changes[name])
    save_audited(current, by=by, bump_version=True)
    log_company_event(
        current.company,
        code=code,
        message=message(current),
        by=by,
        data={id_key: current.pk, "fields": sorted(changed)},
    )
    return changed
