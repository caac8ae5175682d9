"""資金繰り表 (docs/domain.md §5.4): the company's payment terms, actual months per item (financing
items per lender), the lenders and their repayment schedules. The item keys are those of the
cash-flow engine."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import company_field, range_check
from banso.core.records import ClientRecord
from banso.monitoring.models.base import amount_bounds, amount_field, month_field


class CashFlowTerms(ClientRecord):
    """回収・支払サイト: the share paid in cash and the months until the rest is collected / paid."""

    COMPANY_PATH = "company"

    company = models.OneToOneField(
        "companies.Company", on_delete=models.CASCADE, related_name="cash_flow_terms", verbose_name="事業者"
    )
    cash_sales_ratio = models.DecimalField(
        "現金売上の割合", max_digits=5, decimal_places=4, default=Decimal(0)
    )
    collection_months = models.PositiveSmallIntegerField("売掛金の回収サイト（月）", default=1)
    cash_purchase_ratio = models.DecimalField(
        "現金仕入の割合", max_digits=5, decimal_places=4, default=Decimal(0)
    )
    payment_months = models.PositiveSmallIntegerField("買掛金の支払サイト（月）", default=1)
    minimum_balance = amount_field(
        "最低限必要な残高（円）",
        non_negative=True,
        null=True,
        blank=True,
        help_text="空欄のときは固定的な支出の1か月分",
    )

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        verbose_name = "資金繰りの条件"
        verbose_name_plural = "資金繰りの条件"
        constraints = [
            range_check("cash_sales_ratio", 0, 1, "terms_cash_sales_ratio_range", "現金売上の割合"),
            range_check("cash_purchase_ratio", 0, 1, "terms_cash_purchase_ratio_range", "現金仕入の割合"),
            range_check("collection_months", 0, 12, "terms_collection_months_range", "回収サイト"),
            range_check("payment_months", 0, 12, "terms_payment_months_range", "支払サイト"),
            amount_bounds("minimum_balance", "terms_minimum_balance_bounds", non_negative=True),
        ]


class Lender(ClientRecord):
    """借入先."""

    COMPANY_PATH = "company"

    company = company_field("lenders")
    name = models.CharField("借入先", max_length=100)
    order = models.PositiveIntegerField("並び順", default=0)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "order", "id"]
        verbose_name = "借入先"
        verbose_name_plural = "借入先"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "name"],
                name="lender_unique_name",
                violation_error_message="同じ名前の借入先がすでにあります。",
            )
        ]

    def __str__(self):
        return self.name


class CashFlowEntry(ClientRecord):
    """One actual amount of one item of the 資金繰り表 in one month (per lender for financing items)."""

    COMPANY_PATH = "company"

    company = company_field("cash_flow_entries")
    month = month_field()
    item = models.CharField("項目", max_length=40)
    lender = models.ForeignKey(
        Lender,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cash_flow_entries",
        verbose_name="借入先",
    )
    amount = amount_field("金額（円）")

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "month", "item", "lender"]
        verbose_name = "資金繰り実績"
        verbose_name_plural = "資金繰り実績"
        constraints = [
            # (company, month, item, lender) unique, NULL lender included: two partial constraints.
            models.UniqueConstraint(
                fields=["company", "month", "item", "lender"],
                condition=Q(lender__isnull=False),
                name="cashflow_unique_item_lender",
                violation_error_message="この月・項目・借入先の金額はすでにあります。",
            ),
            models.UniqueConstraint(
                fields=["company", "month", "item"],
                condition=Q(lender__isnull=True),
                name="cashflow_unique_item",
                violation_error_message="この月・項目の金額はすでにあります。",
            ),
            amount_bounds("amount", "cashflow_amount_bounds"),
        ]


class LoanScheduleEntry(ClientRecord):
    """A month of a lender's schedule: new borrowing, repayment of principal and interest (yen)."""

    COMPANY_PATH = "lender__company"

    lender = models.ForeignKey(
        Lender, on_delete=models.CASCADE, related_name="schedule", verbose_name="借入先"
    )
    month = month_field()
    borrowing = amount_field("借入（円）", non_negative=True, default=0)
    repayment = amount_field("返済（円）", non_negative=True, default=0)
    interest = amount_field("支払利息（円）", non_negative=True, default=0)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["lender", "month"]
        verbose_name = "返済予定"
        verbose_name_plural = "返済予定"
        constraints = [
            models.UniqueConstraint(
                fields=["lender", "month"],
                name="loanschedule_unique_month",
                violation_error_message="この借入先のこの月の予定はすでにあります。",
            ),
            amount_bounds("borrowing", "loanschedule_borrowing_bounds", non_negative=True),
            amount_bounds("repayment", "loanschedule_repayment_bounds", non_negative=True),
            amount_bounds("interest", "loanschedule_interest_bounds", non_negative=True),
        ]
