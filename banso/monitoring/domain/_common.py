"""Helpers the monitoring domain functions share (not part of their public surface)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

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
