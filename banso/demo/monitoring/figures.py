"""The monitoring demo's numbers (no Django): each company's plan as yearly totals, and its monthly
actuals drawn from the plan's months by a story — months of a bad quarter, a recovery, a slow slide —
with a fixed seed so every run gives the same yen.

A story is a function of the month's position (its month in the fiscal year and how many fiscal
years before this one, or how many months before this one), never of a calendar date, so the demo
stays current whatever today is. A month the story leaves alone is quiet: its noise is drawn again
until no line of it would be highlighted, so the highlighted cells are the story's, not chance's.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from banso.monitoring.engines import lines as line_list
from banso.monitoring.engines.variance import OK, judge


def round_thousand(value: float) -> int:
    return round(value / 1000.0) * 1000


@dataclass(frozen=True)
class YearPlan:
    """One fiscal year of a plan, in yen: sales and ratios from which the lines are derived."""

    sales: int
    cost_ratio: float  # 売上原価 ÷ 売上高
    personnel: int
    depreciation: int
    other_sga: int
    non_operating_income: int
    interest: int
    net_assets: int
    borrowings: int
    cash: int

    def totals(self) -> dict[str, int]:
        cost = round_thousand(self.sales * self.cost_ratio)
        sga = self.personnel + self.depreciation + self.other_sga
        ordinary = self.sales - cost - sga + self.non_operating_income - self.interest
        taxes = round_thousand(max(ordinary, 0) * 0.3) if ordinary > 0 else 70_000  # 均等割
        return {
            "net_sales": self.sales,
            "cost_of_sales": cost,
            "sga": sga,
            "personnel_costs": self.personnel,
            "depreciation": self.depreciation,
            "non_operating_income": self.non_operating_income,
            "non_operating_expenses": self.interest,
            "income_taxes": taxes,
        }

    def balances(self) -> dict[str, int]:
        return {
            "net_assets": self.net_assets,
            "borrowings": self.borrowings,
            "cash_and_deposits": self.cash,
        }


@dataclass(frozen=True)
class Drift:
    """How a month's actual departs from its plan month: sales and cost-ratio factors and SG&A."""

    sales: float = 1.0
    cost: float = 1.0  # multiplies the cost ratio (1.05: 原価率 five per cent worse)
    sga: float = 1.0
    personnel: float = 1.0

    def times(self, other: Drift) -> Drift:
        return Drift(
            sales=self.sales * other.sales,
            cost=self.cost * other.cost,
            sga=self.sga * other.sga,
            personnel=self.personnel * other.personnel,
        )


@dataclass
class Story:
    """(fiscal years back from the current one, month index 0–11 in the fiscal year) → Drift, and
    months before this one (1: last month) → a Drift on top of it (the months just closed)."""

    drifts: dict[tuple[int, int], Drift] = field(default_factory=dict)
    default: Drift = Drift()
    seed: int = 0
    recent: dict[int, Drift] = field(default_factory=dict)

    def drift(self, years_back: int, index: int, months_back: int | None = None) -> Drift:
        drift = self.drifts.get((years_back, index), self.default)
        if months_back in self.recent:
            drift = drift.times(self.recent[months_back])
        return drift

    def quiet(self, years_back: int, index: int, months_back: int | None = None) -> bool:
        """Whether the story leaves the month alone (only the default drift applies)."""
        return (years_back, index) not in self.drifts and months_back not in self.recent


def highlighted(plan_month: dict[str, int], actual: dict[str, int]) -> list[str]:
    """The P&L lines the monitoring table would highlight (default thresholds) for this month."""
    plan, done = line_list.complete(plan_month), line_list.complete(actual)
    return [
        key
        for key, value in done.items()
        if line_list.line(key).is_flow
        and plan.get(key) is not None
        and value is not None
        and judge(key, plan[key], value) != OK
    ]


def actual_month(
    plan_month: dict[str, int],
    drift: Drift,
    rng: random.Random,
    *,
    cash: int,
    borrowings: int,
    quiet: bool = False,
) -> dict[str, int]:
    """One month of actuals (yen, rounded to 千円) from its plan month and the story's drift; the
    month-end balances are given (the caller carries them from month to month). A quiet month is
    drawn again (up to 200 times) until none of its lines would be highlighted."""
    for _ in range(200):
        values = _draw(plan_month, drift, rng, cash=cash, borrowings=borrowings)
        if not quiet or not highlighted(plan_month, values):
            break
    return values


def _draw(plan_month, drift: Drift, rng: random.Random, *, cash: int, borrowings: int) -> dict[str, int]:

    def noisy(value: float, spread: float = 0.015) -> int:
        return round_thousand(value * (1 + rng.uniform(-spread, spread)))

    plan_sales = plan_month.get("net_sales", 0)
    sales = noisy(plan_sales * drift.sales)
    plan_ratio = plan_month.get("cost_of_sales", 0) / plan_sales if plan_sales else 0.7
    cost = noisy(sales * plan_ratio * drift.cost, 0.01)
    personnel = noisy(plan_month.get("personnel_costs", 0) * drift.personnel, 0.005)
    depreciation = plan_month.get("depreciation", 0)
    other = plan_month.get("sga", 0) - plan_month.get("personnel_costs", 0) - depreciation
    sga = personnel + depreciation + noisy(other * drift.sga, 0.03)
    return {
        "net_sales": sales,
        "cost_of_sales": cost,
        "sga": sga,
        "personnel_costs": personnel,
        "depreciation": depreciation,
        "non_operating_income": noisy(plan_month.get("non_operating_income", 0), 0.05),
        "non_operating_expenses": plan_month.get("non_operating_expenses", 0),
        "income_taxes": plan_month.get("income_taxes", 0),
        "cash_and_deposits": cash,
        "borrowings": borrowings,
    }


def ordinary_income(month: dict[str, int]) -> int:
    return (
        month.get("net_sales", 0)
        - month.get("cost_of_sales", 0)
        - month.get("sga", 0)
        + month.get("non_operating_income", 0)
        - month.get("non_operating_expenses", 0)
    )


# Seasonality of a year before the plan (month index 0–11 in the fiscal year), mean 1.
SEASONS = {
    "machining": (0.95, 0.97, 1.0, 1.02, 0.88, 1.03, 1.05, 1.02, 1.08, 0.9, 0.97, 1.13),
    "seafood": (0.85, 0.9, 0.95, 1.0, 1.05, 1.15, 1.25, 1.3, 0.9, 0.85, 0.85, 0.95),
    "chemical": (1.0, 0.98, 1.0, 1.02, 0.95, 1.02, 1.0, 1.0, 1.03, 0.97, 0.99, 1.04),
}


# --- KPIs -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiStory:
    """A KPI whose monthly actual follows the business: `value(level, ramp)` gives its expected
    actual from the month's sales achievement (`level`, 1.0 = on plan) and how far the responses to the
    bad quarter have taken hold (`ramp`, 0 before them, rising to 1 over three months); the actual is
    that with a little noise, rounded to `decimals`."""

    name: str
    unit: str
    direction: str
    target: str
    value: Callable[[float, float], float]
    decimals: int = 0
    noise: float = 0.05

    def actual(self, level: float, ramp: float, rng: random.Random) -> Decimal:
        raw = max(self.value(level, ramp) * (1 + rng.uniform(-self.noise, self.noise)), 0.0)
        return Decimal(round(raw)) if self.decimals == 0 else Decimal(str(round(raw, self.decimals)))
