"""乖離分析: a gap between plan and actual on one line in one month, its cause, the why-chain, the
response, who follows it up and by when, and later whether it worked."""

from __future__ import annotations

from django.db import models

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field, optional_user_field
from banso.core.records import ClientRecord
from banso.monitoring.engines.lines import LINES
from banso.monitoring.models.base import month_field

LINE_CHOICES = tuple((line.key, line.label) for line in LINES)


class GapCause(models.TextChoices):
    ORDERS_DOWN = "orders_down", "受注・客数減"
    PRICE_DOWN = "price_down", "単価下落"
    COST_UP = "cost_up", "原価・外注費増"
    MARGIN_DOWN = "margin_down", "粗利率低下"
    PERSONNEL_UP = "personnel_up", "人件費増"
    EXPENSES_UP = "expenses_up", "経費増"
    SEASONAL = "seasonal", "季節・一過性"
    OTHER = "other", "その他"


class GapStatus(models.TextChoices):
    OPEN = "open", "未対応"
    IN_PROGRESS = "in_progress", "対応中"
    DONE = "done", "完了"


class GapEffect(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "未評価"
    EFFECTIVE = "effective", "効果あり"
    PARTIAL = "partial", "一部効果"
    NONE = "none", "効果なし"


class Gap(ClientRecord):
    COMPANY_PATH = "company"

    Cause = GapCause
    Status = GapStatus
    Effect = GapEffect

    company = company_field("gaps")
    month = month_field()
    line = models.CharField("科目", max_length=30, choices=LINE_CHOICES)
    plan_version = models.ForeignKey(
        "monitoring.PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gaps",
        verbose_name="比較した計画の版",
    )
    cause = models.CharField("原因の分類", max_length=20, choices=Cause.choices, blank=True)
    why_chain = models.TextField("なぜなぜ（原因の掘り下げ）", blank=True)
    response = models.TextField("対応（実施済み・予定）", blank=True)
    owner = models.CharField("担当", max_length=100, blank=True)
    due_on = models.DateField("期限", null=True, blank=True)
    status = models.CharField("対応状況", max_length=20, choices=Status.choices, default=Status.OPEN)
    effect = models.CharField("効果", max_length=20, choices=Effect.choices, default=Effect.NOT_ASSESSED)
    effect_note = models.TextField("効果の所見", blank=True)
    created_by = optional_user_field("記録した人")

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "-month", "line"]
        verbose_name = "乖離"
        verbose_name_plural = "乖離"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "month", "line"],
                name="gap_unique_month_line",
                violation_error_message="この月と科目の乖離はすでに記録されています。",
            ),
            choices_check("line", LINE_CHOICES, "gap_line_valid", "科目"),
            choices_check("cause", GapCause.choices, "gap_cause_valid", "原因の分類", blank=True),
            choices_check("status", GapStatus.choices, "gap_status_valid", "対応状況"),
            choices_check("effect", GapEffect.choices, "gap_effect_valid", "効果"),
        ]
