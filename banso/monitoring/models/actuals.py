"""月次実績: one amount per company, month and input line; and the corrections of months behind an
issued report (the next report discloses them)."""

from __future__ import annotations

from django.db import models

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field, user_field
from banso.core.records import AuditedThroughCompany, ClientRecord
from banso.monitoring.engines.lines import INPUT_CHOICES
from banso.monitoring.models.base import amount_bounds, amount_field, month_field


class MonthlyActualSource(models.TextChoices):
    MANUAL = "manual", "手入力"
    IMPORT = "import", "取込"
    OWNER = "owner", "事業者入力"


class MonthlyActual(ClientRecord):
    COMPANY_PATH = "company"

    Source = MonthlyActualSource

    company = company_field("monthly_actuals")
    month = month_field()
    line = models.CharField("科目", max_length=30, choices=INPUT_CHOICES)
    amount = amount_field("金額（円）")
    source = models.CharField("入力元", max_length=10, choices=Source.choices, default=Source.MANUAL)
    accounting_import = models.ForeignKey(
        "monitoring.AccountingImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actuals",
        verbose_name="取込",
    )

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "month", "line"]
        verbose_name = "月次実績"
        verbose_name_plural = "月次実績"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "month", "line"],
                name="actual_unique_month_line",
                violation_error_message="この月と科目の実績はすでにあります。",
            ),
            choices_check("line", INPUT_CHOICES, "actual_line_valid", "科目"),
            choices_check("source", MonthlyActualSource.choices, "actual_source_valid", "入力元"),
            amount_bounds("amount", "actual_amount_bounds"),
        ]
        indexes = [models.Index(fields=["company", "line", "month"], name="actual_company_line_month")]


class ActualCorrection(AuditedThroughCompany, models.Model):
    """Append-only: a change of a month's actual after a report covering it was issued."""

    COMPANY_PATH = "company"

    company = company_field("actual_corrections")
    month = month_field()
    line = models.CharField("科目", max_length=30, choices=INPUT_CHOICES)
    old_amount = amount_field("修正前（円）", null=True, blank=True)
    new_amount = amount_field("修正後（円）", null=True, blank=True)
    reason = models.TextField("修正の理由")
    by = user_field("修正した人")
    at = models.DateTimeField("修正日時", auto_now_add=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        ordering = ["company", "-at", "-id"]
        verbose_name = "実績の修正"
        verbose_name_plural = "実績の修正"
        constraints = [
            choices_check("line", INPUT_CHOICES, "correction_line_valid", "科目"),
            amount_bounds("old_amount", "correction_old_bounds"),
            amount_bounds("new_amount", "correction_new_bounds"),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="correction_has_reason",
                violation_error_message="修正の理由を入力してください。",
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.line}"
