"""The organization's monitoring thresholds (達成率 below amber → 注意, below red → 要対応): data per
organization, changed by its 管理者 with a version check; logs `monitoring.thresholds.changed`."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.models import log_activity
from banso.core.records import ensure_version
from banso.monitoring.models import MonitoringThresholds

__all__ = ["save_thresholds", "thresholds_record"]


def thresholds_record(organization) -> MonitoringThresholds | None:
    return MonitoringThresholds.objects.filter(organization=organization).first()


def save_thresholds(organization, *, amber: Decimal, red: Decimal, by, expected_version: int | None):
    """Set the thresholds as ratios (0.9 = 90 %). `expected_version` is None when the form started
    from the defaults (no record yet)."""
    amber, red = Decimal(amber), Decimal(red)
    if not (Decimal(0) < red < amber <= Decimal(1)):
        raise DomainError("基準は 0％ < 要対応（赤） < 注意（黄） ≦ 100％ の順にしてください。")
    try:
        with transaction.atomic():
            record = (
                MonitoringThresholds.objects.select_for_update().filter(organization=organization).first()
            )
            if record is None:
                if expected_version is not None:
                    raise ConflictError(STALE_EDIT_MESSAGE)
                record = MonitoringThresholds(organization=organization, amber=amber, red=red)
            else:
                if expected_version is None:
                    raise ConflictError(STALE_EDIT_MESSAGE)
                ensure_version(record, expected_version)
                record.amber, record.red = amber, red
                record.version += 1
            record.full_clean()
            record._history_user = by
            record.save()
            log_activity(
                organization_id=organization.pk,
                code="monitoring.thresholds.changed",
                message=(
                    f"モニタリングの判定基準を 注意 {amber * 100:.1f}％未満・"
                    f"要対応 {red * 100:.1f}％未満 にしました。"
                ),
                by=by,
                data={"amber": str(amber), "red": str(red)},
            )
    except IntegrityError as error:
        raise ConflictError(STALE_EDIT_MESSAGE) from error
    return record
