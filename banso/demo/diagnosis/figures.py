"""Plausible three-year statements for the demo companies (no Django).

Each company follows a story — growth, a bad year, a recovery, or a slide — described by a few
ratios per year; the statement lines are derived from them so that every statement balances
(総資産 = 負債合計 + 純資産) and adds up (営業利益 = 売上高 − 売上原価 − 販管費). Amounts are whole 千円.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Year:
    growth: float  # sales change against the year before (the first year: against an unstored year)
    margin: float  # 営業利益 ÷ 売上高
    cash_months: float  # 現預金 in months of sales
    wc_months: float  # (売上債権 + 棚卸資産 − 買入債務) in months of sales
    debt_ratio: float  # 借入金 ÷ 売上高
    equity_ratio: float  # 純資産 ÷ 総資産 (negative: 債務超過)
    staff_change: int = 0


# Stories: (first year, bad or second year, latest year).
STORIES: dict[str, tuple[Year, Year, Year]] = {
    # 成長 → 不調 → 力強い回復: ends in A
    "strong_recovery": (
        Year(0.08, 0.07, 3.0, 0.8, 0.15, 0.48),
        Year(-0.14, -0.01, 2.2, 1.2, 0.22, 0.42, staff_change=-1),
        Year(0.22, 0.095, 3.6, 0.5, 0.10, 0.56, staff_change=1),
    ),
    # 堅実な成長: ends in A
    "steady_growth": (
        Year(0.05, 0.06, 3.0, 0.9, 0.12, 0.50),
        Year(0.09, 0.08, 3.2, 0.8, 0.10, 0.55, staff_change=1),
        Year(0.14, 0.10, 3.5, 0.6, 0.08, 0.60, staff_change=1),
    ),
    # 成長 → 不調 → 回復途上: ends in B
    "recovering": (
        Year(0.06, 0.045, 1.8, 1.3, 0.35, 0.30),
        Year(-0.10, -0.02, 1.2, 1.8, 0.45, 0.24),
        Year(0.07, 0.035, 1.6, 1.4, 0.38, 0.27, staff_change=1),
    ),
    # 横ばい: ends in C
    "flat": (
        Year(0.01, 0.02, 1.2, 2.0, 0.55, 0.18),
        Year(-0.03, 0.008, 1.0, 2.3, 0.60, 0.15),
        Year(-0.01, 0.01, 0.9, 2.2, 0.62, 0.14),
    ),
    # 不調が続く: ends in D
    "sliding": (
        Year(-0.04, 0.005, 0.8, 2.4, 0.70, 0.08),
        Year(-0.12, -0.04, 0.5, 2.9, 0.85, 0.02, staff_change=-1),
        Year(-0.08, -0.03, 0.4, 3.2, 0.95, -0.04, staff_change=-1),
    ),
}

# Sales per employee (千円) and cost of sales ratio by ロカベン業種 major group.
INDUSTRY_SHAPES = {
    "02": (30_000, 0.80),
    "03": (22_000, 0.74),
    "04": (90_000, 0.86),
    "05": (26_000, 0.68),
    "06": (8_000, 0.36),
    "08": (16_000, 0.72),
    "10": (14_000, 0.45),
    "11": (12_000, 0.20),
    "12": (20_000, 0.60),
    "13": (13_000, 0.32),
}
DEFAULT_SHAPE = (18_000, 0.60)


def _k(amount_thousand: float) -> int:
    """Whole 千円 in yen."""
    return round(amount_thousand) * 1000


def statements_for(*, industry_code: str, employees: int, story: str, last_year: int) -> list[dict]:
    """Three years of statement values (yen) plus employees, oldest first, ending in `last_year`."""
    per_head, cost_ratio = INDUSTRY_SHAPES.get(industry_code[:2], DEFAULT_SHAPE)
    years = STORIES[story]
    staff = max(1, employees - sum(y.staff_change for y in years[1:]))
    sales = per_head * staff / (1 + years[0].growth)
    out = []
    for offset, year in enumerate(years):
        staff = max(1, staff + (year.staff_change if offset else 0))
        sales = sales * (1 + year.growth)
        net_sales = _k(sales)
        operating_income = _k(sales * year.margin)
        cost_of_sales = _k(sales * cost_ratio)
        sga = net_sales - cost_of_sales - operating_income
        depreciation = _k(sales * 0.025)
        monthly = sales / 12
        receivables = monthly * 1.2
        inventories = monthly * max(0.5, year.wc_months - 0.2)
        payables = receivables + inventories - monthly * year.wc_months  # ≥ 1 month of sales
        debt = sales * year.debt_ratio
        lease = sales * 0.01
        cash = monthly * year.cash_months
        liabilities_known = payables + debt + lease
        other_liabilities = sales * 0.04
        total_liabilities_t = liabilities_known + other_liabilities
        current_assets = cash + receivables + inventories
        # Total assets follow from the liabilities and the equity ratio; fixed assets fill the gap.
        if year.equity_ratio < 1:
            total_assets_t = max(total_liabilities_t / (1 - year.equity_ratio), current_assets * 1.1)
        else:  # pragma: no cover - stories never use 100 % equity
            total_assets_t = current_assets * 1.5
        total_assets = _k(total_assets_t)
        total_liabilities = _k(total_liabilities_t)
        net_assets = total_assets - total_liabilities
        interest = debt * 0.015
        ordinary = _k(sales * year.margin - interest + sales * 0.003)
        out.append(
            {
                "fiscal_year": last_year - 2 + offset,
                "employees": staff,
                "values": {
                    "net_sales": net_sales,
                    "cost_of_sales": cost_of_sales,
                    "sga": sga,
                    "operating_income": operating_income,
                    "depreciation": depreciation,
                    "ordinary_income": ordinary,
                    "net_income": int(ordinary * 0.7 / 1000) * 1000 if ordinary > 0 else ordinary,
                    "cash_and_deposits": _k(cash),
                    "accounts_receivable": _k(receivables * 0.8),
                    "notes_receivable": _k(receivables * 0.1),
                    "electronic_receivables": _k(receivables * 0.1),
                    "inventories": _k(inventories),
                    "total_assets": total_assets,
                    "accounts_payable": _k(payables * 0.85),
                    "notes_payable": _k(payables * 0.15),
                    "electronic_payables": 0,
                    "short_term_borrowings": _k(debt * 0.3),
                    "long_term_borrowings": _k(debt * 0.7),
                    "bonds": 0,
                    "lease_obligations": _k(lease),
                    "total_liabilities": total_liabilities,
                    "net_assets": net_assets,
                },
            }
        )
    return out
