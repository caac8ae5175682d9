"""売上構成比・粗利管理表: optional segments (product, customer or channel) with plan and actual sales
and gross profit per month."""

from __future__ import annotations

from django.db import models

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field
from banso.core.records import ClientRecord
from banso.monitoring.models.base import amount_bounds, amount_field, month_field
from banso.monitoring.models.imports import PreviewedImport, previewed_import_checks


class SalesSegmentKind(models.TextChoices):
    PRODUCT = "product", "商品・サービス別"
    CUSTOMER = "customer", "得意先別"
    CHANNEL = "channel", "販路別"


class SalesSegment(ClientRecord):
    COMPANY_PATH = "company"

    Kind = SalesSegmentKind

    company = company_field("sales_segments")
    name = models.CharField("区分名", max_length=100)
    kind = models.CharField("区分の種類", max_length=10, choices=Kind.choices, default=Kind.PRODUCT)
    order = models.PositiveIntegerField("並び順", default=0)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "kind", "order", "id"]
        verbose_name = "売上区分"
        verbose_name_plural = "売上区分"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind", "name"],
                name="segment_unique_name",
                violation_error_message="同じ名前の区分がすでにあります。",
            ),
            choices_check("kind", SalesSegmentKind.choices, "segment_kind_valid", "区分の種類"),
        ]

    def __str__(self):
        return self.name


class SegmentMonth(ClientRecord):
    COMPANY_PATH = "segment__company"

    segment = models.ForeignKey(
        SalesSegment, on_delete=models.CASCADE, related_name="months", verbose_name="区分"
    )
    month = month_field()
    plan_sales = amount_field("計画売上高（円）", null=True, blank=True)
    plan_gross_profit = amount_field("計画粗利（円）", null=True, blank=True)
    actual_sales = amount_field("実績売上高（円）", null=True, blank=True)
    actual_gross_profit = amount_field("実績粗利（円）", null=True, blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["segment", "month"]
        verbose_name = "区分の月次"
        verbose_name_plural = "区分の月次"
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "month"],
                name="segmentmonth_unique_month",
                violation_error_message="この区分のこの月はすでにあります。",
            ),
            amount_bounds("plan_sales", "segmentmonth_plan_sales_bounds"),
            amount_bounds("plan_gross_profit", "segmentmonth_plan_gp_bounds"),
            amount_bounds("actual_sales", "segmentmonth_actual_sales_bounds"),
            amount_bounds("actual_gross_profit", "segmentmonth_actual_gp_bounds"),
        ]


class SegmentImport(PreviewedImport):
    """An uploaded sales-mix file (売上構成表) waiting for its preview to be confirmed, committed or
    discarded; the original stays in private storage with its SHA-256. ``parsed``: the engine's
    SalesMixFile as JSON; ``options``: what the user chose at upload (side, kind, unit, fiscal year)."""

    COMPANY_PATH = "company"

    company = company_field("segment_imports")
    options = models.JSONField("読み取りの設定", default=dict, blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history(excluded_fields=["parsed"])

    class Meta:
        ordering = ["company", "-uploaded_at", "-id"]
        verbose_name = "売上構成表の取込"
        verbose_name_plural = "売上構成表の取込"
        constraints = previewed_import_checks("segment_import")
