"""Helpers shared by the engagement domain functions (not part of their public surface)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.models import log_activity
from banso.engagements.models import Engagement

# Marks a keyword argument that was not given (None is a meaningful value for several fields).
UNSET = object()

ENDED_MESSAGE = "終了または中止した案件は変更できません。先に案件の状況を再開してください。"


def today() -> dt.date:
    return timezone.localdate()


def locked(model: type[models.Model], pk: int, expected_version: int | None):
    """The row locked for update; ConflictError when someone saved it since `expected_version`."""
    current = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(STALE_EDIT_MESSAGE)
    return current


def save_audited(instance: models.Model, *, by, bump_version: bool = False) -> None:
    """Validate like the form (full_clean, Japanese messages), attribute history to `by`, save."""
    instance.full_clean()
    if bump_version:
        instance.version += 1
    instance._history_user = by
    instance.save()


def log(engagement: Engagement, *, code: str, message: str, by, data: dict | None = None) -> None:
    log_activity(
        organization_id=engagement.company.organization_id,
        company_id=engagement.company_id,
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
