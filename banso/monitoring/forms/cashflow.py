"""Forms of the 資金繰り表 pages: payment terms, a new lender, a lender's repayment schedule (a grid of
months) and one actual month's entries (a grid of items). Amounts are typed in 千円 (円 with a unit:
「1,234円」) and stored in 円."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from banso.core.forms import (
    AmountField,
    BansoForm,
    JapaneseDecimalField,
    JapaneseIntegerField,
    VersionedFormMixin,
)
from banso.monitoring.domain import cashflow as domain
from banso.monitoring.engines import cashflow as cf
from banso.monitoring.engines.months import Month
from banso.monitoring.forms.grids import VersionedGrid, grid_cell


class TermsForm(VersionedFormMixin, BansoForm):
    cash_sales_pct = JapaneseDecimalField(
        label="現金売上の割合", unit="%", min_value=Decimal(0), max_value=Decimal(100), initial=0
    )
    collection_months = JapaneseIntegerField(
        label="売掛金の回収サイト", unit="か月後", min_value=0, max_value=12, initial=1
    )
    cash_purchase_pct = JapaneseDecimalField(
        label="現金仕入の割合", unit="%", min_value=Decimal(0), max_value=Decimal(100), initial=0
    )
    payment_months = JapaneseIntegerField(
        label="買掛金の支払サイト", unit="か月後", min_value=0, max_value=12, initial=1
    )
    minimum_balance = AmountField(
        label="最低限必要な残高",
        in_thousands=True,
        required=False,
        min_value=0,
        help_text="空欄のときは、人件費・諸経費・借入金返済の1か月分（予測期間の平均）を使います。",
    )

    def __init__(self, *args, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(terms)  # saved terms: a change names the version it started from
        if terms is not None and terms.pk is not None:
            self.initial.update(
                cash_sales_pct=terms.cash_sales_ratio * 100,
                collection_months=terms.collection_months,
                cash_purchase_pct=terms.cash_purchase_ratio * 100,
                payment_months=terms.payment_months,
                minimum_balance=terms.minimum_balance,
                version=terms.version,
            )

    def clean_cash_sales_pct(self):
        return self._ratio("cash_sales_pct")

    def clean_cash_purchase_pct(self):
        return self._ratio("cash_purchase_pct")

    def _ratio(self, name):
        value = self.cleaned_data[name]
        ratio = value / 100
        if ratio != ratio.quantize(Decimal("0.0001")):
            raise forms.ValidationError("割合は小数第2位（0.01%）までで入力してください。")
        return value


class LenderForm(VersionedFormMixin, BansoForm):
    """A new lender, or a lender's new name (then with the version it was opened at)."""

    name = forms.CharField(label="借入先", max_length=100)

    def __init__(self, *args, lender=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(lender)
        if lender is not None:
            self.initial.setdefault("name", lender.name)


class LenderDeleteForm(VersionedFormMixin, BansoForm):
    def __init__(self, *args, lender, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(lender)


def _amount(label: str) -> AmountField:
    """A cell of a grid, in 千円 (円 with a unit)."""
    return grid_cell(AmountField(label=label, in_thousands=True, required=False))


class LoanScheduleForm(VersionedGrid):
    """The repayment schedule of one lender for `months`: 借入, 返済, 支払利息 per month."""

    COLUMNS = (("borrowing", "借入"), ("repayment", "返済"), ("interest", "支払利息"))

    def __init__(self, *args, months: list[Month], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.months = months
        for month in months:
            row = current.get(month.first_day)
            for key, label in self.COLUMNS:
                name = f"{key}_{month}"
                self.fields[name] = _amount(f"{month.label}の{label}")
                if row is not None:
                    self.initial[name] = getattr(row, key) or None

    def grid(self):
        return [(month, [self[f"{key}_{month}"] for key, _ in self.COLUMNS]) for month in self.months]

    def rows(self) -> dict[Month, tuple]:
        return {
            month: tuple(self.cleaned_data.get(f"{key}_{month}") for key, _ in self.COLUMNS)
            for month in self.months
        }


class MonthEntriesForm(VersionedGrid):
    """One actual month: 前月繰越, every item (per lender for 借入 / 借入金返済), the month-end 売掛金."""

    def __init__(self, *args, lenders, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys: list[tuple[str, int | None, str, str]] = []  # (item, lender, field name, section)

        def add(item, lender, label, section):
            name = f"{item}_{lender.pk}" if lender is not None else item
            self.fields[name] = _amount(label)
            value = current.get((item, lender.pk if lender else None))
            if value is not None:
                self.initial[name] = value
            self.keys.append((item, lender.pk if lender else None, name, section))

        add(cf.OPENING_BALANCE, None, "前月繰越", "前月繰越")
        sections = {
            cf.Section.OPERATING_IN: "経常収入",
            cf.Section.OPERATING_OUT: "経常支出",
            cf.Section.NON_OPERATING_IN: "経常外収支（収入）",
            cf.Section.NON_OPERATING_OUT: "経常外収支（支出）",
            cf.Section.FINANCIAL_IN: "財務収支（収入）",
            cf.Section.FINANCIAL_OUT: "財務収支（支出）",
        }
        for item in cf.ITEMS:
            if item.per_lender:
                for lender in lenders:
                    add(item.key, lender, f"{item.label}（{lender.name}）", sections[item.section])
                if not lenders:
                    add(item.key, None, item.label, sections[item.section])
            else:
                add(item.key, None, item.label, sections[item.section])
        add(domain.RECEIVABLES_BALANCE, None, domain.RECEIVABLES_BALANCE_LABEL, "確認用の残高")

    def grouped(self):
        groups: list[tuple[str, list]] = []
        for _item, _lender, name, section in self.keys:
            if not groups or groups[-1][0] != section:
                groups.append((section, []))
            groups[-1][1].append(self[name])
        return groups

    def amounts(self) -> dict[tuple[str, int | None], int | None]:
        return {(item, lender): self.cleaned_data.get(name) for item, lender, name, _ in self.keys}
