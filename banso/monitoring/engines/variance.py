"""The monitoring table (月次モニタリング表, docs/domain.md §5.3; docs/api.md Monitoring): plan vs actual
per line and month and year to date, with 差異, 達成率, 前年実績 and a status colour.

A pure engine: amounts in, a :class:`MonitoringTable` out. Amounts are yen (``int`` or ``Decimal``;
``float`` is refused) given as ``{line key: {month: amount}}`` for the **input** lines of
:mod:`banso.monitoring.engines.lines`; a month is a :class:`~banso.monitoring.engines.months.Month`, a
``date`` (any day of the month) or ``'YYYY-MM'``. The computed lines (売上総利益, 営業利益, 経常利益,
当期純利益) are derived with ``lines.complete``; values given for them are ignored.

Rules (docs/domain.md §5.3; the thresholds are per organization, data not constants)
    * 差異 (variance) = 実績 − 計画; 達成率 (achievement) = 実績 ÷ 計画 as a ratio (1 = 100 %), ``None`` when
      the plan is ≤ 0 or missing. The ratio is judged **unrounded**; rounding is for display.
    * Status: ``none`` without a plan or an actual. Lines where more is better (revenue, profit, 現預金):
      achievement ≥ amber → ``ok``, ≥ red → ``amber``, else ``red`` (defaults: below 90 % amber, below
      80 % red). Cost lines (and 借入金残高): over plan is bad — ``amber`` when actual > plan × (2 − amber),
      ``red`` when actual > plan × (2 − red). With a plan ≤ 0 the amount is judged, not the rate: no
      shortfall (or overrun for a cost) → ``ok``; a shortfall beyond (1 − red) × |plan| — or any shortfall
      when the plan is 0 — ``red``; a smaller one ``amber``.
    * A month that has any P&L figure has them all: a P&L input line absent from such a month counts as
      0 (an import writes the accounts it found; a month without 特別損失 has none). Balance lines
      (現預金, 借入金残高) absent from a month stay unknown.
    * 前年実績 (prior year) is the actual of the same month twelve months earlier, read from the same
      actual amounts (pass the prior year's months too).
    * Year to date (累計) runs from the first month of the month's fiscal year (決算月 + 1) to that month.
      A flow line's plan/actual/prior-year total is ``None`` unless every month of that span has one
      (an incomplete total would compare unlike periods). A balance line's year to date is its latest
      month's value, not a sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from banso.monitoring.engines import lines as line_list
from banso.monitoring.engines.months import Month, fiscal_year_start, months_between, to_month

__all__ = [
    "AMBER",
    "NONE",
    "OK",
    "RED",
    "TREND_LINES",
    "Cell",
    "LineRow",
    "MonitoringTable",
    "MonthColumn",
    "Thresholds",
    "TrendSeries",
    "achievement",
    "completed_months",
    "higher_is_better",
    "judge",
    "monitoring_table",
    "trend",
]

OK = "ok"
AMBER = "amber"
RED = "red"
NONE = "none"
STATUS_LABELS = {OK: "計画どおり", AMBER: "注意", RED: "要対応", NONE: "—"}

# Balance lines have no revenue/cost kind; which way is good is stated here.
_BALANCE_HIGHER_IS_BETTER = {"cash_and_deposits": True, "borrowings": False}

TREND_LINES = ("net_sales", "gross_profit", "operating_income")

Amount = Decimal | int
MonthLike = Month | str | object  # Month, date or 'YYYY-MM'


@dataclass(frozen=True)
class Thresholds:
    """The organization's status thresholds as ratios of plan: amber below `amber`, red below `red`."""

    amber: Decimal = Decimal("0.90")
    red: Decimal = Decimal("0.80")

    def __post_init__(self):
        amber, red = Decimal(self.amber), Decimal(self.red)
        if not (Decimal(0) < red <= amber <= Decimal(1)):
            raise ValueError("しきい値は 0 < 赤 ≤ 黄 ≤ 1 の範囲で指定してください。")
        object.__setattr__(self, "amber", amber)
        object.__setattr__(self, "red", red)


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Cell:
    """One block of the table: a month's or a year-to-date's figures."""

    plan: Decimal | None
    actual: Decimal | None
    variance: Decimal | None
    achievement: Decimal | None
    prior_year: Decimal | None
    status: str

    @property
    def flagged(self) -> bool:
        """Highlighted on the review screen (amber or red)."""
        return self.status in (AMBER, RED)


