"""Follow-up (step ⑦ 自走化): scheduled checks after the support period, and the figures at the start
(OutcomeBaseline) that follow-ups are compared with, before / after side by side.

Amounts are integer yen (API contract), people are a count, the wage rise is a percentage.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from banso.core.history import audited_history
from banso.core.model_fields import optional_user_field, range_check, user_field
from banso.core.records import ClientRecord
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import SupportSideQuerySet, engagement_field, not_before_start, scale_field
from banso.engagements.validators import range_validators

NON_NEGATIVE = "0 以上の数を入力してください（マイナスは入力できません）。"


def _non_negative(value) -> None:
    if value is not None and value < 0:
        raise ValidationError(NON_NEGATIVE, code="negative")


class OutcomeFigures(models.Model):
    """The quantitative outcomes the guideline names for follow-up (売上・利益・人・賃金)."""

    fiscal_year = models.PositiveSmallIntegerField(
        "数値の決算期", null=True, blank=True, help_text="決算期が終わる年（例: 2026年3月期なら 2026）"
    )
    net_sales = models.BigIntegerField("売上高（円）", null=True, blank=True, validators=[_non_negative])
    operating_income = models.BigIntegerField("営業利益（円）", null=True, blank=True)
    employees = models.PositiveIntegerField("従業員数（人）", null=True, blank=True)
    average_salary = models.BigIntegerField(
        "平均給与（円・年額）", null=True, blank=True, validators=[_non_negative]
    )
    wage_increase_rate = models.DecimalField(
        "賃上げ率（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=range_validators(-100, 100, "賃上げ率（%）"),
    )

    class Meta:
        abstract = True

    @staticmethod
    def figure_constraints(prefix: str) -> list:
        return [
            models.CheckConstraint(
                condition=Q(net_sales__isnull=True) | Q(net_sales__gte=0),
                name=f"{prefix}_net_sales_gte_0",
                violation_error_message=f"売上高は{NON_NEGATIVE}",
            ),
            models.CheckConstraint(
                condition=Q(average_salary__isnull=True) | Q(average_salary__gte=0),
                name=f"{prefix}_average_salary_gte_0",
                violation_error_message=f"平均給与は{NON_NEGATIVE}",
            ),
            range_check(
                "wage_increase_rate", -100, 100, f"{prefix}_wage_rate_range", "賃上げ率（%）", nullable=True
            ),
            range_check(
                "fiscal_year", 1900, 2200, f"{prefix}_fiscal_year_range", "決算期の年", nullable=True
            ),
        ]

    def figures(self) -> dict:
        return {
            "fiscal_year": self.fiscal_year,
            "net_sales": self.net_sales,
            "operating_income": self.operating_income,
            "employees": self.employees,
            "average_salary": self.average_salary,
            "wage_increase_rate": self.wage_increase_rate,
        }


def _self_propulsion(point: g.SelfPropulsionPoint):
    return scale_field(
        point.label,
        g.SELF_PROPULSION_RATING_CHOICES,
        g.SELF_PROPULSION_MIN,
        g.SELF_PROPULSION_MAX,
        label=f"「{point.label}」の評価",
        null=True,
        blank=True,
        help_text=point.question,
    )


_P = {point.key: point for point in g.SELF_PROPULSION_POINTS}


class FollowUp(ClientRecord, OutcomeFigures):
    """One scheduled follow-up; once done it holds the self-propulsion ratings and the figures at the time."""

    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("follow_ups")
    scheduled_on = models.DateField("予定日")
    done_on = models.DateField("実施日", null=True, blank=True)
    conducted_by = optional_user_field("実施した支援者", on_delete=models.PROTECT)
    sets_own_issues = _self_propulsion(_P["sets_own_issues"])
    runs_own_pdca = _self_propulsion(_P["runs_own_pdca"])
    staff_ownership = _self_propulsion(_P["staff_ownership"])
    evidence = models.TextField("自走化の様子（定性的な所見）", blank=True)
    note = models.TextField("メモ", blank=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "scheduled_on", "id"]
        verbose_name = "フォローアップ"
        verbose_name_plural = "フォローアップ"
        constraints = [
            *[
                range_check(
                    point.key,
                    g.SELF_PROPULSION_MIN,
                    g.SELF_PROPULSION_MAX,
                    f"follow_up_{point.key}_1_4",
                    f"「{point.label}」の評価",
                    nullable=True,
                )
                for point in g.SELF_PROPULSION_POINTS
            ],
            *OutcomeFigures.figure_constraints("follow_up"),
        ]

    def __str__(self):
        return f"{self.engagement}: {self.scheduled_on:%Y/%m/%d} のフォローアップ"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def self_propulsion(self) -> dict[str, int | None]:
        return {key: getattr(self, key) for key in g.SELF_PROPULSION_KEYS}

    def clean(self):
        errors: dict = {}
        if self.engagement_id:
            not_before_start(self.engagement, self.scheduled_on, "scheduled_on", errors)
            not_before_start(self.engagement, self.done_on, "done_on", errors)
        if errors:
            raise ValidationError(errors)


class OutcomeBaseline(ClientRecord, OutcomeFigures):
    """The figures when support began ("before"), one per engagement; follow-ups are the "after"."""

    COMPANY_PATH = "engagement__company"

    engagement = models.OneToOneField(
        "engagements.Engagement",
        on_delete=models.CASCADE,
        related_name="baseline",
        verbose_name="伴走支援案件",
    )
    source = models.CharField("出典", max_length=200, blank=True, help_text="例: 2025年3月期 決算書")
    recorded_by = user_field("記録した人")

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        verbose_name = "支援開始時の数値"
        verbose_name_plural = "支援開始時の数値"
        constraints = OutcomeFigures.figure_constraints("baseline")

    def __str__(self):
        return f"{self.engagement}: 支援開始時の数値"
