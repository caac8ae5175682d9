"""売上構成比・粗利管理表 — the sales mix: plan and actual per segment (product, customer or channel) and
month, each segment's share of sales and its gross margin, and totals that reconcile with the P&L's
売上高 / 売上総利益 when those are given.

A pure engine: no Django, ``Decimal`` yen in, ``Decimal`` out. Ratios are returned unrounded as shares
of 1 (0.25 = 25 %); rounding is for display.

Rules
    * share = segment sales ÷ all segments' sales of the same side (plan or actual) and period; None when
      that total is ≤ 0 or the segment's sales are unknown.
    * gross margin = gross profit ÷ sales; None when sales are unknown or ≤ 0, or gross profit unknown.
    * A total adds the values that are known and is None only when none is (a blank cell is not zero,
      but one blank segment does not blank the whole month).
    * achievement = actual ÷ plan for sales (None when the plan is unknown or ≤ 0); variance = actual −
      plan (None when either is unknown).
    * Reconciliation: per month and side, segments' total − the P&L figure (売上高 or 売上総利益); a
      month is checked only when both are known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "MixCell",
    "Reconciliation",
    "SalesMix",
    "SegmentInput",
    "SegmentMonth",
    "SegmentRow",
    "Side",
    "sales_mix",
]

ZERO = Decimal(0)


@dataclass(frozen=True)
class SegmentMonth:
    """One segment's figures for one month, in yen (None = not entered)."""

    plan_sales: Decimal | None = None
    plan_gross_profit: Decimal | None = None
    actual_sales: Decimal | None = None
    actual_gross_profit: Decimal | None = None


@dataclass(frozen=True)
class SegmentInput:
    key: int | str
    name: str
    kind: str = "product"  # product | customer | channel
    months: Mapping[dt.date, SegmentMonth] = field(default_factory=dict)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [Decimal(v) for v in values if v is not None]
    return sum(known, ZERO) if known else None


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return Decimal(numerator) / Decimal(denominator)


@dataclass(frozen=True)
class Side:
    """Plan or actual of one cell: sales, gross profit, share of the period's sales, gross margin."""

    sales: Decimal | None
    gross_profit: Decimal | None
    share: Decimal | None = None

    @property
    def margin(self) -> Decimal | None:
        if self.gross_profit is None:
            return None
        return _ratio(self.gross_profit, self.sales)


@dataclass(frozen=True)
class MixCell:
    plan: Side
    actual: Side

    @property
    def sales_variance(self) -> Decimal | None:
        if self.plan.sales is None or self.actual.sales is None:
            return None
        return self.actual.sales - self.plan.sales

    @property
    def gross_profit_variance(self) -> Decimal | None:
        if self.plan.gross_profit is None or self.actual.gross_profit is None:
            return None
        return self.actual.gross_profit - self.plan.gross_profit

    @property
    def sales_achievement(self) -> Decimal | None:
        return _ratio(self.actual.sales, self.plan.sales)


@dataclass(frozen=True)
class SegmentRow:
    key: int | str
    name: str
    kind: str
    months: dict[dt.date, MixCell]
    total: MixCell  # the whole period


@dataclass(frozen=True)
class Reconciliation:
    month: dt.date
    side: str  # "plan" | "actual"
    line: str  # "net_sales" | "gross_profit"
    label: str  # 売上高 | 売上総利益
    segments_total: Decimal
    ledger: Decimal
    tolerance: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.segments_total - self.ledger

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance


@dataclass(frozen=True)
class SalesMix:
    months: tuple[dt.date, ...]
    rows: tuple[SegmentRow, ...]
    totals: dict[dt.date, MixCell]  # all segments per month
    total: MixCell  # all segments over the period
    reconciliations: tuple[Reconciliation, ...] = ()

    @property
    def differences(self) -> tuple[Reconciliation, ...]:
        """The reconciliations that do not agree."""
        return tuple(r for r in self.reconciliations if not r.ok)


def _cells(
    figures: Sequence[SegmentMonth | None],
) -> tuple[list[Side], list[Side], Side, Side]:
    """Per segment (plan sides, actual sides) without shares, and the totals of both sides."""
    plan = [Side(f.plan_sales, f.plan_gross_profit) if f else Side(None, None) for f in figures]
    actual = [Side(f.actual_sales, f.actual_gross_profit) if f else Side(None, None) for f in figures]
    plan_total = Side(_sum(s.sales for s in plan), _sum(s.gross_profit for s in plan), None)
    actual_total = Side(_sum(s.sales for s in actual), _sum(s.gross_profit for s in actual), None)
    return plan, actual, plan_total, actual_total


def _with_share(side: Side, total: Side) -> Side:
    return Side(side.sales, side.gross_profit, _ratio(side.sales, total.sales))


def _whole(side: Side) -> Side:
    return Side(
        side.sales, side.gross_profit, Decimal(1) if side.sales is not None and side.sales > 0 else None
    )


def sales_mix(
    segments: Sequence[SegmentInput],
    months: Sequence[dt.date],
    *,
    ledger: Mapping[tuple[str, str], Mapping[dt.date, Decimal]] | None = None,
    tolerance: Decimal | int = 0,
) -> SalesMix:
    """The sales mix of ``segments`` over ``months`` (oldest first). ``ledger`` gives the P&L figures
    to reconcile with, keyed by (side, line): ("plan" | "actual", "net_sales" | "gross_profit") →
    month → yen."""
    months = tuple(months)
    period_figures: list[SegmentMonth] = []
    for segment in segments:
        given = [segment.months.get(m) for m in months]
        period_figures.append(
            SegmentMonth(
                _sum(f.plan_sales for f in given if f),
                _sum(f.plan_gross_profit for f in given if f),
                _sum(f.actual_sales for f in given if f),
                _sum(f.actual_gross_profit for f in given if f),
            )
        )

    per_month: dict[dt.date, tuple[list[Side], list[Side], Side, Side]] = {
        m: _cells([s.months.get(m) for s in segments]) for m in months
    }
    period = _cells(period_figures)

    rows = []
    for index, segment in enumerate(segments):
        cells = {}
        for m in months:
            plan, actual, plan_total, actual_total = per_month[m]
            cells[m] = MixCell(_with_share(plan[index], plan_total), _with_share(actual[index], actual_total))
        plan, actual, plan_total, actual_total = period
        total = MixCell(_with_share(plan[index], plan_total), _with_share(actual[index], actual_total))
        rows.append(SegmentRow(segment.key, segment.name, segment.kind, cells, total))

    totals = {m: MixCell(_whole(per_month[m][2]), _whole(per_month[m][3])) for m in months}
    total = MixCell(_whole(period[2]), _whole(period[3]))

    reconciliations = []
    labels = {"net_sales": "売上高", "gross_profit": "売上総利益"}
    for (side, line), by_month in (ledger or {}).items():
        if side not in ("plan", "actual") or line not in labels:
            raise ValueError(f"unknown ledger key {(side, line)!r}")
        for m in months:
            if m not in by_month or by_month[m] is None:
                continue
            cell_side = getattr(totals[m], side)
            ours = cell_side.sales if line == "net_sales" else cell_side.gross_profit
            if ours is None:
                continue
            reconciliations.append(
                Reconciliation(m, side, line, labels[line], ours, Decimal(by_month[m]), Decimal(tolerance))
            )
    reconciliations.sort(key=lambda r: (r.month, r.side != "plan", r.line != "net_sales"))
    return SalesMix(months, tuple(rows), totals, total, tuple(reconciliations))
