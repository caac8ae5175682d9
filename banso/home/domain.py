"""The organization's alert settings, changed by its 管理者 with a version check; logs
`organization.alert_settings.changed`."""

from __future__ import annotations

from banso.core.records import save_organization_settings
from banso.home.models import AlertSettings


def settings_record(organization) -> AlertSettings | None:
    return AlertSettings.objects.filter(organization=organization).first()


def save_alert_settings(
    organization, *, due_soon_days: int, no_dialogue_days: int, by, expected_version: int | None
) -> AlertSettings:
    """Create or change the settings. `expected_version` is None when the form started from the
    defaults (no record yet); a stale version is a ConflictError. Side effects: the row (+ history),
    activity `organization.alert_settings.changed`. Out-of-range days are a ValidationError."""
    return save_organization_settings(
        AlertSettings,
        organization,
        values={"due_soon_days": due_soon_days, "no_dialogue_days": no_dialogue_days},
        by=by,
        expected_version=expected_version,
        code="organization.alert_settings.changed",
        message=(
            f"今日やることの基準を「近日」{due_soon_days}日・"
            f"対話が途絶えている{no_dialogue_days}日にしました。"
        ),
        data={"due_soon_days": due_soon_days, "no_dialogue_days": no_dialogue_days},
    )
