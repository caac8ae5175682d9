"""Draft variance sentences for the monitoring report (docs/domain.md §5.2 item 1 and 3: the period's
results and, where plan and actual diverge, the cause and what will be done).

The sentences are drafts: the advisor edits them before the report is issued. They are built from the
figures of :mod:`banso.monitoring.engines.variance` only, so they always agree with the table.

Wording
    * More-is-better lines with a plan > 0 (売上高, 売上総利益, 営業利益 …):
      「売上高は計画比82.0％（△1,234千円）でした。」 — 達成率 to one decimal, 差異 in 千円 with △ for a
      shortfall and + for an excess.
    * Cost lines with a plan > 0: 「販管費は計画を3.2％（456千円）上回りました。」 / 「…下回りました。」, or
      「…は計画どおりでした。」 when equal.
    * Any line with a plan ≤ 0, a profit line with a loss against a planned profit, and any line whose
      actual is more than 150 % of a small plan (計画比618.3％ says nothing), is described by amount:
      「営業利益は計画△500千円に対し実績△200千円で、計画を300千円上回りました。」 (for a cost line
      上回りました means spent more).
    * A gap's cause and response follow the month's sentence: 「主因は受注・客数減です。対応：…。」
    * The year to date: 「4月〜9月の累計では、売上高は計画比91.3％（△3,456千円）でした。」
Judgement (:func:`judgement_label`, the 判定 column of the report's tables)
    * A line above its plan is 「計画超過」, not 「計画どおり」; a cost line (or 借入金) above its plan is
      「計画超過（要注意）」 unless its status is already 要対応. Otherwise the status's label.
Rounding is half up (core.number_text); the negative mark is a parameter (the organization's style).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from banso.core.number_text import TRIANGLE, group, thousand_yen
from banso.monitoring.engines import lines as line_list
from banso.monitoring.engines.months import fiscal_year_start, to_month
from banso.monitoring.engines.variance import (
    RED,
    STATUS_LABELS,
    Cell,
    MonitoringTable,
    higher_is_better,
)

__all__ = [
    "REPORT_LINES",
    "GapNote",
    "draft_sentences",
    "judgement_label",
    "sentence_label",
    "variance_sentence",
    "year_to_date_sentence",
]

# Short names used in prose where the table's label is long or a breakdown ("うち…").
_SENTENCE_LABELS = {
    "sga": "販管費",
    "personnel_costs": "人件費",
    "depreciation": "減価償却費",
}

REPORT_LINES = ("net_sales", "gross_profit", "sga", "operating_income", "ordinary_income")

# Above this achievement a rate is no longer informative (a tiny plan): the sentence gives amounts.
AMOUNT_ABOVE = Decimal("1.5")
OVER_PLAN = "計画超過"
OVER_PLAN_COST = "計画超過（要注意）"


def judgement_label(key: str, plan, actual, status: str) -> str:
    """The judgement of one cell for the report's tables (module docstring: Judgement)."""
    label = STATUS_LABELS.get(status, "—")
    if plan is None or actual is None or Decimal(actual) <= Decimal(plan):
        return label
    if higher_is_better(key):
        return OVER_PLAN
    return label if status == RED else OVER_PLAN_COST


@dataclass(frozen=True)
class GapNote:
    """What the gap record of a line and month says: its cause category and the response."""

    cause: str = ""
    response: str = ""


def sentence_label(key: str) -> str:
    return _SENTENCE_LABELS.get(key) or line_list.label(key)


def _kyen(amount: Decimal, negative: str) -> str:
    return f"{thousand_yen(amount, negative=negative)}千円"


def _signed_kyen(amount: Decimal, negative: str) -> str:
    text = _kyen(amount, negative)
    return f"+{text}" if amount > 0 and thousand_yen(amount) != "0" else text


def _percent(ratio: Decimal) -> str:
    return f"{group(ratio * 100, 1)}％"


def _body(key: str, cell: Cell, negative: str) -> str | None:
    if cell.plan is None or cell.actual is None:
        return None
    name = sentence_label(key)
    plan, actual, variance = cell.plan, cell.actual, cell.variance
    by_amount = plan <= 0 or (actual < 0 and higher_is_better(key))
    if by_amount or (cell.achievement is not None and cell.achievement > AMOUNT_ABOVE):
        opening = f"{name}は計画{_kyen(plan, negative)}に対し実績{_kyen(actual, negative)}で、"
        if variance == 0:
            return f"{opening}計画どおりでした。"
        direction = "上回りました" if variance > 0 else "下回りました"
        return f"{opening}計画を{_kyen(abs(variance), negative)}{direction}。"
    if higher_is_better(key):
        return f"{name}は計画比{_percent(cell.achievement)}（{_signed_kyen(variance, negative)}）でした。"
    if variance == 0:
        return f"{name}は計画どおりでした。"
    direction = "上回りました" if variance > 0 else "下回りました"
    rate = _percent(abs(cell.achievement - 1))
    return f"{name}は計画を{rate}（{_kyen(abs(variance), negative)}）{direction}。"


def _with_period(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "．", ".", "！", "？")) else f"{text}。"


def variance_sentence(
    key: str, cell: Cell, *, gap: GapNote | None = None, negative: str = TRIANGLE
) -> str | None:
    """The sentence for one line and month (module docstring: Wording); None without plan or actual.
    The gap's cause and response, when given, are appended."""
    text = _body(key, cell, negative)
    if text is None:
        return None
    if gap is not None:
        if gap.cause.strip():
            text += f"主因は{gap.cause.strip()}です。"
        if gap.response.strip():
            text += f"対応：{_with_period(gap.response)}"
    return text


def year_to_date_sentence(key: str, cell: Cell, *, period: str, negative: str = TRIANGLE) -> str | None:
    """「{period}の累計では、売上高は計画比…」; None without plan or actual."""
    text = _body(key, cell, negative)
    return None if text is None else f"{period}の累計では、{text}"


def draft_sentences(
    table: MonitoringTable,
    month,
    *,
    keys: Iterable[str] = REPORT_LINES,
    gaps: Mapping[str, GapNote] | None = None,
    negative: str = TRIANGLE,
) -> dict[str, str]:
    """The report's draft sentences for `month`: ``{"month.<line>": …, "ytd.<line>": …}`` in line order,
    for the lines that have both plan and actual. `gaps` maps a line key to its gap note for that month.
    The year-to-date sentence is left out in the fiscal year's first month (it would repeat the month)."""
    month = to_month(month)
    gaps = gaps or {}
    start = fiscal_year_start(month.fiscal_year(table.fiscal_year_end_month), table.fiscal_year_end_month)
    period = f"{start.month}月〜{month.month}月"
    sentences: dict[str, str] = {}
    for key in keys:
        column = table.row(key).at(month)
        text = variance_sentence(key, column.cell, gap=gaps.get(key), negative=negative)
        if text is not None:
            sentences[f"month.{key}"] = text
    if month != start:
        for key in keys:
            text = year_to_date_sentence(key, table.row(key).at(month).ytd, period=period, negative=negative)
            if text is not None:
                sentences[f"ytd.{key}"] = text
    return sentences
