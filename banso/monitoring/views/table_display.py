"""How the monitoring table is laid out on a page: texts (千円, ％), status words and gap links.
Presentation only — every figure comes from domain/table.py (the variance engine)."""

from __future__ import annotations

from banso.core import formatting
from banso.core.chart_cache import cached_chart
from banso.core.charts import svg_data_uri
from banso.core.urls import org_reverse
from banso.monitoring.engines import charts
from banso.monitoring.engines.variance import AMBER, RED

# Highlighted cells say it in words, not only in colour.
MARKS = {RED: "未達", AMBER: "要注意"}


def _kyen(value) -> str:
    return formatting.thousand_yen(value)


def _rate(value) -> str:
    return formatting.percent(value, is_ratio=True) if value is not None else "—"


def cell_block(cell) -> dict:
    """The five figures of a cell as texts, with its status and mark."""
    return {
        "plan": _kyen(cell.plan),
        "actual": _kyen(cell.actual),
        "variance": _kyen(cell.variance),
        "achievement": _rate(cell.achievement),
        "prior_year": _kyen(cell.prior_year),
        "status": cell.status,
        "mark": MARKS.get(cell.status, ""),
    }


def _gap_link(request, company, key, month, cell, gaps, runs) -> dict | None:
    gap = gaps.get((key, month))
    if gap is not None:
        run = runs.get((key, month))
        return {
            "url": org_reverse(request, "monitoring:gap_edit", company_pk=company.pk, gap_pk=gap.pk),
            "text": gap.get_cause_display() or "原因未記入",
            "recorded": True,
            "repeating": bool(run and run.repeating),
            "gap": gap,
        }
    if cell.flagged:
        return {
            "url": org_reverse(
                request, "monitoring:gap_create", company_pk=company.pk, line=key, month=str(month)
            ),
            "text": "原因を記録",
            "recorded": False,
            "repeating": False,
            "gap": None,
        }
    return None


METRICS = (
    ("plan", "計画"),
    ("actual", "実績"),
    ("variance", "差異"),
    ("achievement", "達成率"),
    ("prior_year", "前年実績"),
)


def grid_rows(request, company, built, gaps, runs) -> list[dict]:
    """One block per line: five metric rows × the months and the year to date of the last month."""
    blocks = []
    for row in built.rows:
        months = [
            {
                "month": col.month,
                **cell_block(col.cell),
                "gap": _gap_link(request, company, row.key, col.month, col.cell, gaps, runs),
            }
            for col in row.months
        ]
        ytd = cell_block(row.year_to_date)
        metrics = [
            {
                "key": key,
                "label": label,
                "cells": [
                    {"text": m[key], "status": m["status"], "mark": m["mark"], "gap": m["gap"]}
                    for m in months
                ],
                "ytd": {"text": ytd[key], "status": ytd["status"], "mark": ytd["mark"]},
            }
            for key, label in METRICS
        ]
        blocks.append({"key": row.key, "label": row.label, "kind": row.kind, "metrics": metrics})
    return blocks


def month_rows(request, company, built, month, gaps, runs) -> list[dict]:
    """One row per line for one month: the month's and the year to date's five figures, the gap."""
    rows = []
    for row in built.rows:
        col = row.at(month)
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "month": cell_block(col.cell),
                "ytd": cell_block(col.ytd),
                "gap": _gap_link(request, company, row.key, month, col.cell, gaps, runs),
            }
        )
    return rows


def _trend_chart_uri(months, plan, actual, *, label: str, running: bool, plan_label: str) -> str:
    """One trend chart as an SVG data URI, drawn once per content: the cache key is every input of the
    drawing (months, both series, the line, 月次/累計, the plan's label), so a changed figure, month or
    plan version draws it again and an unchanged one costs a cache read (core/chart_cache.py)."""
    return cached_chart(
        "monitoring-trend",
        [(label, running, plan_label), tuple(months), tuple(plan), tuple(actual)],
        lambda: svg_data_uri(
            charts.trend_chart(
                months,
                list(plan),
                list(actual),
                label=label,
                cumulative_totals=running,
                plan_label=plan_label,
            )
        ),
    )


def trend_chart_images(built) -> list[dict]:
    """The trend charts (月次 and 累計 of 売上高, 売上総利益, 営業利益) as SVG data URIs. A line whose plan
    or actual has no value in the period gets no chart (the chart engine cannot draw an empty series)."""
    plan_label = f"計画（{built.plan_version.label}）" if built.plan_version else "計画"
    images = []
    for series in built.trend():
        if all(v is None for v in series.plan) or all(v is None for v in series.actual):
            continue
        months = [m.first_day for m in series.months]
        for running in (False, True):
            title = f"{series.label}（{'累計' if running else '月次'}・千円）"
            images.append(
                {
                    "title": title,
                    "src": _trend_chart_uri(
                        months,
                        series.plan,
                        series.actual,
                        label=series.label,
                        running=running,
                        plan_label=plan_label,
                    ),
                    "alt": f"{title}の計画と実績の推移。数値は表のとおりです。",
                }
            )
    return images
