"""資金繰り表 — the standard layout of docs/domain.md §5.4, its checks, a 12-month projection and the
shortfall warning.

A pure engine: no Django, all arithmetic in ``Decimal`` yen. Months are ``datetime.date`` values on the
first day of the month.

Layout (the order of :data:`ITEMS`; ``per_lender`` items have one row per 借入先)::

    前月繰越 A
    経常収入 B   現金売上, 売掛金回収, 受取手形期日入金, 手形割引, 前受金, その他収入
    経常支出 C   現金仕入, 買掛金支払, 支払手形決済, 人件費, 諸経費, 支払利息・割引料
    経常収支 D = B − C
    経常外収支 E = 固定資産売却・補助金 − (設備投資 + 法人税等・消費税納付 + 決算賞与・配当)
    財務収支 G = 借入 (per lender) + 定期預金解約 − (借入金返済 (per lender) + 定期預金預入)
    翌月繰越 = A + D + E + G

Every entered amount is positive in the direction its row says (a 支出 of 100 is ``100``, not ``-100``);
the section decides the sign.

Projection (:func:`project`), the decisions worth knowing
    * 売上 of a month = the plan's ``net_sales``; ``cash_sales_ratio`` of it is 現金売上 (rounded half up to
      the yen), the rest is collected ``collection_months`` later as 売掛金回収. Collections in the first
      months come from the sales of the months before the projection (``sales_before``: the actuals),
      with the same terms.
    * 仕入 = the plan's ``cost_of_sales`` (inventory assumed flat); ``cash_purchase_ratio`` is paid at once
      as 現金仕入, the rest ``payment_months`` later as 買掛金支払 (``purchases_before`` for the lag).
    * 人件費 = ``personnel_costs``; 諸経費 = ``sga`` − ``personnel_costs`` − ``depreciation`` (both are
      part of sga; 減価償却費 is not cash), paid in the month.
    * その他収入 = ``non_operating_income``. 支払利息・割引料 = the repayment schedule's interest when the
      schedule states any interest in the projected months, else the plan's ``non_operating_expenses``
      (never both, so interest is not counted twice).
    * 固定資産売却・補助金 = ``extraordinary_income``; 法人税等・消費税納付 = ``income_taxes`` in the month
      the plan books them (the plan's spread decides the timing); ``extraordinary_losses`` are taken
      as non-cash.
    * 借入 and 借入金返済 per lender come from the repayment schedule.

Warning (:func:`shortfall_warning`): the first projected month whose closing balance is below zero or below
the threshold. The default threshold is one month of fixed outflows: the average over the projected months
of 人件費 + 諸経費 + 借入金返済, rounded half up to the yen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

__all__ = [
    "ITEMS",
    "ITEMS_BY_KEY",
    "CashFlowMonth",
    "CashFlowRow",
    "CashFlowTable",
    "CashItem",
    "CheckResult",
    "Entry",
    "LenderRef",
    "PaymentTerms",
    "ScheduledLoan",
    "Section",
    "ShortfallWarning",
    "borrowing_checks",
    "build_actual_table",
    "combine",
    "default_threshold",
    "month_label",
    "project",
    "receivable_checks",
    "shortfall_warning",
    "thousand_yen",
]

ZERO = Decimal(0)
YEN = Decimal(1)


class Section(StrEnum):
    OPERATING_IN = "operating_in"  # 経常収入 (B)
    OPERATING_OUT = "operating_out"  # 経常支出 (C)
    NON_OPERATING_IN = "non_operating_in"  # 経常外収支: 収入
    NON_OPERATING_OUT = "non_operating_out"  # 経常外収支: 支出
    FINANCIAL_IN = "financial_in"  # 財務収支: 収入
    FINANCIAL_OUT = "financial_out"  # 財務収支: 支出


INFLOWS = frozenset({Section.OPERATING_IN, Section.NON_OPERATING_IN, Section.FINANCIAL_IN})


@dataclass(frozen=True)
class CashItem:
    key: str
    label: str
    section: Section
    per_lender: bool = False

    @property
    def is_inflow(self) -> bool:
        return self.section in INFLOWS


ITEMS: tuple[CashItem, ...] = (
    CashItem("cash_sales", "現金売上", Section.OPERATING_IN),
    CashItem("receivable_collections", "売掛金回収", Section.OPERATING_IN),
    CashItem("notes_receivable_collected", "受取手形期日入金", Section.OPERATING_IN),
    CashItem("notes_discounted", "手形割引", Section.OPERATING_IN),
    CashItem("advances_received", "前受金", Section.OPERATING_IN),
    CashItem("other_income", "その他収入", Section.OPERATING_IN),
    CashItem("cash_purchases", "現金仕入", Section.OPERATING_OUT),
    CashItem("payable_payments", "買掛金支払", Section.OPERATING_OUT),
    CashItem("notes_payable_settled", "支払手形決済", Section.OPERATING_OUT),
    CashItem("personnel", "人件費", Section.OPERATING_OUT),
    CashItem("other_expenses", "諸経費", Section.OPERATING_OUT),
    CashItem("interest", "支払利息・割引料", Section.OPERATING_OUT),
    CashItem("asset_sales_subsidies", "固定資産売却・補助金", Section.NON_OPERATING_IN),
    CashItem("capital_expenditure", "設備投資", Section.NON_OPERATING_OUT),
    CashItem("tax_payments", "法人税等・消費税納付", Section.NON_OPERATING_OUT),
    CashItem("bonus_dividends", "決算賞与・配当", Section.NON_OPERATING_OUT),
    CashItem("borrowing", "借入", Section.FINANCIAL_IN, per_lender=True),
    CashItem("deposit_withdrawal", "定期預金解約", Section.FINANCIAL_IN),
    CashItem("repayment", "借入金返済", Section.FINANCIAL_OUT, per_lender=True),
    CashItem("deposit_placement", "定期預金預入", Section.FINANCIAL_OUT),
)
ITEMS_BY_KEY: dict[str, CashItem] = {item.key: item for item in ITEMS}
# The key a model may store for the cash at the start of a month (前月繰越) when it is entered.
OPENING_BALANCE = "opening_balance"
ITEM_CHOICES: tuple[tuple[str, str], ...] = (
    (OPENING_BALANCE, "前月繰越"),
    *((item.key, item.label) for item in ITEMS),
)


@dataclass(frozen=True)
class LenderRef:
    """A 借入先 as the engine sees it: ``key`` is what entries name (the model's id), ``name`` is shown."""

    key: int | str
    name: str


@dataclass(frozen=True)
class Entry:
    """One amount of the table: an item, a month and (for per-lender items) the lender's key."""

    month: dt.date
    item: str
    amount: Decimal
    lender: int | str | None = None


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_label(month: dt.date) -> str:
    """'2027年2月'."""
    return f"{month.year}年{month.month}月"


def _yen(value: Decimal) -> Decimal:
    return Decimal(value).quantize(YEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CashFlowMonth:
    """One column of the 資金繰り表. ``amounts`` maps (item key, lender key or None) to yen."""

    month: dt.date
    projected: bool
    opening: Decimal
    amounts: Mapping[tuple[str, int | str | None], Decimal] = field(default_factory=dict)

    def amount(self, item: str, lender: int | str | None = None) -> Decimal:
        if ITEMS_BY_KEY[item].per_lender and lender is None:
            return sum((v for (k, _), v in self.amounts.items() if k == item), ZERO)
        return self.amounts.get((item, lender), ZERO)

    def section_total(self, section: Section) -> Decimal:
        return sum((v for (k, _), v in self.amounts.items() if ITEMS_BY_KEY[k].section == section), ZERO)

    @property
    def operating_income(self) -> Decimal:  # B
        return self.section_total(Section.OPERATING_IN)

    @property
    def operating_expenses(self) -> Decimal:  # C
        return self.section_total(Section.OPERATING_OUT)

    @property
    def operating_balance(self) -> Decimal:  # D = B − C
        return self.operating_income - self.operating_expenses

    @property
    def non_operating_balance(self) -> Decimal:  # E
        return self.section_total(Section.NON_OPERATING_IN) - self.section_total(Section.NON_OPERATING_OUT)

    @property
    def financial_balance(self) -> Decimal:  # G
        return self.section_total(Section.FINANCIAL_IN) - self.section_total(Section.FINANCIAL_OUT)

    @property
    def closing(self) -> Decimal:  # 翌月繰越 = A + D + E + G
        return self.opening + self.operating_balance + self.non_operating_balance + self.financial_balance

    @property
    def fixed_outflows(self) -> Decimal:
        """人件費 + 諸経費 + 借入金返済: what the month costs whatever it sells."""
        return self.amount("personnel") + self.amount("other_expenses") + self.amount("repayment")


@dataclass(frozen=True)
class CashFlowRow:
    """A display row: ``kind`` is "item" (an input row), "total" (B, C, D, E, G) or "balance" (A and
    翌月繰越)."""

    key: str
    label: str
    kind: str
    values: tuple[Decimal, ...]
    lender: int | str | None = None
    level: int = 1  # indentation: 0 for A, D, E, G and 翌月繰越; 1 for B and C; 2 for items


@dataclass(frozen=True)
class CashFlowTable:
    months: tuple[CashFlowMonth, ...]
    lenders: tuple[LenderRef, ...] = ()

    @property
    def closing_balances(self) -> tuple[Decimal, ...]:
        return tuple(m.closing for m in self.months)

    def month(self, month: dt.date) -> CashFlowMonth:
        for column in self.months:
            if column.month == month:
                return column
        raise KeyError(month)

    def rows(self) -> list[CashFlowRow]:
        """The table in the standard order, one value per month."""
        cols = self.months

        def row(key, label, kind, values, *, lender=None, level=1):
            return CashFlowRow(key, label, kind, tuple(values), lender=lender, level=level)

        def items(section: Section) -> list[CashFlowRow]:
            out = []
            for item in ITEMS:
                if item.section != section:
                    continue
                if item.per_lender:
                    for lender in self.lenders:
                        out.append(
                            row(
                                item.key,
                                f"{item.label}（{lender.name}）",
                                "item",
                                (c.amount(item.key, lender.key) for c in cols),
                                lender=lender.key,
                                level=2,
                            )
                        )
                    known = {lender.key for lender in self.lenders}
                    other = [
                        sum(
                            (v for (k, ln), v in c.amounts.items() if k == item.key and ln not in known),
                            ZERO,
                        )
                        for c in cols
                    ]
                    if not self.lenders or any(other):
                        label = item.label if not self.lenders else f"{item.label}（その他）"
                        out.append(row(item.key, label, "item", other, level=2))
                else:
                    out.append(row(item.key, item.label, "item", (c.amount(item.key) for c in cols), level=2))
            return out

        return [
            row("opening", "前月繰越", "balance", (c.opening for c in cols), level=0),
            row("operating_income", "経常収入", "total", (c.operating_income for c in cols)),
            *items(Section.OPERATING_IN),
            row("operating_expenses", "経常支出", "total", (c.operating_expenses for c in cols)),
            *items(Section.OPERATING_OUT),
            row("operating_balance", "経常収支", "total", (c.operating_balance for c in cols), level=0),
            *items(Section.NON_OPERATING_IN),
            *items(Section.NON_OPERATING_OUT),
            row(
                "non_operating_balance",
                "経常外収支",
                "total",
                (c.non_operating_balance for c in cols),
                level=0,
            ),
            *items(Section.FINANCIAL_IN),
            *items(Section.FINANCIAL_OUT),
            row("financial_balance", "財務収支", "total", (c.financial_balance for c in cols), level=0),
            row("closing", "翌月繰越", "balance", (c.closing for c in cols), level=0),
        ]


def _check_entry(entry: Entry) -> None:
    if entry.item == OPENING_BALANCE:
        return
    item = ITEMS_BY_KEY.get(entry.item)
    if item is None:
        raise ValueError(f"unknown cash-flow item {entry.item!r}")
    if entry.lender is not None and not item.per_lender:
        raise ValueError(f"cash-flow item {entry.item!r} is not per lender")


def build_actual_table(
    months: Sequence[dt.date],
    entries: Iterable[Entry],
    *,
    opening_balance: Decimal | int = 0,
    lenders: Sequence[LenderRef] = (),
) -> CashFlowTable:
    """The 実績 columns for ``months`` (consecutive, oldest first) from the entered amounts.

    The first month opens with its entered ``opening_balance`` entry, else with ``opening_balance``; each
    later month opens with the previous month's 翌月繰越 (an entered 前月繰越 there is ignored: the
    table carries forward, it does not restart). Entries outside ``months`` are ignored.
    """
    wanted = [_month(m) for m in months]
    by_month: dict[dt.date, dict[tuple[str, int | str | None], Decimal]] = {m: {} for m in wanted}
    entered_opening: dict[dt.date, Decimal] = {}
    for entry in entries:
        _check_entry(entry)
        month = _month(entry.month)
        if month not in by_month:
            continue
        if entry.item == OPENING_BALANCE:
            entered_opening[month] = Decimal(entry.amount)
            continue
        key = (entry.item, entry.lender)
        by_month[month][key] = by_month[month].get(key, ZERO) + Decimal(entry.amount)
    columns: list[CashFlowMonth] = []
    opening = Decimal(opening_balance)
    if wanted and wanted[0] in entered_opening:
        opening = entered_opening[wanted[0]]
    for month in wanted:
        column = CashFlowMonth(month, False, opening, by_month[month])
        columns.append(column)
        opening = column.closing
    return CashFlowTable(tuple(columns), tuple(lenders))


def combine(actual: CashFlowTable, projection: CashFlowTable) -> CashFlowTable:
    """Actual months beside projected ones (the projection should open with the last actual 翌月繰越)."""
    lenders = list(actual.lenders)
    lenders += [ln for ln in projection.lenders if ln.key not in {x.key for x in lenders}]
    return CashFlowTable(actual.months + projection.months, tuple(lenders))


# ---- Checks (§5.4) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """One month of a check: ``expected`` from the formula, ``reported`` the balance given, and
    ``difference`` = reported − expected (zero when the table and the books agree)."""

    key: str  # "receivables" | "borrowings"
    label: str
    month: dt.date
    expected: Decimal
    reported: Decimal
    tolerance: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.reported - self.expected

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance


def receivable_checks(
    table: CashFlowTable,
    *,
    sales: Mapping[dt.date, Decimal],
    receivables: Mapping[dt.date, Decimal],
    tolerance: Decimal | int = 0,
) -> list[CheckResult]:
    """売掛金(月末) = 前月末 + 売上 − 現金売上 − 回収, for every actual month whose own and previous
    month-end 売掛金 and whose 売上 are known (other months are skipped, not guessed)."""
    results = []
    for column in table.months:
        if column.projected:
            continue
        previous = add_months(column.month, -1)
        if column.month not in receivables or previous not in receivables or column.month not in sales:
            continue
        expected = (
            Decimal(receivables[previous])
            + Decimal(sales[column.month])
            - column.amount("cash_sales")
            - column.amount("receivable_collections")
        )
        results.append(
            CheckResult(
                "receivables",
                "売掛金",
                column.month,
                expected,
                Decimal(receivables[column.month]),
                Decimal(tolerance),
            )
        )
    return results


def borrowing_checks(
    table: CashFlowTable,
    *,
    borrowings: Mapping[dt.date, Decimal],
    tolerance: Decimal | int = 0,
) -> list[CheckResult]:
    """借入金(月末) = 前月末 + 借入 − 返済 (all lenders together), for every actual month whose own and
    previous month-end 借入金残高 are known."""
    results = []
    for column in table.months:
        if column.projected:
            continue
        previous = add_months(column.month, -1)
        if column.month not in borrowings or previous not in borrowings:
            continue
        expected = Decimal(borrowings[previous]) + column.amount("borrowing") - column.amount("repayment")
        results.append(
            CheckResult(
                "borrowings",
                "借入金",
                column.month,
                expected,
                Decimal(borrowings[column.month]),
                Decimal(tolerance),
            )
        )
    return results


# ---- Projection ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentTerms:
    """回収・支払サイト. Ratios are shares of 0..1; months are whole months of delay (0 = same month)."""

    cash_sales_ratio: Decimal = ZERO
    collection_months: int = 1
    cash_purchase_ratio: Decimal = ZERO
    payment_months: int = 1

    def __post_init__(self):
        for name in ("cash_sales_ratio", "cash_purchase_ratio"):
            value = Decimal(getattr(self, name))
            if not ZERO <= value <= 1:
                raise ValueError(f"{name} must be between 0 and 1, not {value}")
        for name in ("collection_months", "payment_months"):
            value = getattr(self, name)
            if int(value) != value or value < 0:
                raise ValueError(f"{name} must be a whole number of months ≥ 0, not {value}")


@dataclass(frozen=True)
class ScheduledLoan:
    """One month of a lender's repayment schedule (返済予定表)."""

    lender: int | str
    month: dt.date
    borrowing: Decimal = ZERO
    repayment: Decimal = ZERO
    interest: Decimal = ZERO


def _line(plan: Mapping[dt.date, Mapping[str, Decimal]], month: dt.date, line: str) -> Decimal:
    value = plan.get(month, {}).get(line)
    return ZERO if value is None else Decimal(value)


def _split(amount: Decimal, ratio: Decimal) -> tuple[Decimal, Decimal]:
    """(cash part rounded half up to the yen, the rest) so the two add up to the amount exactly."""
    cash = _yen(amount * Decimal(ratio))
    return cash, Decimal(amount) - cash


def project(
    *,
    start_month: dt.date,
    opening_balance: Decimal | int,
    plan: Mapping[dt.date, Mapping[str, Decimal]],
    terms: PaymentTerms,
    schedule: Iterable[ScheduledLoan] = (),
    lenders: Sequence[LenderRef] = (),
    sales_before: Mapping[dt.date, Decimal] | None = None,
    purchases_before: Mapping[dt.date, Decimal] | None = None,
    months: int = 12,
) -> CashFlowTable:
    """The 予定 columns: ``months`` months from ``start_month``, from the plan's monthly P&L (``plan``:
    month → line key → yen, the line keys of engines/lines.py), the payment terms and the repayment
    schedule. ``sales_before`` / ``purchases_before`` give the actual 売上 / 売上原価 of the months before
    ``start_month`` so that their collections and payments fall into the first projected months; a month
    missing there falls back to the plan, then to zero. See the module docstring for the rules."""
    start = _month(start_month)
    span = [add_months(start, i) for i in range(months)]
    loans = [loan for loan in schedule if _month(loan.month) in frozenset(span)]
    use_schedule_interest = any(Decimal(loan.interest) for loan in loans)
    sales_before = sales_before or {}
    purchases_before = purchases_before or {}

    def sales(month: dt.date) -> Decimal:
        if month < start and month in sales_before:
            return Decimal(sales_before[month])
        return _line(plan, month, "net_sales")

    def purchases(month: dt.date) -> Decimal:
        if month < start and month in purchases_before:
            return Decimal(purchases_before[month])
        return _line(plan, month, "cost_of_sales")

    columns = []
    opening = Decimal(opening_balance)
    for month in span:
        amounts: dict[tuple[str, int | str | None], Decimal] = {}

        def put(item: str, value: Decimal, lender=None, _amounts=amounts):
            if value:
                key = (item, lender)
                _amounts[key] = _amounts.get(key, ZERO) + value

        cash_sales, _ = _split(sales(month), terms.cash_sales_ratio)
        put("cash_sales", cash_sales)
        _, credit = _split(sales(add_months(month, -terms.collection_months)), terms.cash_sales_ratio)
        put("receivable_collections", credit)
        put("other_income", _line(plan, month, "non_operating_income"))

        cash_purchases, _ = _split(purchases(month), terms.cash_purchase_ratio)
        put("cash_purchases", cash_purchases)
        _, payable = _split(purchases(add_months(month, -terms.payment_months)), terms.cash_purchase_ratio)
        put("payable_payments", payable)
        personnel = _line(plan, month, "personnel_costs")
        put("personnel", personnel)
        put("other_expenses", _line(plan, month, "sga") - personnel - _line(plan, month, "depreciation"))
        if not use_schedule_interest:
            put("interest", _line(plan, month, "non_operating_expenses"))

        put("asset_sales_subsidies", _line(plan, month, "extraordinary_income"))
        put("tax_payments", _line(plan, month, "income_taxes"))

        for loan in loans:
            if _month(loan.month) != month:
                continue
            put("borrowing", Decimal(loan.borrowing), loan.lender)
            put("repayment", Decimal(loan.repayment), loan.lender)
            if use_schedule_interest:
                put("interest", Decimal(loan.interest))

        column = CashFlowMonth(month, True, opening, amounts)
        columns.append(column)
        opening = column.closing
    return CashFlowTable(tuple(columns), tuple(lenders))


# ---- Warning -------------------------------------------------------------------------------------


def thousand_yen(amount: Decimal, *, negative_mark: str = "△") -> str:
    """Yen shown in 千円, rounded half up, with the house negative mark: -320000 → '△320'."""
    value = _yen(Decimal(amount) / 1000)
    text = f"{abs(value):,.0f}"
    return f"{negative_mark}{text}" if value < 0 else text


def default_threshold(table: CashFlowTable) -> Decimal:
    """One month of fixed outflows: the average of 人件費 + 諸経費 + 借入金返済 over the projected months
    (all months when none is projected), rounded half up to the yen; zero for an empty table."""
    columns = [c for c in table.months if c.projected] or list(table.months)
    if not columns:
        return ZERO
    return _yen(sum((c.fixed_outflows for c in columns), ZERO) / len(columns))


@dataclass(frozen=True)
class ShortfallWarning:
    month: dt.date
    balance: Decimal
    threshold: Decimal
    below_zero: bool
    message: str


def shortfall_warning(
    table: CashFlowTable,
    *,
    threshold: Decimal | int | None = None,
    negative_mark: str = "△",
) -> ShortfallWarning | None:
    """The first projected month whose 翌月繰越 is below zero or below ``threshold`` (default:
    :func:`default_threshold`), with a Japanese message naming the month; None when cash holds."""
    limit = default_threshold(table) if threshold is None else Decimal(threshold)
    for column in table.months:
        if not column.projected:
            continue
        balance = column.closing
        shown = thousand_yen(balance, negative_mark=negative_mark)
        if balance < 0:
            message = f"{month_label(column.month)}に資金残高が{shown}千円となり、資金不足が見込まれます。"
            return ShortfallWarning(column.month, balance, limit, True, message)
        if balance < limit:
            needed = thousand_yen(limit, negative_mark=negative_mark)
            message = (
                f"{month_label(column.month)}に資金残高が{shown}千円となり、"
                f"必要残高（{needed}千円）を下回る見込みです。"
            )
            return ShortfallWarning(column.month, balance, limit, False, message)
    return None
