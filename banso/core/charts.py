"""Charts drawn once, server-side, with reportlab.graphics: the same Drawing goes into a PDF as a
flowable and onto a web page as an SVG image (`svg_data_uri`), so screen and report always agree.

Colour is never the only signal: each series also has its own marker shape and dash pattern, and a
legend names it.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from banso.core.fonts import register_japanese_font

PALETTE = ("#1f5f8b", "#c25b12", "#2e7d32", "#7b3fa0", "#b3261e", "#5d6d7e")
MARKERS = ("FilledCircle", "FilledSquare", "FilledTriangle", "FilledDiamond", "Circle", "Square")
DASHES = (None, (4, 2), (1, 2), (6, 2, 1, 2), (2, 2), (8, 3))


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Mark:
    """A point of a line chart called out in words: a star at (category `index`, `value`), a dashed
    vertical line through that category and `label` written beside the point (never colour alone)."""

    index: int
    value: float
    label: str


def _color(index: int):
    from reportlab.lib import colors

    return colors.HexColor(PALETTE[index % len(PALETTE)])


def _legend(drawing, series: Sequence[Series], *, x: float, y: float, font: str):
    from reportlab.graphics.shapes import Line, String
    from reportlab.graphics.widgets.markers import makeMarker

    for i, s in enumerate(series):
        row_y = y - i * 14
        line = Line(x, row_y + 3, x + 18, row_y + 3, strokeColor=_color(i), strokeWidth=1.6)
        if DASHES[i % len(DASHES)]:
            line.strokeDashArray = DASHES[i % len(DASHES)]
        drawing.add(line)
        marker = makeMarker(MARKERS[i % len(MARKERS)], x=x + 9, y=row_y + 3, size=5, fillColor=_color(i))
        marker.strokeColor = _color(i)
        drawing.add(marker)
        drawing.add(String(x + 24, row_y, s.label, fontName=font, fontSize=8, fillColor=_color(i)))


def radar_chart(
    axes: Sequence[str], series: Sequence[Series], *, max_value: int = 5, size: float = 280
) -> object:
    """A radar chart on a fixed 0..max_value scale (the local benchmark's 1–5 scores), with a ring
    per step, the axis names outside, and one closed polygon per series. Missing values sit at 0."""
    import math

    from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, String
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    font = register_japanese_font()
    legend_width = 120
    drawing = Drawing(size + legend_width, size)
    cx, cy = size / 2, size / 2
    radius = size / 2 - 48
    count = len(axes)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * index / count
        r = radius * value / max_value
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    grid = colors.HexColor("#c8d0d8")
    for step in range(1, max_value + 1):
        ring = [coord for i in range(count) for coord in point(i, step)]
        drawing.add(Polygon(ring, strokeColor=grid, strokeWidth=0.6, fillColor=None))
        x, y = point(0, step)
        drawing.add(
            String(x + 3, y - 3, str(step), fontName=font, fontSize=6.5, fillColor=colors.HexColor("#7a8794"))
        )
    for i, label in enumerate(axes):
        x, y = point(i, max_value)
        drawing.add(Line(cx, cy, x, y, strokeColor=grid, strokeWidth=0.6))
        lx, ly = point(i, max_value + 0.55)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        drawing.add(String(lx, ly - 3, label, fontName=font, fontSize=8, textAnchor=anchor))
    for n, s in enumerate(series):
        coords = [coord for i, v in enumerate(s.values) for coord in point(i, v or 0)]
        outline = PolyLine(coords + coords[:2], strokeColor=_color(n), strokeWidth=1.8)
        if DASHES[n % len(DASHES)]:
            outline.strokeDashArray = DASHES[n % len(DASHES)]
        drawing.add(outline)
        for i, v in enumerate(s.values):
            if v is not None:
                x, y = point(i, v)
                marker = makeMarker(MARKERS[n % len(MARKERS)], x=x, y=y, size=5, fillColor=_color(n))
                marker.strokeColor = _color(n)
                drawing.add(marker)
    _legend(drawing, series, x=size + 5, y=size - 30, font=font)
    return drawing


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    y_min: float,
    y_max: float,
    y_step: float,
    y_labels: dict[float, str] | None = None,
    y_ticks: Sequence[float] | None = None,
    width: float = 460,
    height: float = 200,
    title: str | None = None,
    marks: Sequence[Mark] = (),
    category_axis_at_bottom: bool = False,
) -> object:
    """A line chart over categories (dates, months). `y_labels` replaces tick numbers with words;
    `y_ticks` places the ticks (and grid lines) exactly, e.g. on a scale padded beyond its ends.
    `title` is written above the plot (which gives up 16 points of height for it); `marks` call
    single points out with a label; `category_axis_at_bottom` keeps the month labels under the plot
    when values go below zero (by default the axis crosses the value axis at zero)."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.graphics.widgets.markers import makeMarker

    font = register_japanese_font()
    legend_width = 130
    drawing = Drawing(width + legend_width, height)
    title_space = 16 if title else 0
    chart = HorizontalLineChart()
    chart.x, chart.y = 70, 30
    chart.width, chart.height = width - 80, height - 45 - title_space
    # reportlab cannot draw a line without a point: a series with no value (no actuals yet) is left out
    # of the plot and named in the legend as なし, and a chart with nothing to draw says so.
    drawn = [i for i, s in enumerate(series) if any(v is not None for v in s.values)]
    chart.data = [list(series[i].values) for i in drawn] or [[y_min] * len(x_labels)]
    chart.categoryAxis.categoryNames = list(x_labels)
    if category_axis_at_bottom:
        chart.categoryAxis.joinAxisMode = "bottom"
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.angle = 0 if len(x_labels) <= 8 else 30
    chart.categoryAxis.labels.boxAnchor = "n" if len(x_labels) <= 8 else "ne"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = y_min, y_max, y_step
    if y_ticks is not None:
        chart.valueAxis.valueSteps = list(y_ticks)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    if y_labels:
        chart.valueAxis.labelTextFormat = lambda v: y_labels.get(v, f"{v:g}")
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = _color(5)
    chart.valueAxis.gridStrokeDashArray = (1, 2)
    chart.joinedLines = True
    for position, i in enumerate(drawn):
        line = chart.lines[position]
        line.strokeColor = _color(i)
        line.strokeWidth = 1.8
        if DASHES[i % len(DASHES)]:
            line.strokeDashArray = DASHES[i % len(DASHES)]
        line.symbol = makeMarker(MARKERS[i % len(MARKERS)], size=5, fillColor=_color(i))
    if not drawn:
        chart.lines[0].strokeWidth = 0
        chart.lines[0].strokeColor = None
        chart.lines[0].symbol = None
    drawing.add(chart)
    if title:
        drawing.add(String(chart.x, height - 13, title, fontName=font, fontSize=9.5))
    if not drawn:
        drawing.add(
            String(
                chart.x + chart.width / 2,
                chart.y + chart.height / 2,
                "表示できる数値がありません",
                fontName=font,
                fontSize=9,
                textAnchor="middle",
            )
        )
    series = [s if i in drawn else Series(f"{s.label}（なし）", s.values) for i, s in enumerate(series)]
    if marks:
        _draw_marks(drawing, chart, marks, font=font)
    _legend(drawing, series, x=width + 5, y=height - 20 - title_space, font=font)
    return drawing


def _draw_marks(drawing, chart, marks: Sequence[Mark], *, font: str) -> None:
    from reportlab.graphics.shapes import Line, String
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    chart.draw()  # configures both axes, so their scales give the points' coordinates
    ink = colors.HexColor("#b3261e")
    bottom, top = chart.y, chart.y + chart.height
    for mark in marks:
        x = chart.categoryAxis.scale(mark.index)[0] + chart._hngs
        y = min(max(chart.valueAxis.scale(mark.value), bottom), top)
        guide = Line(x, bottom, x, top, strokeColor=ink, strokeWidth=0.8)
        guide.strokeDashArray = (3, 2)
        drawing.add(guide)
        cross = makeMarker("FilledStarFive", x=x, y=y, size=9, fillColor=ink)
        cross.strokeColor = ink
        drawing.add(cross)
        middle = chart.x + chart.width / 2
        anchor, dx = ("end", -5) if x > middle else ("start", 5)
        label_y = y + 6 if y + 14 < top else y - 12
        drawing.add(
            String(x + dx, label_y, mark.label, fontName=font, fontSize=8, fillColor=ink, textAnchor=anchor)
        )


def svg_data_uri(drawing) -> str:
    """The drawing as an SVG data URI for an <img> (allowed by the CSP's img-src data:)."""
    from reportlab.graphics import renderSVG

    svg = renderSVG.drawToString(drawing)
    if isinstance(svg, str):
        svg = svg.encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def bar_chart(
    labels: Sequence[str], values: Sequence[float], *, width: float = 460, title: str | None = None
) -> object:
    """Horizontal bars, one per label, each with its number written at its end (the portfolio's
    counts: engagements per step, alerts per supporter). Zero draws no bar but still says 0."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String

    font = register_japanese_font()
    row, label_width, top_space = 20, 150, 18 if title else 4
    height = top_space + row * max(len(labels), 1) + 6
    drawing = Drawing(width, height)
    if title:
        drawing.add(String(0, height - 13, title, fontName=font, fontSize=9.5))
    largest = max((v for v in values if v), default=0)
    plot = width - label_width - 40
    base_y = height - top_space - row
    drawing.add(Line(label_width, 4, label_width, height - top_space, strokeColor=_color(5), strokeWidth=0.6))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = base_y - i * row
        drawing.add(String(label_width - 6, y + 6, label, fontName=font, fontSize=8.5, textAnchor="end"))
        length = plot * value / largest if largest else 0
        if length:
            drawing.add(Rect(label_width, y + 3, length, row - 8, fillColor=_color(0), strokeColor=None))
        drawing.add(String(label_width + length + 4, y + 6, f"{value:g}", fontName=font, fontSize=8.5))
    if not labels:
        drawing.add(
            String(width / 2, 8, "表示できる数値がありません", fontName=font, fontSize=9, textAnchor="middle")
        )
    return drawing


def grouped_bar_chart(
    labels: Sequence[str], series: Sequence[Series], *, width: float = 460, title: str | None = None
) -> object:
    """Horizontal bars, one group per label and one bar per series (e.g. a rank's count now and a year
    ago, a wall's mean at start and now). Each bar has its number at its end and a hatch-free pattern
    is not needed: the legend names each series and the bars of a group are always in legend order,
    the first series with a solid fill, the others lighter with an outline, so colour is not the only
    signal. None draws no bar and writes 「—」."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    font = register_japanese_font()
    bar, gap, label_width = 11, 8, 150
    legend_height = 14 * len(series) + 4
    top_space = (18 if title else 4) + legend_height
    group = bar * max(len(series), 1) + gap
    height = top_space + group * max(len(labels), 1) + 6
    drawing = Drawing(width, height)
    if title:
        drawing.add(String(0, height - 13, title, fontName=font, fontSize=9.5))
    legend_y = height - (18 if title else 4) - 10
    for i, s in enumerate(series):
        fill = _color(i) if i == 0 else colors.Color(*_color(i).rgb(), alpha=0.35)
        drawing.add(Rect(label_width, legend_y - i * 14, 10, 8, fillColor=fill, strokeColor=_color(i)))
        drawing.add(String(label_width + 14, legend_y - i * 14, s.label, fontName=font, fontSize=8))
    values = [v for s in series for v in s.values if v]
    largest = max(values, default=0)
    plot = width - label_width - 44
    base_y = height - top_space - group
    drawing.add(Line(label_width, 4, label_width, height - top_space, strokeColor=_color(5), strokeWidth=0.6))
    for g, label in enumerate(labels):
        y0 = base_y - g * group + gap / 2
        drawing.add(
            String(label_width - 6, y0 + group / 2 - 6, label, fontName=font, fontSize=8.5, textAnchor="end")
        )
        for i, s in enumerate(series):
            value = s.values[g]
            y = y0 + (len(series) - 1 - i) * bar
            length = plot * float(value) / float(largest) if value and largest else 0
            if length:
                fill = _color(i) if i == 0 else colors.Color(*_color(i).rgb(), alpha=0.35)
                drawing.add(Rect(label_width, y + 1, length, bar - 2, fillColor=fill, strokeColor=_color(i)))
            text = "—" if value is None else f"{float(value):g}"
            drawing.add(String(label_width + length + 4, y + 2, text, fontName=font, fontSize=7.5))
    if not labels:
        drawing.add(
            String(width / 2, 8, "表示できる数値がありません", fontName=font, fontSize=9, textAnchor="middle")
        )
    return drawing
