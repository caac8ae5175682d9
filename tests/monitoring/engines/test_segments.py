"""売上構成比・粗利管理表 engine: shares, margins, plan vs actual and the reconciliation with 売上高."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from banso.monitoring.engines import segments as sg

APR, MAY = dt.date(2026, 4, 1), dt.date(2026, 5, 1)


def _d(value):
    return None if value is None else D(value)


def sm(plan_sales=None, plan_gp=None, actual_sales=None, actual_gp=None):
    return sg.SegmentMonth(_d(plan_sales), _d(plan_gp), _d(actual_sales), _d(actual_gp))


SEGMENTS = [
    sg.SegmentInput(
        1, "精密部品", "product", {APR: sm(600_000, 240_000, 500_000, 180_000), MAY: sm(600_000, 240_000)}
    ),
    sg.SegmentInput(
        2,
        "卸売",
        "channel",
        {APR: sm(400_000, 100_000, 420_000, 84_000), MAY: sm(400_000, 100_000, 450_000, 99_000)},
    ),
]


def mix(**kwargs):
    return sg.sales_mix(SEGMENTS, [APR, MAY], **kwargs)


def test_share_and_margin_per_segment_and_month():
    parts, wholesale = mix().rows
    april = parts.months[APR]
    assert april.plan.share == D("0.6")
    assert april.plan.margin == D("0.4")
    assert april.actual.share == D(500_000) / D(920_000)
    assert april.actual.margin == D("0.36")
    assert april.sales_variance == D(-100_000)
    assert april.gross_profit_variance == D(-60_000)
    assert april.sales_achievement == D(500_000) / D(600_000)
    assert wholesale.months[APR].actual.share == D(420_000) / D(920_000)
    assert wholesale.months[APR].actual.margin == D("0.2")
    # the shares of a month add up to one
    assert parts.months[APR].actual.share + wholesale.months[APR].actual.share == pytest.approx(D(1))


def test_a_blank_month_is_unknown_not_zero():
    parts, _ = mix().rows
    may = parts.months[MAY]
    assert may.actual.sales is None and may.actual.share is None and may.actual.margin is None
    assert may.sales_variance is None and may.sales_achievement is None


def test_totals_per_month_and_over_the_period():
    result = mix()
    assert result.totals[APR].plan.sales == D(1_000_000)
    assert result.totals[APR].actual.gross_profit == D(264_000)
    assert result.totals[APR].actual.margin == D(264_000) / D(920_000)
    assert result.totals[APR].actual.share == D(1)
    assert result.total.plan.sales == D(2_000_000)
    assert result.total.plan.gross_profit == D(680_000)
    assert result.total.actual.sales == D(1_370_000)  # 500,000 + 420,000 + 450,000
    assert result.total.actual.gross_profit == D(363_000)
    parts, wholesale = result.rows
    assert parts.total.plan.sales == D(1_200_000)
    assert parts.total.actual.share == D(500_000) / D(1_370_000)
    assert wholesale.total.actual.sales == D(870_000)
    assert wholesale.total.sales_achievement == D(870_000) / D(800_000)


def test_totals_reconcile_with_the_ledger():
    result = mix(
        ledger={
            ("actual", "net_sales"): {APR: D(920_000), MAY: D(455_000)},
            ("plan", "net_sales"): {APR: D(1_000_000)},
            ("actual", "gross_profit"): {APR: D(264_000)},
        }
    )
    assert [
        (r.month, r.side, r.label, r.segments_total, r.ledger, r.difference) for r in result.reconciliations
    ] == [
        (APR, "plan", "売上高", D(1_000_000), D(1_000_000), D(0)),
        (APR, "actual", "売上高", D(920_000), D(920_000), D(0)),
        (APR, "actual", "売上総利益", D(264_000), D(264_000), D(0)),
        (MAY, "actual", "売上高", D(450_000), D(455_000), D(-5_000)),
    ]
    assert [(r.month, r.difference) for r in result.differences] == [(MAY, D(-5_000))]
    assert mix(ledger={("actual", "net_sales"): {MAY: D(455_000)}}, tolerance=5_000).differences == ()


def test_zero_or_negative_sales_give_no_ratio():
    segments = [
        sg.SegmentInput("a", "返品", months={APR: sm(actual_sales=-10_000, actual_gp=-2_000)}),
        sg.SegmentInput("b", "新規", months={APR: sm(actual_sales=0, actual_gp=0)}),
    ]
    result = sg.sales_mix(segments, [APR])
    assert result.totals[APR].actual.sales == D(-10_000)
    assert result.totals[APR].actual.share is None
    assert [row.months[APR].actual.margin for row in result.rows] == [None, None]


def test_unknown_ledger_keys_are_refused():
    with pytest.raises(ValueError):
        mix(ledger={("actual", "cash"): {APR: D(1)}})
