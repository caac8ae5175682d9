"""経営改善計画: the plan as a whole, its versions (計画の修正 makes a new one), the fiscal years of a
version with their spread method and annual balance inputs, the monthly amounts and the measures (施策).

A version is immutable once a newer version exists (the domain refuses changes to a version that is
not current). Annual totals are the sums of the months (`PlanAmount`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field, optional_user_field, range_check
from banso.core.records import AuditedThroughCompany, ClientRecord
from banso.monitoring.engines import months as m
from banso.monitoring.engines.lines import INPUT_CHOICES, PLAN_CHOICES
from banso.monitoring.models.base import amount_bounds, amount_field, month_field

MIN_PLAN_YEARS = 3
MAX_PLAN_YEARS = 5


class ImprovementPlan(ClientRecord):
    COMPANY_PATH = "company"

    company = company_field("improvement_plans")
    title = models.CharField("計画名", max_length=200)
    engagement_id = models.PositiveBigIntegerField("伴走支援案件", null=True, blank=True)
    created_by = optional_user_field("作成者")

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "-created_at", "-id"]
        verbose_name = "経営改善計画"
        verbose_name_plural = "経営改善計画"

    def __str__(self):
        return self.title

    @property
    def current_version(self) -> PlanVersion | None:
        """The current version (one query unless `versions` was prefetched)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "versions" in cache:
            return next((v for v in cache["versions"] if v.is_current), None)
        return self.versions.filter(is_current=True).first()


class PlanVersion(ClientRecord):
    COMPANY_PATH = "plan__company"

    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="versions", verbose_name="計画"
    )
    number = models.PositiveSmallIntegerField("版")
    start_month = month_field("計画開始月", help_text="最初の計画年度の期首月（決算月の翌月）")
    years = models.PositiveSmallIntegerField("計画年数")
    reason = models.TextField("計画の修正の理由", blank=True)
    is_current = models.BooleanField("現行版", default=True)
    created_by = optional_user_field("作成者")

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = "計画の版"
        verbose_name_plural = "計画の版"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="planversion_unique_number",
                violation_error_message="この版番号はすでにあります。",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(is_current=True),
                name="planversion_one_current",
                violation_error_message="現行版は1つだけです。",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="planversion_number_positive"),
            range_check("years", MIN_PLAN_YEARS, MAX_PLAN_YEARS, "planversion_years_range", "計画年数"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""),
                name="planversion_revision_has_reason",
                violation_error_message="計画の修正の理由を入力してください。",
            ),
        ]

    def __str__(self):
        return f"{self.plan} 第{self.number}版"

    @property
    def label(self) -> str:
        return f"第{self.number}版"

    @property
    def first_month(self) -> m.Month:
        return m.Month.of(self.start_month)

    @property
    def last_month(self) -> m.Month:
        return self.first_month + (12 * self.years - 1)

    def fiscal_years(self, end_month: int) -> list[int]:
        first = self.first_month.fiscal_year(end_month)
        return list(range(first, first + self.years))

    def period_label(self, end_month: int) -> str:
        """'2026年3月期〜2030年3月期'."""
        years = self.fiscal_years(end_month)
        return f"{m.fiscal_year_label(years[0], end_month)}〜{m.fiscal_year_label(years[-1], end_month)}"


class PlanYearSpreadMethod(models.TextChoices):
    EVEN = "even", "均等"
    SEASONAL = "seasonal", "前年実績の季節性"
    MANUAL = "manual", "手入力"


class PlanYear(ClientRecord):
    COMPANY_PATH = "plan_version__plan__company"

    SpreadMethod = PlanYearSpreadMethod

    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="plan_years", verbose_name="計画の版"
    )
    fiscal_year = models.PositiveSmallIntegerField("決算年")
    spread_method = models.CharField(
        "月次への配分", max_length=10, choices=SpreadMethod.choices, default=SpreadMethod.EVEN
    )
    net_assets = amount_field("純資産（円）", null=True, blank=True)
    borrowings = amount_field("有利子負債（円）", non_negative=True, null=True, blank=True)
    cash_and_deposits = amount_field("現預金（円）", null=True, blank=True)
    receivables = amount_field("売上債権（円）", non_negative=True, null=True, blank=True)
    inventories = amount_field("棚卸資産（円）", non_negative=True, null=True, blank=True)
    payables = amount_field("仕入債務（円）", non_negative=True, null=True, blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    BALANCE_FIELDS = (
        "net_assets",
        "borrowings",
        "cash_and_deposits",
        "receivables",
        "inventories",
        "payables",
    )

    class Meta:
        ordering = ["plan_version", "fiscal_year"]
        verbose_name = "計画年度"
        verbose_name_plural = "計画年度"
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "fiscal_year"],
                name="planyear_unique_year",
                violation_error_message="この決算期はすでに計画にあります。",
            ),
            choices_check(
                "spread_method", PlanYearSpreadMethod.choices, "planyear_spread_valid", "月次への配分"
            ),
            amount_bounds("net_assets", "planyear_net_assets_bounds"),
            amount_bounds("borrowings", "planyear_borrowings_bounds", non_negative=True),
            amount_bounds("cash_and_deposits", "planyear_cash_bounds"),
            amount_bounds("receivables", "planyear_receivables_bounds", non_negative=True),
            amount_bounds("inventories", "planyear_inventories_bounds", non_negative=True),
            amount_bounds("payables", "planyear_payables_bounds", non_negative=True),
        ]

    def __str__(self):
        return f"{self.plan_version} {self.fiscal_year}"


class PlanAmount(AuditedThroughCompany, models.Model):
    """One planned amount of one P&L input line in one month (yen). Written in bulk for a fiscal year
    by the domain; the edit check is the `version` of the PlanYear."""

    COMPANY_PATH = "plan_version__plan__company"

    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="amounts", verbose_name="計画の版"
    )
    month = month_field()
    line = models.CharField("科目", max_length=30, choices=PLAN_CHOICES)
    amount = amount_field("金額（円）")

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["plan_version", "month", "line"]
        verbose_name = "計画額"
        verbose_name_plural = "計画額"
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "month", "line"],
                name="planamount_unique_month_line",
                violation_error_message="この月と科目の計画額はすでにあります。",
            ),
            choices_check("line", PLAN_CHOICES, "planamount_line_valid", "科目"),
            amount_bounds("amount", "planamount_amount_bounds"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.line}"


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未着手"
    IN_PROGRESS = "in_progress", "実施中"
    DONE = "done", "完了"
    CANCELLED = "cancelled", "中止"


class Measure(ClientRecord):
    """施策: what the company will do to reach the plan, with its expected effect (yen per year)."""

    COMPANY_PATH = "plan_version__plan__company"

    Status = MeasureStatus

    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="measures", verbose_name="計画の版"
    )
    title = models.CharField("施策", max_length=200)
    owner = models.CharField("担当", max_length=100, blank=True)
    start_month = month_field("開始月", null=True, blank=True)
    end_month = month_field("終了月", null=True, blank=True)
    expected_effect = amount_field("見込む効果（円／年）", null=True, blank=True)
    line = models.CharField("効果が表れる科目", max_length=30, choices=INPUT_CHOICES, blank=True)
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress_note = models.TextField("進捗", blank=True)
    engagement_action_id = models.PositiveBigIntegerField("伴走支援のアクション", null=True, blank=True)
    order = models.PositiveIntegerField("並び順", default=0)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["plan_version", "order", "id"]
        verbose_name = "施策"
        verbose_name_plural = "施策"
        constraints = [
            choices_check("status", MeasureStatus.choices, "measure_status_valid", "状況"),
            choices_check("line", INPUT_CHOICES, "measure_line_valid", "科目", blank=True),
            amount_bounds("expected_effect", "measure_effect_bounds"),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True)
                | Q(end_month__isnull=True)
                | Q(end_month__gte=models.F("start_month")),
                name="measure_end_after_start",
                violation_error_message="終了月は開始月以降にしてください。",
            ),
        ]

    def __str__(self):
        return self.title
