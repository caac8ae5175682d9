"""Before / after figures as Japanese text, shared by the follow-up page and the PDF report:
amounts in 千円, people in 人, the wage rise in % and its change in ポイント, signs on differences,
and a word for the direction so colour is never the only signal."""

from __future__ import annotations

from dataclasses import dataclass

from banso.core import formatting
from banso.engagements.engines.outcomes import Comparison, Metric


def value_text(metric: Metric, value) -> str:
    if value is None:
        return "—"
    if metric.unit == "yen":
        return formatting.thousand_yen(value, unit=True)
    if metric.unit == "people":
        return f"{formatting.group(value)}人"
    return formatting.percent(value)


def difference_text(row: Comparison) -> str:
    if row.difference is None:
        return "—"
    sign = "+" if row.difference > 0 else ""
    if row.metric.unit == "yen":
        return sign + formatting.thousand_yen(row.difference, unit=True)
    if row.metric.unit == "people":
        return f"{sign}{formatting.group(row.difference)}人"
    return f"{sign}{formatting.group(row.difference, 1)}ポイント"


def change_text(row: Comparison) -> str:
    if row.change_pct is None:
        return "—"
    return f"{'+' if row.change_pct > 0 else ''}{formatting.group(row.change_pct, 1)}%"


def direction_word(row: Comparison) -> str:
    return {True: "↑ 増加", False: "↓ 減少", None: ""}[row.improved]


@dataclass(frozen=True)
class DisplayRow:
    label: str
    before: str
    afters: list[str]
    difference: str
    change: str
    direction: str
    improved: bool | None


def display_rows(comparisons: list[Comparison], columns: int | None = None) -> list[DisplayRow]:
    """Rows for a table; `columns` keeps only the newest follow-up columns."""
    rows = []
    for row in comparisons:
        afters = row.afters[-columns:] if columns else row.afters
        rows.append(
            DisplayRow(
                label=row.metric.label,
                before=value_text(row.metric, row.before),
                afters=[value_text(row.metric, v) for v in afters],
                difference=difference_text(row),
                change=change_text(row),
                direction=direction_word(row),
                improved=row.improved,
            )
        )
    return rows
