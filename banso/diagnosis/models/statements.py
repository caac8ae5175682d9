"""財務諸表: one company's figures for one fiscal year, in yen, exactly as entered."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from banso.companies.validators import validate_non_negative
from banso.core import fiscal
from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import company_field, optional_user_field, unique_check
from banso.core.records import ClientRecord
from banso.diagnosis.engines.statement_lines import LINES, LINES_BY_KEY, MAX_AMOUNT


def validate_amount_size(value) -> None:
    if value is not None and abs(value) > MAX_AMOUNT:
        raise ValidationError("金額が大きすぎます。円単位の数字をご確認ください。", code="too_large")


def validate_fiscal_year(value) -> None:
    latest = dt.date.today().year + 1
    if value is not None and not (1950 <= value <= latest):
        raise ValidationError(
            f"決算年は西暦 1950〜{latest} 年の範囲で入力してください（決算月が属する年です）。",
            code="fiscal_year",
        )


def _amount(key: str):
    line = LINES_BY_KEY[key]
    validators = (
        [validate_amount_size] if line.may_be_negative else [validate_non_negative, validate_amount_size]
    )
    return models.BigIntegerField(f"{line.label}（円）", null=True, blank=True, validators=validators)


class FinancialStatement(ClientRecord):
    """A year is named by the calendar year in which it ends, in the company's 決算月 (api.md).

    Only a confirmed (確定) statement is scored. A draft (下書き) may have problems — a balance sheet
    that does not balance, missing lines — listed in `problems` as they were when it was saved.
    """

    COMPANY_PATH = "company"

    class Status(models.TextChoices):
        DRAFT = "draft", "下書き"
        FINAL = "final", "確定"

    company = company_field("financial_statements")
    fiscal_year = models.PositiveSmallIntegerField("決算年", validators=[validate_fiscal_year])
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.DRAFT)

    net_sales = _amount("net_sales")
    cost_of_sales = _amount("cost_of_sales")
    sga = _amount("sga")
    operating_income = _amount("operating_income")
    depreciation = _amount("depreciation")
    ordinary_income = _amount("ordinary_income")
    net_income = _amount("net_income")
    cash_and_deposits = _amount("cash_and_deposits")
    accounts_receivable = _amount("accounts_receivable")
    notes_receivable = _amount("notes_receivable")
    electronic_receivables = _amount("electronic_receivables")
    inventories = _amount("inventories")
    total_assets = _amount("total_assets")
    accounts_payable = _amount("accounts_payable")
    notes_payable = _amount("notes_payable")
    electronic_payables = _amount("electronic_payables")
    short_term_borrowings = _amount("short_term_borrowings")
    long_term_borrowings = _amount("long_term_borrowings")
    bonds = _amount("bonds")
    lease_obligations = _amount("lease_obligations")
    total_liabilities = _amount("total_liabilities")
    net_assets = _amount("net_assets")
    employees = models.PositiveIntegerField(
        "従業員数", null=True, blank=True, validators=[validate_non_negative]
    )

    problems = models.JSONField("確認事項", default=list, blank=True, editable=False)
    source_note = models.CharField(
        "出典・メモ", max_length=200, blank=True, help_text="例: 第45期 決算報告書（税理士作成）"
    )
    created_by = optional_user_field()

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "-fiscal_year"]
        verbose_name = "決算書"
        verbose_name_plural = "決算書"
        constraints = [
            unique_check(
                ["company", "fiscal_year"],
                "statement_unique_company_year",
                "この決算期の決算書はすでに登録されています。一覧から編集してください。",
            ),
            # A confirmed statement always has what the indicators need.
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(
                    net_sales__isnull=False,
                    operating_income__isnull=False,
                    total_assets__isnull=False,
                    net_assets__isnull=False,
                    employees__isnull=False,
                ),
                name="statement_final_has_principal_lines",
            ),
        ]

    def __str__(self):
        return f"{self.company} {self.fiscal_year_label}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def fiscal_year_label(self) -> str:
        return fiscal.fiscal_year_label(self.fiscal_year, self.company.fiscal_year_end_month)

    @property
    def period_end(self) -> dt.date:
        return fiscal.fiscal_year_end(self.fiscal_year, self.company.fiscal_year_end_month)

    def line_values(self) -> dict[str, int | None]:
        return {line.key: getattr(self, line.key) for line in LINES}

    @property
    def gross_profit(self) -> int | None:
        if self.net_sales is None:
            return None
        return self.net_sales - (self.cost_of_sales or 0)
