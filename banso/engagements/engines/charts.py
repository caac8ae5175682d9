"""The five walls over time as one chart (a reportlab Drawing: the page shows it as SVG, and a
report can put the same Drawing into a PDF)."""

from __future__ import annotations

from banso.core.charts import Series, line_chart
from banso.engagements.engines import guideline as g

# The y axis in words: 0 = 乗り越えた … 3 = 強い壁.
WALL_Y_LABELS = {float(level): label for level, label in g.WALL_LEVEL_CHOICES}
# Walls often share a level. Each wall's line is drawn a hair above or below the level (the middle
# wall on it) so no line hides another; the scale is padded so the outer lines stay inside the
# chart. The exact levels are always shown in words next to the chart.
DODGE = 0.045
PADDING = 0.25


def _dodged(level: int | None, index: int) -> float | None:
    if level is None:
        return None
    return level + (index - (len(g.WALLS) - 1) / 2) * DODGE


def wall_chart(assessments, *, width: float = 520, height: float = 230):
    """One line per wall across the assessments' dates (oldest first)."""
    return line_chart(
        [f"{a.assessed_on:%Y/%m/%d}" for a in assessments],
        [
            Series(wall.short_label, [_dodged(getattr(a, wall.key), i) for a in assessments])
            for i, wall in enumerate(g.WALLS)
        ],
        y_min=g.WALL_MIN - PADDING,
        y_max=g.WALL_MAX + PADDING,
        y_step=1,
        y_ticks=[float(level) for level in range(g.WALL_MIN, g.WALL_MAX + 1)],
        y_labels=WALL_Y_LABELS,
        width=width,
        height=height,
    )
