"""Public programmes (早期経営改善計画 / 405事業, docs/domain.md §5.1): an engagement's monitoring
schedule (an editable rule) and the monitorings due, each recorded as done with its report."""

from __future__ import annotations

from django.db import models

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field, range_check
from banso.core.records import ClientRecord
from banso.monitoring.models.base import amount_bounds, amount_field


class MonitoringScheduleProgramme(models.TextChoices):
    EARLY_PLAN = "early_plan", "早期経営改善計画"
    PLAN_405 = "plan_405", "経営改善計画（405事業）"


class MonitoringSchedule(ClientRecord):
    COMPANY_PATH = "company"

    Programme = MonitoringScheduleProgramme

    company = company_field("monitoring_schedules")
    engagement_id = models.PositiveBigIntegerField("伴走支援案件", unique=True)
    programme = models.CharField("事業", max_length=20, choices=Programme.choices)
    plan_fiscal_year_end = models.DateField("計画策定後の最初の決算日")
    interim_months = models.JSONField("期中モニタリングの月", default=list, blank=True)
    years = models.PositiveSmallIntegerField("モニタリング期間（年）", default=3)
    fee_caps = models.JSONField("費用の上限（円）", default=dict, blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "plan_fiscal_year_end"]
        verbose_name = "モニタリング予定"
        verbose_name_plural = "モニタリング予定"
        constraints = [
            choices_check(
                "programme", MonitoringScheduleProgramme.choices, "schedule_programme_valid", "事業"
            ),
            range_check("years", 1, 10, "schedule_years_range", "モニタリング期間"),
        ]


class MonitoringDueKind(models.TextChoices):
    FISCAL_YEAR_END = "fiscal_year_end", "決算期"
    INTERIM = "interim", "期中"


class MonitoringDue(ClientRecord):
    COMPANY_PATH = "schedule__company"

    Kind = MonitoringDueKind

    schedule = models.ForeignKey(
        MonitoringSchedule, on_delete=models.CASCADE, related_name="dues", verbose_name="モニタリング予定"
    )
    due_on = models.DateField("期日")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    done_on = models.DateField("実施日", null=True, blank=True)
    report = models.ForeignKey(
        "monitoring.MonitoringReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dues",
        verbose_name="報告書",
    )
    fee_yen = amount_field("費用（円）", non_negative=True, null=True, blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["schedule", "due_on"]
        verbose_name = "モニタリング期日"
        verbose_name_plural = "モニタリング期日"
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "due_on", "kind"],
                name="due_unique_date_kind",
                violation_error_message="同じ期日のモニタリングがすでにあります。",
            ),
            choices_check("kind", MonitoringDueKind.choices, "due_kind_valid", "種類"),
            amount_bounds("fee_yen", "due_fee_bounds", non_negative=True),
        ]
