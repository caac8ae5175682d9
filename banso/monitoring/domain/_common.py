"""Helpers the monitoring domain functions share (not part of their public surface)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Max

from banso.core.errors import DomainError
from banso.core.records import apply_changes, log_company_event, save_audited
from banso.monitoring.engines.months import Month


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def require_text(value: str | None, field: str, message: str) -> str:
    """The stripped text, or ValidationError {field: message} when it is blank."""
    text = clean_text(value)
    if not text:
        raise ValidationError({field: message})
    return text


def next_order(siblings) -> int:
    """The `order` that puts a new row after its `siblings` (a queryset): 0 for the first."""
    last = siblings.aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def month_label(day) -> str:
    return Month.of(day).label


def sheet_version(queryset) -> int:
    """The version of a grid (a sheet of monthly rows saved together): the sum of its rows' versions.

    Every created row adds 1 and every edit bumps a row's version by 1, and rows of a sheet are never
    deleted, so the number only grows: a grid saved from an older number is stale (ConflictError)."""
    from django.db.models import Sum

    return queryset.aggregate(total=Sum("version"))["total"] or 0


def refuse_unknown_fields(changes: dict, editable) -> None:
    """DomainError naming the fields of `changes` that an update may not change (not in `editable`)."""
    unknown = set(changes) - set(editable)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")


def save_changed_fields(
    current, changes: dict, *, by, code: str, message: Callable, id_key: str
) -> list[str]:
    """Set on the locked record `current` the `changes` that differ from what it holds and save it
    (version + 1, history) with a `code` activity entry: `message(current)` after the change and data
    {id_key: pk, "fields": [...]}. Nothing is written when no field differs. Returns the changed fields."""
    changed = apply_changes(current, changes)
    if not changed:
        return changed
    save_audited(current, by=by, bump_version=True)
    log_company_event(
        current.company,
        code=code,
        message=message(current),
        by=by,
        data={id_key: current.pk, "fields": sorted(changed)},
    )
    return changed
