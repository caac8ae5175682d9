"""モニタリング報告書: drafted from the figures, edited, then issued as an immutable snapshot (files,
figures, plan version, SHA-256, who, when). An issued report never changes (the domain refuses)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field, optional_user_field
from banso.core.records import ClientRecord
from banso.monitoring.models.base import month_field
from banso.monitoring.storage import private_storage, report_upload_to


class MonitoringReportStatus(models.TextChoices):
    DRAFT = "draft", "下書き"
    ISSUED = "issued", "発行済み"


class MonitoringReport(ClientRecord):
    COMPANY_PATH = "company"

    Status = MonitoringReportStatus

    company = company_field("monitoring_reports")
    from_month = month_field("対象期間（自）")
    to_month = month_field("対象期間（至）")
    plan_version = models.ForeignKey(
        "monitoring.PlanVersion", on_delete=models.PROTECT, related_name="reports", verbose_name="計画の版"
    )
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.DRAFT)
    sentences = models.JSONField("所見の文章", default=dict, blank=True)
    lender_request = models.TextField("継続支援のお願い", blank=True)
    measure_progress = models.JSONField("施策の進捗", default=list, blank=True)
    figures = models.JSONField("数値（発行時点）", default=dict, blank=True)
    disclosed_corrections = models.JSONField("開示した実績の修正", default=list, blank=True)
    issued_at = models.DateTimeField("発行日時", null=True, blank=True)
    issued_by = optional_user_field("発行した人", on_delete=models.PROTECT)
    pdf = models.FileField(
        "PDF", storage=private_storage, upload_to=report_upload_to, blank=True, max_length=255
    )
    xlsx = models.FileField(
        "Excel", storage=private_storage, upload_to=report_upload_to, blank=True, max_length=255
    )
    pdf_sha256 = models.CharField("PDF の SHA-256", max_length=64, blank=True)
    xlsx_sha256 = models.CharField("Excel の SHA-256", max_length=64, blank=True)
    created_by = optional_user_field("作成者")

    objects = AccessQuerySet.as_manager()
    history = audited_history(excluded_fields=["figures"])

    class Meta:
        ordering = ["company", "-to_month", "-id"]
        verbose_name = "モニタリング報告書"
        verbose_name_plural = "モニタリング報告書"
        constraints = [
            choices_check("status", MonitoringReportStatus.choices, "report_status_valid", "状態"),
            models.CheckConstraint(
                condition=Q(to_month__gte=F("from_month")),
                name="report_period_in_order",
                violation_error_message="対象期間の終わりは始まり以降にしてください。",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(issued_at__isnull=False, issued_by__isnull=False),
                name="report_issued_has_stamp",
            ),
        ]

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED
