"""The client companies (事業者). Everything else in Banso hangs off a Company."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from banso.companies.engines import size as size_rule
from banso.companies.engines.industries import INDUSTRY_CHOICES, industry_label
from banso.companies.validators import (
    validate_corporate_number,
    validate_founded_year,
    validate_non_negative,
    validate_not_blank,
)
from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import unique_check
from banso.core.records import ClientRecord
from banso.core.text import search_index

TOO_MANY_EMPLOYEES = "従業員数が大きすぎます。人数をご確認ください。"
CAPITAL_TOO_LARGE = "資本金が大きすぎます。金額（円）をご確認ください。"
MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]


class Company(ClientRecord):
    COMPANY_PATH = ""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="companies", verbose_name="支援機関"
    )
    name = models.CharField(
        "商号",
        max_length=200,
        validators=[validate_not_blank],
        error_messages={"blank": "商号を入力してください（空白だけの入力はできません）。"},
    )
    name_kana = models.CharField("商号（フリガナ）", max_length=200, blank=True)
    corporate_number = models.CharField(
        "法人番号",
        max_length=13,
        blank=True,
        validators=[validate_corporate_number],
        help_text="13桁。個人事業主の場合は空欄にしてください。",
    )
    industry_code = models.CharField(
        "業種",
        max_length=4,
        choices=INDUSTRY_CHOICES,
        error_messages={"invalid_choice": "業種は一覧（ロカベン業種コード、例: 0304）から選んでください。"},
    )
    fiscal_year_end_month = models.PositiveSmallIntegerField(
        "決算月",
        choices=MONTH_CHOICES,
        error_messages={"invalid_choice": "決算月は1〜12月から選んでください。"},
        validators=[
            MinValueValidator(1, "決算月は1〜12の月で入力してください。"),
            MaxValueValidator(12, "決算月は1〜12の月で入力してください。"),
        ],
    )
    employees = models.IntegerField(
        "従業員数",
        validators=[
            validate_non_negative,
            MaxValueValidator(1_000_000, "従業員数が大きすぎます。人数をご確認ください。"),
        ],
        help_text="期末の常時雇用者数（人）",
    )
    capital = models.BigIntegerField(
        "資本金（円）",
        null=True,
        blank=True,
        validators=[
            validate_non_negative,
            MaxValueValidator(10**15, "資本金が大きすぎます。金額（円）をご確認ください。"),
        ],
    )
    address = models.CharField("所在地", max_length=300, blank=True)
    representative = models.CharField("代表者", max_length=100, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        "設立年", null=True, blank=True, validators=[validate_founded_year]
    )
    size_override = models.CharField(
        "規模区分（手動設定）",
        max_length=10,
        choices=size_rule.SIZE_CHOICES,
        blank=True,
        help_text="空欄なら従業員数と業種から自動で判定します。",
    )
    supporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="assigned_companies", blank=True, verbose_name="担当支援者"
    )
    search_text = models.TextField(editable=False, default="")

    objects = AccessQuerySet.as_manager()
    history = audited_history(excluded_fields=["search_text"], m2m_fields=["supporters"])

    class Meta:
        ordering = ["name_kana", "name", "id"]
        verbose_name = "事業者"
        verbose_name_plural = "事業者"
        indexes = [
            # The list's default order (フリガナ, 商号, id): its page of ids is read from the index alone,
            # however deep the page (core.pagination.BoundedPaginator). The search's own indexes are
            # per database (migration 0009: pg_trgm on PostgreSQL, a covering index on SQLite).
            models.Index(fields=["organization", "name_kana", "name"], name="company_org_sort"),
            # The list's industry counts (GROUP BY from the index alone) and its sort by 従業員数.
            models.Index(fields=["organization", "industry_code"], name="company_org_industry"),
            models.Index(fields=["organization", "employees"], name="company_org_employees"),
        ]
        constraints = [
            unique_check(
                ["organization", "corporate_number"],
                "company_unique_corporate_number_per_org",
                "この法人番号の事業者はすでに登録されています。",
                condition=~Q(corporate_number=""),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year_end_month__gte=1, fiscal_year_end_month__lte=12),
                name="company_fiscal_year_end_month_1_12",
            ),
            models.CheckConstraint(
                condition=Q(capital__isnull=True) | Q(capital__gte=0), name="company_capital_gte_0"
            ),
            models.CheckConstraint(condition=Q(employees__gte=0), name="company_employees_gte_0"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_index(names=[self.name], readings=[self.name_kana])
        super().save(*args, **kwargs)

    @property
    def industry_label(self) -> str:
        return industry_label(self.industry_code)

    @property
    def size(self) -> str:
        return self.size_with(self.employees)

    def size_with(self, employees: int) -> str:
        """The size under the settings' rule for a given headcount (a past year's, for its benchmark
        row); the company's override wins."""
        return size_rule.size_for(
            industry_code=self.industry_code,
            employees=employees,
            commerce_service_industries=settings.BANSO_COMMERCE_SERVICE_INDUSTRIES,
            small_max=settings.BANSO_SMALL_COMPANY_MAX_EMPLOYEES,
            small_commerce_max=settings.BANSO_SMALL_COMMERCE_MAX_EMPLOYEES,
            override=self.size_override or None,
        )

    @property
    def size_label(self) -> str:
        return size_rule.SIZE_LABELS[self.size]

    @property
    def years_in_business(self) -> int | None:
        return dt.date.today().year - self.founded_year if self.founded_year else None
