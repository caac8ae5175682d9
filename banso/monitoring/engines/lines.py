"""The P&L and balance lines of monitoring: the one list every part of the area reads.

Input lines are typed, imported or planned; computed lines are derived by `complete` and never
stored as input. Amounts are yen (`Decimal`); costs are positive amounts (売上原価 1,000 is a cost of
1,000), so the formulas subtract them. `personnel_costs` (うち人件費) and `depreciation` (うち減価償却費)
are parts of `sga`: an account mapped to one of them counts in `sga` too (docs/api.md). Balance lines
are month-end figures: they are not summed over months; a period's value is its latest month's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

# Same bound as diagnosis: the largest yen amount accepted anywhere (abs value).
MAX_AMOUNT = 10**15

REVENUE = "revenue"
COST = "cost"
PROFIT = "profit"
BALANCE = "balance"
KINDS = (REVENUE, COST, PROFIT, BALANCE)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    kind: str  # revenue / cost / profit / balance
    computed: bool = False
    part_of: str | None = None  # the line this one is a breakdown of (うち…)

    @property
    def is_input(self) -> bool:
        return not self.computed

    @property
    def is_flow(self) -> bool:
        """Summed over months (P&L); balance lines are month-end figures."""
        return self.kind != BALANCE

    @property
    def higher_is_better(self) -> bool:
        """Over plan is good for revenue and profit lines, bad for cost lines."""
        return self.kind in (REVENUE, PROFIT)


# Display order: the P&L from top to bottom, then the balances.
LINES: tuple[Line, ...] = (
    Line("net_sales", "売上高", REVENUE),
    Line("cost_of_sales", "売上原価", COST),
    Line("gross_profit", "売上総利益", PROFIT, computed=True),
    Line("sga", "販売費及び一般管理費", COST),
    Line("personnel_costs", "うち人件費", COST, part_of="sga"),
    Line("depreciation", "うち減価償却費", COST, part_of="sga"),
    Line("operating_income", "営業利益", PROFIT, computed=True),
    Line("non_operating_income", "営業外収益", REVENUE),
    Line("non_operating_expenses", "営業外費用", COST),
    Line("ordinary_income", "経常利益", PROFIT, computed=True),
    Line("extraordinary_income", "特別利益", REVENUE),
    Line("extraordinary_losses", "特別損失", COST),
    Line("income_taxes", "法人税等", COST),
    Line("net_income", "当期純利益", PROFIT, computed=True),
    Line("cash_and_deposits", "現預金", BALANCE),
    Line("borrowings", "借入金残高", BALANCE),
)
LINES_BY_KEY: dict[str, Line] = {line.key: line for line in LINES}
LINE_KEYS: tuple[str, ...] = tuple(line.key for line in LINES)
INPUT_LINES: tuple[Line, ...] = tuple(line for line in LINES if line.is_input)
INPUT_KEYS: tuple[str, ...] = tuple(line.key for line in INPUT_LINES)
COMPUTED_KEYS: tuple[str, ...] = tuple(line.key for line in LINES if line.computed)
FLOW_KEYS: tuple[str, ...] = tuple(line.key for line in LINES if line.is_flow)
BALANCE_KEYS: tuple[str, ...] = tuple(line.key for line in LINES if not line.is_flow)
# The lines a plan holds per month (its P&L; balances of a plan are annual inputs on PlanYear).
PLAN_KEYS: tuple[str, ...] = tuple(line.key for line in INPUT_LINES if line.is_flow)

# (Django) choices for the input lines, e.g. a model field `line`.
INPUT_CHOICES: tuple[tuple[str, str], ...] = tuple((line.key, line.label) for line in INPUT_LINES)
PLAN_CHOICES: tuple[tuple[str, str], ...] = tuple((key, LINES_BY_KEY[key].label) for key in PLAN_KEYS)

# Each computed line: (required operands, optional operands), each operand (key, sign).
# A computed line is None when a required operand is missing; a missing optional operand counts as 0
# (a month without 営業外収益 has none).
FORMULAS: dict[str, tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]] = {
    "gross_profit": ((("net_sales", 1), ("cost_of_sales", -1)), ()),
    "operating_income": ((("gross_profit", 1), ("sga", -1)), ()),
    "ordinary_income": (
        (("operating_income", 1),),
        (("non_operating_income", 1), ("non_operating_expenses", -1)),
    ),
    "net_income": (
        (("ordinary_income", 1),),
        (("extraordinary_income", 1), ("extraordinary_losses", -1), ("income_taxes", -1)),
    ),
}


def line(key: str) -> Line:
    """The line of `key`; KeyError names the unknown key."""
    try:
        return LINES_BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown monitoring line: {key!r}") from None


def label(key: str) -> str:
    return line(key).label


def complete(amounts: Mapping[str, Decimal | int | None]) -> dict[str, Decimal | None]:
    """Every line of LINES: the input lines as given (None when absent), the computed lines derived.

    Values given for computed lines are ignored (they are never input). Pure: the argument is not
    changed."""
    result: dict[str, Decimal | None] = {}
    for key in INPUT_KEYS:
        value = amounts.get(key)
        result[key] = None if value is None else Decimal(value)
    for key in COMPUTED_KEYS:  # in display order, so each formula's operands are already there
        required, optional = FORMULAS[key]
        if any(result[operand] is None for operand, _ in required):
            result[key] = None
            continue
        total = Decimal(0)
        for operand, sign in required + optional:
            value = result[operand]
            if value is not None:
                total += sign * value
        result[key] = total
    return result


def total(periods: Iterable[Mapping[str, Decimal | int | None]]) -> dict[str, Decimal | None]:
    """The input lines of several periods (months, in order) added up: flow lines summed (None when
    no period has the line), balance lines the latest period's value that is present. Then complete."""
    sums: dict[str, Decimal | None] = dict.fromkeys(INPUT_KEYS)
    for period in periods:
        for key in INPUT_KEYS:
            value = period.get(key)
            if value is None:
                continue
            if LINES_BY_KEY[key].is_flow:
                sums[key] = (sums[key] or Decimal(0)) + Decimal(value)
            else:
                sums[key] = Decimal(value)
    return complete(sums)
