"""The numeric targets of an improvement plan (docs/domain.md §5.5), computed from the plan itself.

* 経常黒字化: the first plan fiscal year with 経常利益 > 0, and whether it stays positive afterwards;
  yardstick: within ~3 years (the plan's first year counts as year 1).
* 債務超過解消: the first plan fiscal year with 純資産 > 0; yardstick: within ~5 years.
* At plan end (the last plan fiscal year):
  - 債務償還年数 = (有利子負債 − 現預金 − 正常運転資金) ÷ (経常利益 − 法人税等 + 減価償却費),
    正常運転資金 = 売上債権 + 棚卸資産 − 仕入債務; yardstick ≤ 10 years;
  - 有利子負債 ÷ キャッシュフロー, キャッシュフロー = 経常利益 − 法人税等 + 減価償却費; yardstick ≤ ~10;
  - EBITDA有利子負債倍率 = (有利子負債 − 現預金) ÷ (営業利益 + 減価償却費) (as ローカルベンチマーク ④);
    yardstick (経営力向上計画): ≤ 10 and 純資産 > 0.

Not computable → ``value`` None and a Japanese ``note`` (denominator ≤ 0: 返済原資がありません). A numerator
≤ 0 (cash and working capital cover the debt) gives 0 with the note 実質無借金です. Among the balance items
only 有利子負債 is required; a blank 現預金, 売上債権, 棚卸資産 or 仕入債務 counts as 0 (as a blank cell in
the council's sheets). The yardsticks are data (:class:`Yardsticks`). Ratios are not rounded here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from banso.monitoring.engines.months import fiscal_year_label, fiscal_year_months
from banso.monitoring.engines.variance import completed_months

__all__ = [
    "PlanTargets",
    "PlanYearFigures",
    "RatioTarget",
    "Yardsticks",
    "YearTarget",
    "plan_targets",
    "plan_year_figures",
]

NO_REPAYMENT_SOURCE = "返済原資がありません"
NO_NET_DEBT = "実質無借金です"


@dataclass(frozen=True)
class Yardsticks:
    """The council's and lenders' rules of thumb (docs/domain.md §5.5)."""

    ordinary_profit_within_years: int = 3
    net_assets_positive_within_years: int = 5
    max_debt_repayment_years: Decimal = Decimal(10)
    max_debt_to_cash_flow: Decimal = Decimal(10)
    max_ebitda_multiple: Decimal = Decimal(10)


@dataclass(frozen=True)
class PlanYearFigures:
    """One plan fiscal year: P&L totals (yen) and the year-end balance inputs of the plan (PlanYear)."""

    fiscal_year: int
    operating_income: Decimal | None = None
    ordinary_income: Decimal | None = None
    income_taxes: Decimal | None = None
    depreciation: Decimal | None = None
    net_assets: Decimal | None = None
    borrowings: Decimal | None = None
    cash_and_deposits: Decimal | None = None
    receivables: Decimal | None = None
    inventories: Decimal | None = None
    payables: Decimal | None = None


@dataclass(frozen=True)
class YearTarget:
    key: str
    label: str
    fiscal_year: int | None  # the first year the target is reached
    plan_year: int | None  # 1 for the plan's first fiscal year
    stays: bool | None  # stays reached in every later plan year
    meets: bool | None  # against the yardstick; None when not computable
    yardstick: str
    note: str = ""


@dataclass(frozen=True)
class RatioTarget:
    key: str
    label: str
    value: Decimal | None
    meets: bool | None
    yardstick: str
    note: str = ""


@dataclass(frozen=True)
class PlanTargets:
    ordinary_profit: YearTarget
    net_assets: YearTarget
    debt_repayment_years: RatioTarget
    debt_to_cash_flow: RatioTarget
    ebitda_multiple: RatioTarget
    final_year: int | None = None

    def all(self) -> list[YearTarget | RatioTarget]:
        return [
            self.ordinary_profit,
            self.net_assets,
            self.debt_repayment_years,
            self.debt_to_cash_flow,
            self.ebitda_multiple,
        ]


_BALANCE_FIELDS = (
    "net_assets",
    "borrowings",
    "cash_and_deposits",
    "receivables",
    "inventories",
    "payables",
)
_PL_FIELDS = ("operating_income", "ordinary_income", "income_taxes", "depreciation")


def plan_year_figures(
    *,
    amounts: Mapping[str, Mapping],
    balances: Mapping[int, Mapping[str, Decimal | int | None]],
    fiscal_years: Sequence[int],
    fiscal_year_end_month: int,
) -> list[PlanYearFigures]:
    """The figures of each plan fiscal year: the monthly plan amounts (``{input line: {month: yen}}``)
    added up per fiscal year — a P&L total is None unless all twelve months have plan figures — and the
    year-end balance inputs ``{fiscal year: {"net_assets": yen, "borrowings": …}}``."""
    months = completed_months(amounts)
    result = []
    for fiscal_year in fiscal_years:
        fy_months = [months.get(month) for month in fiscal_year_months(fiscal_year, fiscal_year_end_month)]
        totals: dict[str, Decimal | None] = {}
        for key in _PL_FIELDS:
            values = [None if figures is None else figures.get(key) for figures in fy_months]
            totals[key] = None if any(v is None for v in values) else sum(values, Decimal(0))
        given = balances.get(fiscal_year, {})
        for key in _BALANCE_FIELDS:
            value = given.get(key)
            totals[key] = None if value is None else Decimal(value)
        result.append(PlanYearFigures(fiscal_year=fiscal_year, **totals))
    return result


def _year_target(
    key: str,
    label: str,
    years: Sequence[PlanYearFigures],
    attribute: str,
    within: int,
    end_month: int,
    missing_note: str,
    never_note: str,
    relapse: str,
    always_note: str,
) -> YearTarget:
    yardstick = f"{within}年以内"
    values = [(index + 1, year.fiscal_year, getattr(year, attribute)) for index, year in enumerate(years)]
    known = [item for item in values if item[2] is not None]
    if not known:
        return YearTarget(key, label, None, None, None, None, yardstick, missing_note)
    first = next((item for item in known if item[2] > 0), None)
    if first is None:
        return YearTarget(key, label, None, None, False, False, yardstick, never_note)
    plan_year, fiscal_year, _ = first
    later_negative = [item for item in known if item[0] > plan_year and item[2] <= 0]
    stays = not later_negative
    notes = []
    if all(item[2] > 0 for item in known) and plan_year == 1:
        notes.append(always_note)
    if later_negative:
        notes.append(f"{fiscal_year_label(later_negative[0][1], end_month)}に{relapse}")
    return YearTarget(
        key,
        label,
        fiscal_year,
        plan_year,
        stays,
        plan_year <= within and stays,
        yardstick,
        "。".join(notes) + ("。" if notes else ""),
    )


def _nz(value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else value


def _ratio(
    key: str,
    label: str,
    numerator: Decimal,
    denominator: Decimal,
    maximum: Decimal,
    no_source: str,
) -> RatioTarget:
    yardstick = _yardstick(key, maximum)
    if denominator <= 0:
        return RatioTarget(key, label, None, False, yardstick, no_source)
    if numerator <= 0:
        return RatioTarget(key, label, Decimal(0), True, yardstick, NO_NET_DEBT)
    value = numerator / denominator
    return RatioTarget(key, label, value, value <= maximum, yardstick)


def _yardstick(key: str, maximum: Decimal) -> str:
    return f"{maximum}{'年' if key == 'debt_repayment_years' else '倍'}以下"


def _missing(key: str, label: str, maximum: Decimal, what: list[str], year_label: str) -> RatioTarget:
    return RatioTarget(
        key,
        label,
        None,
        None,
        _yardstick(key, maximum),
        f"{year_label}の{'・'.join(what)}が入力されていません。",
    )


def plan_targets(
    years: Sequence[PlanYearFigures],
    *,
    fiscal_year_end_month: int,
    yardsticks: Yardsticks = Yardsticks(),
) -> PlanTargets:
    """The §5.5 targets of a plan from its fiscal years (first plan year first)."""
    years = list(years)
    ordinary = _year_target(
        "ordinary_profit",
        "経常黒字化",
        years,
        "ordinary_income",
        yardsticks.ordinary_profit_within_years,
        fiscal_year_end_month,
        "経常利益の計画がありません。",
        "計画期間中に経常黒字になりません。",
        "再び経常赤字になります",
        "計画初年度から経常黒字です",
    )
    net_assets = _year_target(
        "net_assets",
        "債務超過解消",
        years,
        "net_assets",
        yardsticks.net_assets_positive_within_years,
        fiscal_year_end_month,
        "純資産が入力されていません。",
        "計画期間中に債務超過が解消しません。",
        "再び債務超過になります",
        "計画期間を通じて債務超過ではありません",
    )
    debt_years_label, debt_cf_label, ebitda_label = (
        "債務償還年数",
        "有利子負債÷キャッシュフロー",
        "EBITDA有利子負債倍率",
    )
    if not years:
        missing = "計画年度がありません。"
        return PlanTargets(
            ordinary,
            net_assets,
            RatioTarget("debt_repayment_years", debt_years_label, None, None, "", missing),
            RatioTarget("debt_to_cash_flow", debt_cf_label, None, None, "", missing),
            RatioTarget("ebitda_multiple", ebitda_label, None, None, "", missing),
        )
    last = years[-1]
    year_label = fiscal_year_label(last.fiscal_year, fiscal_year_end_month)
    missing_cf = [
        name
        for name, value in (("有利子負債", last.borrowings), ("経常利益", last.ordinary_income))
        if value is None
    ]
    if missing_cf:
        debt_years = _missing(
            "debt_repayment_years",
            debt_years_label,
            yardsticks.max_debt_repayment_years,
            missing_cf,
            year_label,
        )
        debt_cf = _missing(
            "debt_to_cash_flow", debt_cf_label, yardsticks.max_debt_to_cash_flow, missing_cf, year_label
        )
    else:
        cash_flow = last.ordinary_income - _nz(last.income_taxes) + _nz(last.depreciation)
        working_capital = _nz(last.receivables) + _nz(last.inventories) - _nz(last.payables)
        no_source = f"{NO_REPAYMENT_SOURCE}（経常利益−法人税等＋減価償却費が0円以下）。"
        debt_years = _ratio(
            "debt_repayment_years",
            debt_years_label,
            last.borrowings - _nz(last.cash_and_deposits) - working_capital,
            cash_flow,
            yardsticks.max_debt_repayment_years,
            no_source,
        )
        debt_cf = _ratio(
            "debt_to_cash_flow",
            debt_cf_label,
            last.borrowings,
            cash_flow,
            yardsticks.max_debt_to_cash_flow,
            no_source,
        )
    missing_ebitda = [
        name
        for name, value in (("有利子負債", last.borrowings), ("営業利益", last.operating_income))
        if value is None
    ]
    if missing_ebitda:
        ebitda = _missing(
            "ebitda_multiple", ebitda_label, yardsticks.max_ebitda_multiple, missing_ebitda, year_label
        )
    else:
        ebitda = _ratio(
            "ebitda_multiple",
            ebitda_label,
            last.borrowings - _nz(last.cash_and_deposits),
            last.operating_income + _nz(last.depreciation),
            yardsticks.max_ebitda_multiple,
            f"{NO_REPAYMENT_SOURCE}（営業利益＋減価償却費が0円以下）。",
        )
        if ebitda.meets and last.net_assets is not None and last.net_assets <= 0:
            ebitda = RatioTarget(
                ebitda.key,
                ebitda.label,
                ebitda.value,
                False,
                ebitda.yardstick,
                (ebitda.note + " " if ebitda.note else "")
                + "純資産が0円以下です（経営力向上計画の目安は純資産がプラス）。",
            )
    return PlanTargets(
        ordinary_profit=ordinary,
        net_assets=net_assets,
        debt_repayment_years=debt_years,
        debt_to_cash_flow=debt_cf,
        ebitda_multiple=ebitda,
        final_year=last.fiscal_year,
    )
