"""The monitoring charts, drawn once with banso.core.charts (reportlab.graphics): the page shows them as
SVG (`core.charts.svg_data_uri`), the monitoring report puts the same Drawing into its PDF.

- :func:`trend_chart` / :func:`trend_charts`: plan vs actual per month for 売上高, 売上総利益 and 営業利益,
  monthly and cumulative.
- :func:`cash_balance_chart`: the 資金繰り表's month-end balance, actual and projected, with the threshold
  as its own line and the shortfall month called out by a label (not by colour alone).

Amounts come in yen (``Decimal``) and are drawn in 千円. Pure code: no Django.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from banso.core.charts import Mark, Series, line_chart
from banso.monitoring.engines import cashflow as cf
from banso.monitoring.engines import lines

__all__ = [
    "TREND_LINES",
    "TrendChart",
    "cash_balance_chart",
    "cumulative",
    "month_labels",
    "nice_scale",
    "trend_chart",
    "trend_charts",
]

# The lines with trend charts (issue: 売上高, 売上総利益, 営業利益), keys of engines/lines.py.
TREND_LINES: tuple[tuple[str, str], ...] = tuple(
    (key, lines.label(key)) for key in ("net_sales", "gross_profit", "operating_income")
)


def month_labels(months: Sequence[dt.date]) -> list[str]:
    """'2026年4月', '5月', …, '2027年1月': the year on the first month and on every January."""
    return [
        f"{m.year}年{m.month}月" if i == 0 or m.month == 1 else f"{m.month}月" for i, m in enumerate(months)
    ]


def cumulative(values: Sequence[Decimal | None]) -> list[Decimal | None]:
    """Running totals; a missing month ends the run (what follows it is unknown, not zero)."""
    out: list[Decimal | None] = []
    total = Decimal(0)
    for value in values:
        if value is None or (out and out[-1] is None):
            out.append(None)
            continue
        total += Decimal(value)
        out.append(total)
    return out


def _thousands(value: Decimal | None) -> float | None:
    return None if value is None else float(Decimal(value) / 1000)


def _tick_label(value: float, negative_mark: str) -> str:
    text = f"{abs(value):,.0f}" if value == int(value) else f"{abs(value):,.1f}"
    return f"{negative_mark}{text}" if value < 0 else text


def nice_scale(values: Sequence[float | None], *, ticks: int = 5) -> tuple[float, float, float]:
    """(y_min, y_max, step) covering the values and zero, on a step of 1, 2, 2.5 or 5 × 10ⁿ."""
    known = [v for v in values if v is not None] + [0.0]
    low, high = min(known), max(known)
    if high == low:
        high = low + 1
    raw = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _chart(
    months: Sequence[dt.date],
    series: Sequence[Series],
    *,
    title: str,
    negative_mark: str,
    marks: Sequence[Mark] = (),
    extra_values: Sequence[float] = (),
    width: float,
    height: float,
):
    y_min, y_max, step = nice_scale([v for s in series for v in s.values] + list(extra_values))
    count = round((y_max - y_min) / step)
    ticks = [y_min + i * step for i in range(count + 1)]
    return line_chart(
        month_labels(months),
        series,
        y_min=y_min,
        y_max=y_max,
        y_step=step,
        y_ticks=ticks,
        y_labels={t: _tick_label(t, negative_mark) for t in ticks},
        width=width,
        height=height,
        title=title,
        marks=marks,
        category_axis_at_bottom=True,
    )


@dataclass(frozen=True)
class TrendChart:
    line: str
    label: str
    cumulative: bool
    drawing: object

    @property
    def title(self) -> str:
        return f"{self.label}（{'累計' if self.cumulative else '月次'}・千円）"


def trend_chart(
    months: Sequence[dt.date],
    plan: Sequence[Decimal | None],
    actual: Sequence[Decimal | None],
    *,
    label: str,
    cumulative_totals: bool = False,
    plan_label: str = "計画",
    actual_label: str = "実績",
    negative_mark: str = "△",
    width: float = 380,
    height: float = 210,
):
    """Plan vs actual of one line over ``months`` (values in yen, None where unknown), monthly or as
    running totals from the first month. ``plan_label`` may name the plan version (user text is fine:
    reportlab.graphics draws it as plain text and the SVG escapes it)."""
    if len(plan) != len(months) or len(actual) != len(months):
        raise ValueError("plan and actual need one value per month")
    if cumulative_totals:
        plan, actual = cumulative(plan), cumulative(actual)
    title = f"{label}（{'累計' if cumulative_totals else '月次'}・千円）"
    series = [
        Series(plan_label, [_thousands(v) for v in plan]),
        Series(actual_label, [_thousands(v) for v in actual]),
    ]
    return _chart(months, series, title=title, negative_mark=negative_mark, width=width, height=height)


def trend_charts(
    months: Sequence[dt.date],
    plan: Mapping[str, Sequence[Decimal | None]],
    actual: Mapping[str, Sequence[Decimal | None]],
    **options,
) -> list[TrendChart]:
    """Monthly and cumulative charts for 売上高, 売上総利益 and 営業利益 (in that order, monthly first);
    ``plan`` / ``actual`` map a line key to one value per month (a missing line draws no points)."""
    charts = []
    for line, label in TREND_LINES:
        empty = [None] * len(months)
        for running in (False, True):
            drawing = trend_chart(
                months,
                plan.get(line, empty),
                actual.get(line, empty),
                label=label,
                cumulative_totals=running,
                **options,
            )
            charts.append(TrendChart(line, label, running, drawing))
    return charts


def cash_balance_chart(
    table: cf.CashFlowTable,
    *,
    threshold: Decimal | int | None = None,
    warning: cf.ShortfallWarning | None = None,
    negative_mark: str = "△",
    width: float = 380,
    height: float = 220,
):
    """The month-end cash (翌月繰越) of a 資金繰り表: 実績 for actual months, 予測 for projected ones
    (starting from the last actual month so the lines join), 必要残高 as a flat line when a threshold
    is given, and the warning's month marked with 「資金不足」 or 「必要残高割れ」 and the amount."""
    months = [c.month for c in table.months]
    closing = [c.closing for c in table.months]
    projected = [c.projected for c in table.months]
    actual_values = [_thousands(v) if not p else None for v, p in zip(closing, projected, strict=True)]
    forecast_values = [_thousands(v) if p else None for v, p in zip(closing, projected, strict=True)]
    first_projected = next((i for i, p in enumerate(projected) if p), None)
    if first_projected:  # join the forecast to the last actual month
        forecast_values[first_projected - 1] = actual_values[first_projected - 1]
    series = []
    if any(v is not None for v in actual_values):
        series.append(Series("実績", actual_values))
    if first_projected is not None:
        series.append(Series("予測", forecast_values))
    extra = []
    if threshold is not None:
        limit = Decimal(threshold)
        shown = cf.thousand_yen(limit, negative_mark=negative_mark)
        series.append(Series(f"必要残高（{shown}千円）", [_thousands(limit)] * len(months)))
        extra.append(_thousands(limit))
    marks = []
    if warning is not None and warning.month in months:
        index = months.index(warning.month)
        what = "資金不足" if warning.below_zero else "必要残高割れ"
        amount = cf.thousand_yen(warning.balance, negative_mark=negative_mark)
        marks.append(
            Mark(index, _thousands(warning.balance), f"{cf.month_label(warning.month)} {what}（{amount}）")
        )
    return _chart(
        months,
        series,
        title="資金残高（月末・千円）",
        negative_mark=negative_mark,
        marks=marks,
        extra_values=extra,
        width=width,
        height=height,
    )
