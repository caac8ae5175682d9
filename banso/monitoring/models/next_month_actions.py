"""次月重点アクション: a few concrete actions set for a month, reviewed at the next meeting."""

from __future__ import annotations

from django.db import models

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field, optional_user_field
from banso.core.records import ClientRecord
from banso.monitoring.models.base import month_field


class NextMonthActionReview(models.TextChoices):
    NOT_REVIEWED = "not_reviewed", "未評価"
    DONE = "done", "実施"
    PARTLY = "partly", "一部実施"
    NOT_DONE = "not_done", "未実施"


class NextMonthAction(ClientRecord):
    COMPANY_PATH = "company"

    Review = NextMonthActionReview

    company = company_field("next_month_actions")
    month = month_field("対象月")
    title = models.CharField("アクション", max_length=200)
    owner = models.CharField("担当", max_length=100, blank=True)
    measure = models.CharField("測定基準", max_length=200, blank=True, help_text="例: 訪問20件")
    engagement_action_id = models.PositiveBigIntegerField("伴走支援のアクション", null=True, blank=True)
    review = models.CharField("振り返り", max_length=20, choices=Review.choices, default=Review.NOT_REVIEWED)
    review_note = models.TextField("振り返りの所見（理由）", blank=True)
    order = models.PositiveIntegerField("並び順", default=0)
    created_by = optional_user_field("記録した人")

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "-month", "order", "id"]
        verbose_name = "次月重点アクション"
        verbose_name_plural = "次月重点アクション"
        constraints = [
            choices_check("review", NextMonthActionReview.choices, "nextaction_review_valid", "振り返り")
        ]

    def __str__(self):
        return self.title