@dataclass(frozen=True)
class MonthColumn:
    month: Month
    cell: Cell  # the month alone
    ytd: Cell  # 期首からこの月までの累計


@dataclass(frozen=True)
class LineRow:
    key: str
    label: str
    kind: str
    months: tuple[MonthColumn, ...]

    @property
    def year_to_date(self) -> Cell | None:
        """The year to date at the last month of the table (api.md's year-to-date block)."""
        return self.months[-1].ytd if self.months else None

    def at(self, month: MonthLike) -> MonthColumn:
        wanted = to_month(month)
        for column in self.months:
            if column.month == wanted:
                return column
        raise KeyError(f"{wanted} is outside the table")


@dataclass(frozen=True)
class MonitoringTable:
    first_month: Month
    last_month: Month
    fiscal_year_end_month: int
    thresholds: Thresholds
    rows: tuple[LineRow, ...]

    @property
    def months(self) -> list[Month]:
        return months_between(self.first_month, self.last_month)

    def row(self, key: str) -> LineRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"line {key!r} is not in the table")

    def flagged(self) -> list[tuple[str, Month, Cell]]:
        """(line, month, cell) of every highlighted month cell, in table order."""
        return [(row.key, col.month, col.cell) for row in self.rows for col in row.months if col.cell.flagged]


# ---- single-cell rules -------------------------------------------------------------------------


def higher_is_better(key: str) -> bool:
    line = line_list.line(key)
    if line.kind == line_list.BALANCE:
        return _BALANCE_HIGHER_IS_BETTER.get(key, True)
    return line.higher_is_better


