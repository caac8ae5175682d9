"""The organization's alert rules (data, not constants): how many days ahead a due date counts as
「近日」, and after how many days without a dialogue a company is shown as 対話が途絶えている."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from banso.core.alerts import DEFAULT_DUE_SOON_DAYS, DEFAULT_NO_DIALOGUE_DAYS
from banso.core.history import audited_history
from banso.core.records import OrganizationSettings

DUE_SOON_RANGE = (1, 60)
NO_DIALOGUE_RANGE = (7, 365)


class AlertSettings(OrganizationSettings):
    organization = models.OneToOneField(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="alert_settings",
        verbose_name="組織",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "「近日」とする日数",
        default=DEFAULT_DUE_SOON_DAYS,
        validators=[MinValueValidator(DUE_SOON_RANGE[0]), MaxValueValidator(DUE_SOON_RANGE[1])],
        help_text="期日・予定日がこの日数以内に来るものを今日やることに表示します。",
    )
    no_dialogue_days = models.PositiveSmallIntegerField(
        "対話が途絶えているとみなす日数",
        default=DEFAULT_NO_DIALOGUE_DAYS,
        validators=[MinValueValidator(NO_DIALOGUE_RANGE[0]), MaxValueValidator(NO_DIALOGUE_RANGE[1])],
        help_text="支援中の案件で、最後の対話からこの日数を過ぎた事業者を表示します。",
    )

    history = audited_history()

    class Meta:
        verbose_name = "今日やることの基準"
        verbose_name_plural = "今日やることの基準"
        constraints = [
            models.CheckConstraint(
                condition=Q(due_soon_days__gte=DUE_SOON_RANGE[0], due_soon_days__lte=DUE_SOON_RANGE[1]),
                name="alert_settings_due_soon_range",
                violation_error_message="「近日」とする日数は 1〜60 日にしてください。",
            ),
            models.CheckConstraint(
                condition=Q(
                    no_dialogue_days__gte=NO_DIALOGUE_RANGE[0], no_dialogue_days__lte=NO_DIALOGUE_RANGE[1]
                ),
                name="alert_settings_no_dialogue_range",
                violation_error_message="対話が途絶えているとみなす日数は 7〜365 日にしてください。",
            ),
        ]

    def __str__(self):
        return f"{self.organization} 今日やることの基準"


class PortfolioSnapshot(models.Model):
    """The organization's portfolio figures as last computed (home.snapshots): the page reads them
    instead of scanning every company in the request. `figures` is what the page draws (per-kind
    totals, one row per supporter with their counts and figures, the step/status tables, each number
    with the URL of the live list behind it); `duration_ms` is how long the computation took."""

    organization = models.OneToOneField(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="portfolio_snapshot",
        verbose_name="組織",
    )
    figures = models.JSONField("集計結果", default=dict)
    company_count = models.PositiveIntegerField("事業者数", default=0)
    computed_at = models.DateTimeField("集計日時")
    duration_ms = models.PositiveIntegerField("集計にかかった時間（ミリ秒）", default=0)

    class Meta:
        verbose_name = "ポートフォリオの集計"
        verbose_name_plural = "ポートフォリオの集計"

    def __str__(self):
        return f"{self.organization} ポートフォリオの集計 {self.computed_at:%Y-%m-%d %H:%M}"
