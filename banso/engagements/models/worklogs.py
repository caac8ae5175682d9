"""従事時間: work on an engagement other than the dialogues (whose time is their duration) — preparation,
travel, report writing — logged by the supporter who did it, for the 従事時間管理表 (405事業)."""

from __future__ import annotations

from django.db import models

from banso.core.history import audited_history
from banso.core.model_fields import range_check, user_field
from banso.core.records import ClientRecord
from banso.engagements.models.base import SupportSideQuerySet, choice_field, engagement_field
from banso.engagements.validators import range_validators

MAX_WORK_MINUTES = 24 * 60


class WorkKind(models.TextChoices):
    PREPARATION = "preparation", "準備"
    TRAVEL = "travel", "移動"
    REPORT = "report", "報告書作成"
    OTHER = "other", "その他"


class WorkLog(ClientRecord):
    """One piece of logged work: who, which day, what kind, how many minutes, a note. Internal to the
    support side (never shown to the company side)."""

    COMPANY_PATH = "engagement__company"

    Kind = WorkKind

    engagement = engagement_field("work_logs")
    worked_on = models.DateField("日付")
    kind = choice_field("区分", WorkKind.choices, max_length=20)
    minutes = models.PositiveSmallIntegerField(
        "時間（分）", validators=range_validators(1, MAX_WORK_MINUTES, "時間（分）")
    )
    note = models.CharField("内容", max_length=500, blank=True)
    worker = user_field("支援者")
    recorded_by = user_field("記録した人")

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "worked_on", "id"]
        verbose_name = "従事時間"
        verbose_name_plural = "従事時間"
        indexes = [models.Index(fields=["engagement", "worked_on"], name="worklog_engagement_day")]
        constraints = [
            range_check("minutes", 1, MAX_WORK_MINUTES, "worklog_minutes_range", "時間（分）"),
            models.CheckConstraint(
                condition=models.Q(kind__in=WorkKind.values),
                name="worklog_kind_valid",
                violation_error_message="区分は一覧から選んでください。",
            ),
        ]

    def __str__(self):
        return f"{self.worked_on:%Y-%m-%d} {self.get_kind_display()} {self.minutes}分"
