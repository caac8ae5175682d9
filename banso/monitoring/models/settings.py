"""Per-organization monitoring rules (data, not constants): the achievement thresholds of the
monitoring table (below `amber` amber, below `red` red)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from banso.core.history import audited_history
from banso.core.records import OrganizationSettings

DEFAULT_AMBER = Decimal("0.90")
DEFAULT_RED = Decimal("0.80")


class MonitoringThresholds(OrganizationSettings):
    organization = models.OneToOneField(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="monitoring_thresholds",
        verbose_name="組織",
    )
    amber = models.DecimalField("注意（黄）の基準", max_digits=4, decimal_places=3, default=DEFAULT_AMBER)
    red = models.DecimalField("警告（赤）の基準", max_digits=4, decimal_places=3, default=DEFAULT_RED)

    history = audited_history()

    class Meta:
        verbose_name = "モニタリングの判定基準"
        verbose_name_plural = "モニタリングの判定基準"
        constraints = [
            models.CheckConstraint(
                condition=Q(red__gt=0, amber__lte=1, red__lt=F("amber")),
                name="thresholds_in_order",
                violation_error_message="基準は 0 < 赤 < 黄 ≦ 1（100％）の順にしてください。",
            )
        ]

    def __str__(self):
        return f"{self.organization} 判定基準"

    @classmethod
    def values_for(cls, organization_id: int) -> tuple[Decimal, Decimal]:
        """(amber, red) of an organization; the defaults when it has set none."""
        row = cls.objects.filter(organization_id=organization_id).values_list("amber", "red").first()
        return row if row else (DEFAULT_AMBER, DEFAULT_RED)
