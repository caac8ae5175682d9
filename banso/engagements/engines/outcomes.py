"""Before / after of an engagement's outcomes (step ⑦): the figures when support began
(OutcomeBaseline) beside those of each follow-up, with the difference and the change in percent.

Pure arithmetic in Decimal, no Django import. A percentage is given only where it means something:
not when the "before" is missing, zero or negative (an operating loss turning into a smaller loss
is judged by the difference, as docs/domain.md §5.3 says of profit lines), and never for the wage rise,
which is already a percentage (its difference is in points).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "yen", "people" or "percent"


METRICS: tuple[Metric, ...] = (
    Metric("net_sales", "売上高", "yen"),
    Metric("operating_income", "営業利益", "yen"),
    Metric("employees", "従業員数", "people"),
    Metric("average_salary", "平均給与（年額）", "yen"),
    Metric("wage_increase_rate", "賃上げ率", "percent"),
)
METRIC_KEYS = tuple(metric.key for metric in METRICS)


@dataclass(frozen=True)
class Comparison:
    metric: Metric
    before: Decimal | None
    afters: tuple[Decimal | None, ...]  # one per follow-up column, oldest first
    latest: Decimal | None  # the newest follow-up value that exists
    difference: Decimal | None  # latest − before
    change_pct: Decimal | None  # difference ÷ before × 100, one decimal

    @property
    def improved(self) -> bool | None:
        """Whether the number went up (every metric here is better higher); None without a difference."""
        if self.difference is None or self.difference == 0:
            return None
        return self.difference > 0


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(value)


def compare(before: Mapping | None, afters: Sequence[Mapping]) -> list[Comparison]:
    """One Comparison per metric: `before` is the baseline's figures (or None), `afters` the figures
    of the follow-ups in date order. The latest value of a metric is the newest follow-up that has it."""
    before = before or {}
    rows = []
    for metric in METRICS:
        base = _decimal(before.get(metric.key))
        values = tuple(_decimal(after.get(metric.key)) for after in afters)
        latest = next((v for v in reversed(values) if v is not None), None)
        difference = latest - base if latest is not None and base is not None else None
        change = None
        if difference is not None and metric.unit != "percent" and base > 0:
            change = (difference / base * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        rows.append(Comparison(metric, base, values, latest, difference, change))
    return rows


def has_figures(figures: Mapping | None) -> bool:
    return bool(figures) and any(figures.get(key) is not None for key in METRIC_KEYS)


def step_stays(log) -> dict[int, list[int]]:
    """Days spent per step from one engagement's step log [(date entered, step), …] in order: a stay
    lasts from entering a step to entering the next one; the current (last) stay is not counted."""
    found: dict[int, list[int]] = {}
    for (entered, step), (left, _next) in itertools.pairwise(log):
        found.setdefault(int(step), []).append((left - entered).days)
    return found
