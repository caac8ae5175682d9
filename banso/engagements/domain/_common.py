"""Engagement-specific helpers of the domain functions (not part of their public surface).

The version check, audited save and activity log come from the client-record kit, banso.core.records."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.core.errors import DomainError
from banso.core.records import log_company_event
from banso.engagements.models import Engagement

# Marks a keyword argument that was not given (None is a meaningful value for several fields).
UNSET = object()

ENDED_MESSAGE = "終了または中止した案件は変更できません。先に案件の状況を再開してください。"


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


def ensure_open(engagement: Engagement) -> None:
    if not engagement.is_open:
        raise DomainError(ENDED_MESSAGE)


def ensure_open_now(engagement: Engagement) -> None:
    """ensure_open on the engagement as saved now (the caller's copy may predate a status change)."""
    ensure_open(Engagement.objects.only("status").get(pk=engagement.pk))


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
