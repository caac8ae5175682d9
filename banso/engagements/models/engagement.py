"""The engagement (伴走支援案件) and its supporter team."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field, range_check, unique_check, user_field
from banso.core.records import AuditedThroughCompany, ClientRecord
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import (
    SupportSideQuerySet,
    add_months,
    choice_field,
    end_date_iff_ended,
    end_date_not_before,
    step_field,
)
from banso.engagements.validators import range_validators

ENDED_STATUSES = ("closed", "cancelled")


class EngagementQuerySet(SupportSideQuerySet):
    def open(self):
        """Engagements still under way (候補・進行中・フォローアップ)."""
        return self.filter(status__in=g.OPEN_STATUSES)


class Engagement(ClientRecord):
    """One support engagement with one company; a company may have several over the years.

    `status` and `step` change only through the domain functions (start_engagement, advance_step,
    return_to_step, change_status, decide_suitability), which keep the StepTransition log.
    """

    COMPANY_PATH = "company"

    company = company_field("engagements")
    kind = choice_field("支援の種類", g.ENGAGEMENT_KIND_CHOICES, max_length=20, default="process")
    title = models.CharField(
        "案件名", max_length=200, blank=True, help_text="空欄なら支援の種類と開始日で表示します。"
    )
    status = choice_field("状況", g.ENGAGEMENT_STATUS_CHOICES, max_length=20, default="candidate")
    status_reason = models.TextField(
        "状況の理由", blank=True, help_text="中止・再開の理由など。中止の場合は必ず入力してください。"
    )
    step = step_field("現在のステップ", default=g.FIRST_STEP)
    started_on = models.DateField("開始日")
    planned_months = models.PositiveSmallIntegerField(
        "支援予定期間（か月）",
        default=g.DEFAULT_PLANNED_MONTHS,
        validators=range_validators(g.MIN_PLANNED_MONTHS, g.MAX_PLANNED_MONTHS, "支援予定期間（か月）"),
        help_text="ガイドラインの目安は課題設定の後 6〜12か月です。その後フォローアップに入ります。",
    )
    ended_on = models.DateField("終了日", null=True, blank=True, help_text="終了または中止した日")
    lead_supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_engagements",
        verbose_name="主担当支援者",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="EngagementMember",
        related_name="engagement_teams",
        blank=True,
        verbose_name="支援チーム",
    )

    objects = EngagementQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "伴走支援案件"
        verbose_name_plural = "伴走支援案件"
        indexes = [models.Index(fields=["company", "status"], name="engagement_company_status")]
        constraints = [
            choices_check("kind", g.ENGAGEMENT_KIND_CHOICES, "engagement_kind_valid", "支援の種類"),
            choices_check("status", g.ENGAGEMENT_STATUS_CHOICES, "engagement_status_valid", "状況"),
            range_check("step", g.FIRST_STEP, g.LAST_STEP, "engagement_step_1_7", "ステップ"),
            range_check(
                "planned_months",
                g.MIN_PLANNED_MONTHS,
                g.MAX_PLANNED_MONTHS,
                "engagement_planned_months_range",
                "支援予定期間（か月）",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(status_reason=""),
                name="engagement_cancel_needs_reason",
                violation_error_message="中止にする場合は、中止の理由を入力してください。",
            ),
            end_date_iff_ended(
                "ended_on",
                ENDED_STATUSES,
                "engagement_ended_on_iff_ended",
                "終了日は、終了または中止した案件にだけ入力します。",
            ),
            end_date_not_before(
                "ended_on",
                "started_on",
                "engagement_ended_after_start",
                "終了日は開始日以降の日付を入力してください。",
            ),
        ]

    def __str__(self):
        return (
            self.title
            or f"{self.get_kind_display()}（{self.started_on.year}年{self.started_on.month}月開始）"
        )

    @property
    def is_open(self) -> bool:
        return self.status in g.OPEN_STATUSES

    @property
    def step_info(self) -> g.Step:
        return g.STEP_BY_NUMBER[self.step]

    @property
    def planned_end_on(self) -> dt.date:
        """End of the planned support period; follow-ups come after it."""
        return add_months(self.started_on, self.planned_months)

    def clean(self):
        if self.started_on and self.started_on > timezone.localdate():
            raise ValidationError(
                {
                    "started_on": "開始日に未来の日付は入力できません。"
                    "支援を始めた日（案件を開いた日）を入力してください。"
                }
            )

    def team(self) -> list:
        """The lead first, then the other members."""
        return [self.lead_supporter, *[m for m in self.members.all() if m.pk != self.lead_supporter_id]]


class EngagementMember(AuditedThroughCompany, models.Model):
    """A supporter on the engagement's team besides the lead (the lead is Engagement.lead_supporter)."""

    COMPANY_PATH = "engagement__company"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="memberships", verbose_name="伴走支援案件"
    )
    user = user_field("支援者")
    created_at = models.DateTimeField("追加日時", auto_now_add=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "created_at", "id"]
        verbose_name = "支援チームのメンバー"
        verbose_name_plural = "支援チームのメンバー"
        constraints = [
            unique_check(
                ["engagement", "user"], "engagement_member_unique", "この支援者はすでに支援チームにいます。"
            )
        ]

    def __str__(self):
        return f"{self.engagement} / {self.user}"

    def clean(self):
        if self.engagement_id and self.user_id and self.user_id == self.engagement.lead_supporter_id:
            raise ValidationError({"user": "主担当支援者は、チームのメンバーとして重ねて登録できません。"})
