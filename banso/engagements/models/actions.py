"""The owner's action plan (step ⑥): small-step actions and their PDCA reviews.

An action answers the guideline's 誰がいつまでに何をどの程度どのように and the expected effect; its
`owner` is a person inside the company (the company owns its actions). Each check adds an
ActionReview, so the PDCA history is kept rather than overwritten.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from banso.core.history import audited_history
from banso.core.model_fields import choices_check, user_field
from banso.core.records import AuditedThroughCompany, ClientRecord
from banso.core.visibility import SHAREABLE, Visibility, visibility_field
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import (
    SupportSideQuerySet,
    choice_field,
    engagement_field,
    not_before_start,
)
from banso.engagements.validators import validate_not_blank


class Action(ClientRecord):
    COMPANY_PATH = "engagement__company"
    # Shared with the company by default (core.visibility); an employee sees the ones they own.
    COMPANY_SIDE = SHAREABLE
    SHARED_WHEN = Q(visibility=Visibility.SHARED)
    EMPLOYEE_PATH = "owner__user"

    engagement = engagement_field("actions")
    owner = models.ForeignKey(
        "engagements.Stakeholder",
        on_delete=models.RESTRICT,
        related_name="actions",
        verbose_name="誰が",
        help_text="事業者の社内の方を選びます（取組の主体は事業者です）。",
    )
    due_on = models.DateField("いつまでに")
    what = models.CharField("何を", max_length=300, validators=[validate_not_blank])
    how_much = models.TextField("どの程度", blank=True)
    how = models.TextField("どのように", blank=True)
    expected_effect = models.TextField("見込む効果", blank=True)
    expected_value = models.DecimalField(
        "効果の目標値", max_digits=16, decimal_places=2, null=True, blank=True, help_text="数値で表せる場合"
    )
    expected_unit = models.CharField(
        "目標値の単位", max_length=20, blank=True, help_text="例: 円、%、件、時間"
    )
    root_issue = models.ForeignKey(
        "engagements.IssueNode",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="取り組む裏課題",
    )
    status = choice_field("状況", g.ACTION_STATUS_CHOICES, max_length=20, default="not_started")
    position = models.PositiveIntegerField("並び順", default=0)
    visibility = visibility_field()
    created_by = user_field("記録した人")

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "due_on", "position", "id"]
        verbose_name = "アクション"
        verbose_name_plural = "アクションプラン"
        indexes = [models.Index(fields=["engagement", "status", "due_on"], name="action_engagement_due")]
        constraints = [
            choices_check("status", g.ACTION_STATUS_CHOICES, "action_status_valid", "アクションの状況"),
        ]

    def __str__(self):
        return self.what

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past its due date and still expected to happen (未着手・実行中・見直し)."""
        today = today or timezone.localdate()
        return self.status in g.ACTION_OPEN_STATUSES and self.due_on < today

    def clean(self):
        errors: dict = {}
        if self.engagement_id:
            not_before_start(self.engagement, self.due_on, "due_on", errors)
        if self.owner_id and self.engagement_id:
            if self.owner.engagement_id != self.engagement_id:
                errors.setdefault("owner", []).append("担当者は、この案件の関係者から選んでください。")
            elif not self.owner.is_internal:
                errors.setdefault("owner", []).append(
                    "アクションの担当者には、事業者の社内の方（経営者・後継者・幹部・現場リーダー・従業員・家族）を"
                    "選んでください。取組の主体は事業者です。"
                )
        if self.root_issue_id and self.engagement_id and self.root_issue.engagement_id != self.engagement_id:
            errors.setdefault("root_issue", []).append("裏課題は、この案件の課題ツリーから選んでください。")
        if errors:
            raise ValidationError(errors)


class ActionReview(AuditedThroughCompany, models.Model):
    """One PDCA check of an action: what happened, what was learned, the next step and the status after it."""

    COMPANY_PATH = "action__engagement__company"
    # The PDCA history of a shared action is shared with it (core.visibility).
    COMPANY_SIDE = SHAREABLE
    SHARED_WHEN = Q(action__visibility=Visibility.SHARED)
    EMPLOYEE_PATH = "action__owner__user"

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="reviews", verbose_name="アクション"
    )
    reviewed_on = models.DateField("振り返った日")
    reviewed_by = user_field("記録した人")
    status = choice_field("振り返り後の状況", g.ACTION_STATUS_CHOICES, max_length=20)
    result = models.TextField("結果（やったこと・できたこと）", blank=True)
    learning = models.TextField("学び", blank=True)
    next_step = models.TextField("次の一歩", blank=True)
    small_success = models.BooleanField("小さな成功体験", default=False)
    by_company = models.BooleanField(
        "事業者の記入", default=False, help_text="経営者・従業員が事業者ポータルから記録した振り返り"
    )
    dialogue = models.ForeignKey(
        "engagements.Dialogue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_reviews",
        verbose_name="振り返った対話",
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["action", "reviewed_on", "id"]
        get_latest_by = ["reviewed_on", "id"]
        verbose_name = "アクションの振り返り"
        verbose_name_plural = "アクションの振り返り"
        constraints = [
            choices_check(
                "status", g.ACTION_STATUS_CHOICES, "action_review_status_valid", "振り返り後の状況"
            ),
        ]

    def __str__(self):
        return f"{self.action}: {self.reviewed_on:%Y/%m/%d}"

    def clean(self):
        errors: dict = {}
        if self.action_id:
            not_before_start(self.action.engagement, self.reviewed_on, "reviewed_on", errors)
            if self.dialogue_id and self.dialogue.engagement_id != self.action.engagement_id:
                errors.setdefault("dialogue", []).append("対話記録は、この案件のものから選んでください。")
        if errors:
            raise ValidationError(errors)
