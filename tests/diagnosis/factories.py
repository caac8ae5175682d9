"""Diagnosis test data. Statements go through the domain function, as users' do, so their stored
results exist; the figures below balance and add up."""

from __future__ import annotations

import datetime as dt

from banso.diagnosis.domain.sheets import create_design_sheet, create_non_financial_sheet
from banso.diagnosis.domain.statements import save_statement

# 金属製品製造業 (0304), 12 people: a plain, balanced statement (yen).
#   営業利益 8,400,000 = 210,000,000 − 150,000,000 − 51,600,000
#   総資産 150,000,000 = 負債合計 105,000,000 + 純資産 45,000,000; the liability lines
#   14,000,000 + 3,000,000 + 20,000,000 + 62,000,000 + 6,000,000 = 105,000,000 fit inside 負債合計.
# With a previous year of 売上高 200,000,000 the scores (0304 小規模) are 4, 4, 3, 4, 3, 3 = 21 → B.
BASE_VALUES = {
    "net_sales": 210_000_000,
    "cost_of_sales": 150_000_000,
    "sga": 51_600_000,
    "operating_income": 8_400_000,
    "depreciation": 3_600_000,
    "ordinary_income": 7_900_000,
    "net_income": 5_500_000,
    "cash_and_deposits": 30_000_000,
    "accounts_receivable": 30_000_000,
    "notes_receivable": 5_000_000,
    "electronic_receivables": None,
    "inventories": 17_500_000,
    "total_assets": 150_000_000,
    "accounts_payable": 14_000_000,
    "notes_payable": 3_000_000,
    "electronic_payables": None,
    "short_term_borrowings": 20_000_000,
    "long_term_borrowings": 62_000_000,
    "bonds": None,
    "lease_obligations": 6_000_000,
    "total_liabilities": 105_000_000,
    "net_assets": 45_000_000,
}


def statement_values(**overrides) -> dict:
    values = dict(BASE_VALUES)
    values.update(overrides)
    return values


PREVIOUS_YEAR = {"net_sales": 200_000_000, "sga": 41_600_000}  # 営業利益 200 − 150 − 41.6 = 8.4 (百万円)


def make_statement(
    company, fiscal_year: int, *, by=None, status="final", employees=12, source_note="", **overrides
):
    return save_statement(
        company,
        fiscal_year=fiscal_year,
        by=by,
        values=statement_values(**overrides),
        employees=employees,
        status=status,
        source_note=source_note,
    ).statement


def make_non_financial_sheet(company, *, by=None, as_of=dt.date(2026, 4, 10), **kwargs):
    kwargs.setdefault("answers", {"vision": {"text": "地域のものづくりを支える", "source": "4/10 社長面談"}})
    kwargs.setdefault(
        "steps", [{"name": "受注", "activity": "図面を受け取る", "differentiation": "即日見積"}]
    )
    kwargs.setdefault(
        "counterparties", [{"kind": "customer", "name": "大手自動車部品メーカー", "reason": "短納期"}]
    )
    return create_non_financial_sheet(company, by=by, as_of=as_of, **kwargs)


def make_design_sheet(company, *, by=None, as_of=dt.date(2026, 4, 20), **fields):
    fields.setdefault("a_purpose", "精密加工で地域の雇用を守る")
    return create_design_sheet(company, by=by, as_of=as_of, **fields)