def achievement(plan: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """実績 ÷ 計画 as a ratio; None when either is missing or the plan is ≤ 0."""
    if plan is None or actual is None or plan <= 0:
        return None
    return Decimal(actual) / Decimal(plan)


def judge(
    key: str, plan: Decimal | None, actual: Decimal | None, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> str:
    """The status of one cell (module docstring: Rules)."""
    if plan is None or actual is None:
        return NONE
    plan, actual = Decimal(plan), Decimal(actual)
    more_is_better = higher_is_better(key)
    if plan > 0:
        if more_is_better:
            ratio = actual / plan
            if ratio >= thresholds.amber:
                return OK
            return AMBER if ratio >= thresholds.red else RED
        if actual <= plan * (2 - thresholds.amber):
            return OK
        return AMBER if actual <= plan * (2 - thresholds.red) else RED
    # plan ≤ 0: judge the amount, not the rate
    shortfall = (plan - actual) if more_is_better else (actual - plan)
    if shortfall <= 0:
        return OK
    if plan == 0 or shortfall > (1 - thresholds.red) * abs(plan):
        return RED
    return AMBER


def _cell(key: str, plan, actual, prior_year, thresholds: Thresholds) -> Cell:
    return Cell(
        plan=plan,
        actual=actual,
        variance=None if plan is None or actual is None else actual - plan,
        achievement=achievement(plan, actual),
        prior_year=prior_year,
        status=judge(key, plan, actual, thresholds),
    )


# ---- the table ---------------------------------------------------------------------------------


def _amount(value, key: str, month: Month) -> Decimal:
    if isinstance(value, float | bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{key} {month}: amounts must be int or Decimal yen, not {type(value).__name__}")
    return Decimal(value)


def completed_months(amounts: Mapping[str, Mapping]) -> dict[Month, dict[str, Decimal | None]]:
    """{month: every line (lines.complete)} from ``{input line: {month: yen}}``; a P&L input line absent
    from a month that has P&L figures is 0, an absent balance line stays None (module docstring)."""
    inputs: dict[Month, dict[str, Decimal]] = {}
    for key, by_month in amounts.items():
        line = line_list.line(key)
        if line.computed:
            continue
        for month_like, value in by_month.items():
            if value is None:
                continue
            month = to_month(month_like)
            inputs.setdefault(month, {})[key] = _amount(value, key, month)
    completed = {}
    for month, given in inputs.items():
        if any(line_list.line(key).is_flow for key in given):
            given = {key: given.get(key, Decimal(0)) for key in line_list.PLAN_KEYS} | {
                key: value for key, value in given.items() if key in line_list.BALANCE_KEYS
            }
        completed[month] = line_list.complete(given)
    return completed


def _value(months: Mapping[Month, Mapping[str, Decimal | None]], month: Month, key: str) -> Decimal | None:
    figures = months.get(month)
    return None if figures is None else figures.get(key)


def _span_total(months, span: list[Month], key: str) -> Decimal | None:
    values = [_value(months, month, key) for month in span]
    if not values or any(value is None for value in values):
        return None
    return sum(values, Decimal(0))


def monitoring_table(
    *,
    plan: Mapping[str, Mapping],
    actual: Mapping[str, Mapping],
    first_month: MonthLike,
    last_month: MonthLike,
    fiscal_year_end_month: int,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    keys: Iterable[str] = line_list.LINE_KEYS,
) -> MonitoringTable:
    """The monitoring table for the months first_month…last_month (both included).

    `plan` and `actual` are ``{input line key: {month: yen}}``; `actual` should also hold the months
    of the year before (前年実績) and the fiscal year's months before `first_month` (累計)."""
    first, last = to_month(first_month), to_month(last_month)
    if last < first:
        raise ValueError("表示する期間の終わりが始まりより前です。")
    plan_months = completed_months(plan)
    actual_months = completed_months(actual)
    span = months_between(first, last)
    rows = []
    for key in keys:
        line = line_list.line(key)
        columns = []
        for month in span:
            cell = _cell(
                key,
                _value(plan_months, month, key),
                _value(actual_months, month, key),
                _value(actual_months, month - 12, key),
                thresholds,
            )
            if line.is_flow:
                ytd_span = months_between(
                    fiscal_year_start(month.fiscal_year(fiscal_year_end_month), fiscal_year_end_month), month
                )
                ytd = _cell(
                    key,
                    _span_total(plan_months, ytd_span, key),
                    _span_total(actual_months, ytd_span, key),
                    _span_total(actual_months, [m - 12 for m in ytd_span], key),
                    thresholds,
                )
            else:
                ytd = cell
            columns.append(MonthColumn(month=month, cell=cell, ytd=ytd))
        rows.append(LineRow(key=key, label=line.label, kind=line.kind, months=tuple(columns)))
    return MonitoringTable(
        first_month=first,
        last_month=last,
        fiscal_year_end_month=fiscal_year_end_month,
        thresholds=thresholds,
        rows=tuple(rows),
    )


# ---- trend charts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendSeries:
    """Plan vs actual of one line for a chart: monthly, and cumulative from each fiscal year's start."""

    key: str
    label: str
    months: tuple[Month, ...]
    plan: tuple[Decimal | None, ...]
    actual: tuple[Decimal | None, ...]
    cumulative_plan: tuple[Decimal | None, ...]
    cumulative_actual: tuple[Decimal | None, ...]


def trend(table: MonitoringTable, keys: Iterable[str] = TREND_LINES) -> list[TrendSeries]:
    """The chart series of 売上高, 売上総利益 and 営業利益 (or `keys`) from a table. The cumulative series
    restart at each fiscal year's first month (期首からの累計), like the table's year to date."""
    series = []
    for key in keys:
        row = table.row(key)
        series.append(
            TrendSeries(
                key=key,
                label=row.label,
                months=tuple(col.month for col in row.months),
                plan=tuple(col.cell.plan for col in row.months),
                actual=tuple(col.cell.actual for col in row.months),
                cumulative_plan=tuple(col.ytd.plan for col in row.months),
                cumulative_actual=tuple(col.ytd.actual for col in row.months),
            )
        )
    return series
