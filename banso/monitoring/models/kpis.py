"""KPI管理シート: behaviour and leading indicators with a direction and monthly target and actual."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field
from banso.core.records import ClientRecord
from banso.monitoring.models.base import month_field

KPI_MAX = Decimal("999999999999.99")


class KpiDirection(models.TextChoices):
    HIGHER = "higher", "高いほど良い"
    LOWER = "lower", "低いほど良い"


class Kpi(ClientRecord):
    COMPANY_PATH = "company"

    Direction = KpiDirection

    company = company_field("kpis")
    name = models.CharField("KPI", max_length=100)
    unit = models.CharField("単位", max_length=20, blank=True)
    direction = models.CharField("方向", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    order = models.PositiveIntegerField("並び順", default=0)
    is_active = models.BooleanField("使用中", default=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "order", "id"]
        verbose_name = "KPI"
        verbose_name_plural = "KPI"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "name"],
                name="kpi_unique_name",
                violation_error_message="同じ名前の KPI がすでにあります。",
            ),
            choices_check("direction", KpiDirection.choices, "kpi_direction_valid", "方向"),
        ]

    def __str__(self):
        return self.name


class KpiMonth(ClientRecord):
    COMPANY_PATH = "kpi__company"

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="months", verbose_name="KPI")
    month = month_field()
    target = models.DecimalField("目標", max_digits=14, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField("実績", max_digits=14, decimal_places=2, null=True, blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["kpi", "month"]
        verbose_name = "KPI の月次"
        verbose_name_plural = "KPI の月次"
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "month"],
                name="kpimonth_unique_month",
                violation_error_message="この KPI のこの月はすでにあります。",
            ),
            models.CheckConstraint(
                condition=Q(target__gte=-KPI_MAX, target__lte=KPI_MAX), name="kpimonth_target_bounds"
            ),
            models.CheckConstraint(
                condition=Q(actual__gte=-KPI_MAX, actual__lte=KPI_MAX), name="kpimonth_actual_bounds"
            ),
        ]
