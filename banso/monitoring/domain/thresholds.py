"""The organization's monitoring thresholds (達成率 below amber → 注意, below red → 要対応): data per
organization, changed by its 管理者 with a version check; logs `monitoring.thresholds.changed`."""

from __future__ import annotations

from decimal import Decimal

from banso.core.errors import DomainError
from banso.core.records import save_organization_settings
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
    return save_organization_settings(
        MonitoringThresholds,
        organization,
        values={"amber": amber, "red": red},
        by=by,
        expected_version=expected_version,
        code="monitoring.thresholds.changed",
        message=(
            f"モニタリングの判定基準を 注意 {amber * 100:.1f}％未満・"
            f"要対応 {red * 100:.1f}％未満 にしました。"
        ),
        data={"amber": str(amber), "red": str(red)},
    )
