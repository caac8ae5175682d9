"""The organization's alert settings, changed by its 管理者 with a version check; logs
`organization.alert_settings.changed`."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError
from banso.core.models import log_activity
from banso.core.records import ensure_version
from banso.home.models import AlertSettings


def settings_record(organization) -> AlertSettings | None:
    return AlertSettings.objects.filter(organization=organization).first()


def save_alert_settings(
    organization, *, due_soon_days: int, no_dialogue_days: int, by, expected_version: int | None
) -> AlertSettings:
    """Create or change the settings. `expected_version` is None when the form started from the
    defaults (no record yet); a stale version is a ConflictError. Side effects: the row (+ history),
    activity `organization.alert_settings.changed`. Out-of-range days are a ValidationError."""
    try:
        with transaction.atomic():
            record = AlertSettings.objects.select_for_update().filter(organization=organization).first()
            if record is None:
                if expected_version is not None:
                    raise ConflictError(STALE_EDIT_MESSAGE)
                record = AlertSettings(organization=organization)
            else:
                if expected_version is None:
                    raise ConflictError(STALE_EDIT_MESSAGE)
                ensure_version(record, expected_version)
                record.version += 1
            record.due_soon_days, record.no_dialogue_days = due_soon_days, no_dialogue_days
            record.full_clean()
            record._history_user = by
            record.save()
            log_activity(
                organization_id=organization.pk,
                code="organization.alert_settings.changed",
                message=(
                    f"今日やることの基準を「近日」{due_soon_days}日・"
                    f"対話が途絶えている{no_dialogue_days}日にしました。"
                ),
                by=by,
                data={"due_soon_days": due_soon_days, "no_dialogue_days": no_dialogue_days},
            )
    except IntegrityError as error:
        raise ConflictError(STALE_EDIT_MESSAGE) from error
    return record
