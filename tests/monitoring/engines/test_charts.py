"""Monitoring charts: each renders to SVG (the page) and into a PDF (the report) with its Japanese labels,
and user text in a label stays text in both."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest

from banso.core import charts as core_charts
from banso.core import pdf
from banso.monitoring.engines import cashflow as cf
from banso.monitoring.engines import charts

MONTHS = [cf.add_months(dt.date(2026, 4, 1), i) for i in range(12)]
HOSTILE = '=HYPERLINK("https://evil.example","x")<img src="/etc/passwd"/><script>alert(1)</script>計画〔01〕'
PLAN = {
    "net_sales": [D(2_500_000)] * 12,
    "gross_profit": [D(900_000)] * 12,
    "operating_income": [D(50_000 + i * 10_000) for i in range(12)],
}
ACTUAL = {
    "net_sales": [D(2_400_000 + i * 10_000) for i in range(8)] + [None] * 4,
    "gross_profit": [D(850_000)] * 8 + [None] * 4,
    "operating_income": [D(-120_000 + i * 30_000) for i in range(8)] + [None] * 4,
}


def svg_of(drawing) -> str:
    from reportlab.graphics import renderSVG

    return renderSVG.drawToString(drawing)


def pdf_text(*drawings) -> tuple[str, object]:
    from pypdf import PdfReader

    content = pdf.build_pdf(
        pdf.PageInfo(title="モニタリング報告書", company_name="丸山精工", period=""), drawings
    )
    reader = PdfReader(io.BytesIO(content))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    return text, reader


def burning_table():
    actual = cf.build_actual_table(
        MONTHS[:3], [cf.Entry(m, "personnel", D(300_000)) for m in MONTHS[:3]], opening_balance=2_000_000
    )
    month = {"net_sales": D(1_000_000), "sga": D(1_440_000), "personnel_costs": D(1_000_000)}
    projection = cf.project(
        start_month=MONTHS[3],
        opening_balance=actual.months[-1].closing,
        plan={cf.add_months(MONTHS[3], i): month for i in range(12)},
        terms=cf.PaymentTerms(D(1), 0, D(1), 0),
    )
    return cf.combine(actual, projection)


def test_trend_charts_cover_three_lines_monthly_and_cumulative():
    result = charts.trend_charts(MONTHS, PLAN, ACTUAL)
    assert [(c.line, c.cumulative) for c in result] == [
        ("net_sales", False),
        ("net_sales", True),
        ("gross_profit", False),
        ("gross_profit", True),
        ("operating_income", False),
        ("operating_income", True),
    ]
    titles = [c.title for c in result]
    assert titles[0] == "売上高（月次・千円）" and titles[5] == "営業利益（累計・千円）"
    for chart in result:
        svg = svg_of(chart.drawing)
        assert chart.title in svg
        assert "計画" in svg and "実績" in svg
        assert "2026年4月" in svg and "2027年1月" in svg and "3月" in svg
    # 営業利益 goes below zero: the axis reads in the house style
    assert "△100" in svg_of(result[4].drawing)


def test_cumulative_totals_stop_at_the_first_unknown_month():
    assert charts.cumulative([D(1), D(2), None, D(4)]) == [D(1), D(3), None, None]
    assert charts.cumulative([]) == []


@pytest.mark.parametrize(
    ("values", "scale"),
    [
        ([2_400.0, 2_500.0], (0, 2_500, 500)),
        ([-120.0, 160.0], (-200, 200, 100)),
        ([None, None], (0, 1, 0.2)),
        ([-4_200.0, 1_720.0], (-6_000, 2_000, 2_000)),
    ],
)
def test_nice_scale_covers_the_values_and_zero(values, scale):
    assert charts.nice_scale(values) == pytest.approx(scale)


def test_trend_chart_needs_one_value_per_month():
    with pytest.raises(ValueError):
        charts.trend_chart(MONTHS, [D(1)], [D(1)] * 12, label="売上高")


def test_cash_chart_marks_the_shortfall_month_in_words():
    table = burning_table()
    warning = cf.shortfall_warning(table, threshold=0)
    assert warning.month == dt.date(2026, 9, 1)  # 1,100,000 − 440,000 × 3 = △220,000
    drawing = charts.cash_balance_chart(table, threshold=cf.default_threshold(table), warning=warning)
    svg = svg_of(drawing)
    for text in (
        "資金残高（月末・千円）",
        "実績",
        "予測",
        "必要残高（1,440千円）",
        "2026年9月 資金不足（△220）",
    ):
        assert text in svg
    text, _ = pdf_text(drawing)
    assert "2026年9月資金不足（△220）" in text
    assert "必要残高（1,440千円）" in text


def test_cash_chart_names_a_threshold_breach_that_is_not_yet_negative():
    table = burning_table()
    warning = cf.shortfall_warning(table)
    # actual June ends at 2,000,000 − 300,000 × 3 = 1,100,000; July: 1,100,000 − 440,000 < 1,440,000
    assert (warning.month, warning.balance, warning.below_zero) == (dt.date(2026, 7, 1), D(660_000), False)
    svg = svg_of(charts.cash_balance_chart(table, threshold=warning.threshold, warning=warning))
    assert "2026年7月 必要残高割れ（660）" in svg


def test_cash_chart_of_a_projection_only_and_of_actuals_only():
    table = burning_table()
    projection_only = cf.CashFlowTable(table.months[3:])
    assert "予測" in svg_of(charts.cash_balance_chart(projection_only))
    actual_only = cf.CashFlowTable(table.months[:3])
    svg = svg_of(charts.cash_balance_chart(actual_only))
    assert "実績" in svg and "予測" not in svg


def test_hostile_label_stays_text_in_svg_and_pdf():
    drawing = charts.trend_chart(
        MONTHS, PLAN["net_sales"], ACTUAL["net_sales"], label="売上高", plan_label=HOSTILE
    )
    svg = svg_of(drawing)
    assert "<script>" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;計画〔01〕" in svg
    text, reader = pdf_text(drawing)
    assert "".join(HOSTILE.split()) in text
    assert sum(len(page.images) for page in reader.pages) == 0
    assert sum(len(page.get("/Annots") or []) for page in reader.pages) == 0


def test_core_line_chart_keeps_its_old_call_and_draws_marks_on_request():
    plain = core_charts.line_chart(
        ["4月", "5月"], [core_charts.Series("実績", [1.0, 2.0])], y_min=0, y_max=2, y_step=1
    )
    assert "実績" in svg_of(plain)
    marked = core_charts.line_chart(
        ["4月", "5月"],
        [core_charts.Series("実績", [1.0, 2.0])],
        y_min=0,
        y_max=2,
        y_step=1,
        title="題名",
        marks=[core_charts.Mark(1, 2.0, "ここ<b>")],
    )
    svg = svg_of(marked)
    assert "題名" in svg and "ここ&lt;b&gt;" in svg


@pytest.mark.parametrize("has_plan", [True, False])
def test_a_line_without_any_value_renders_and_says_so(has_plan):
    """A company with a plan and no actuals yet (or nothing at all) still gets its chart, not a 500."""
    plan = PLAN["net_sales"] if has_plan else [None] * 12
    drawing = charts.trend_chart(MONTHS, plan, [None] * 12, label="売上高")
    svg = svg_of(drawing)
    assert "実績（なし）" in svg
    assert ("表示できる数値がありません" in svg) is (not has_plan)
    text, _ = pdf_text(drawing)
    assert "実績（なし）" in text
