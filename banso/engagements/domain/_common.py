"""Engagement-specific helpers of the domain functions (not part of their public surface).

The version check, audited save and activity log come from the client-record kit, banso.core.records."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from banso.core.errors import DomainError
from banso.core.records import log_company_event, save_audited
from banso.engagements.models import Engagement

# Marks a keyword argument that was not given (None is a meaningful value for several fields).
UNSET = object()


def today() -> dt.date:
    return timezone.localdate()


def log(engagement: Engagement, *, code: str, message: str, by, data: dict | None = None) -> None:
    """An activity-log entry about the engagement's company, carrying the engagement's id."""
    log_company_event(
        engagement.company,
        code=code,
        message=message,
        by=by,
        data={"engagement_id": engagement.pk, **(data or {})},
    )


def save_new_and_log(record, *, by, code: str, message: str, id_key: str, data: dict):
    """Save a new record of an engagement with its history and log `code` about the engagement, in one
    transaction; the log's data names the record first (`id_key`: its id)."""
    with transaction.atomic():
        save_audited(record, by=by)
        log(record.engagement, code=code, message=message, by=by, data={id_key: record.pk, **data})
    return record


def require_text(value: str | None, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(message)
    return text


def ensure_same_engagement(engagement: Engagement, objects, message: str) -> list:
    """All `objects` belong to `engagement` (e.g. dialogues linked to an issue node)."""
    objects = list(objects)
    if any(obj.engagement_id != engagement.pk for obj in objects):
        raise DomainError(message)
    return objects
