"""What the monitoring report's PDF and Excel share: labels and the display of the figures snapshot
(banso/monitoring/domain/report_figures.py). Both files read the figures only, never the database."""

from __future__ import annotations

from decimal import Decimal

from banso.core import formatting
from banso.core.exporters import safe_filename
from banso.monitoring.engines import lines as line_list
from banso.monitoring.engines.months import to_month
from banso.monitoring.engines.sentences import judgement_label

TITLE = "モニタリング報告書"
STATUS_LABELS = {"ok": "計画どおり", "amber": "注意", "red": "要対応", "none": "—"}
# The rows of the report's plan-vs-actual tables (docs/domain.md §5.3), in table order.
REPORT_TABLE_LINES = (
    "net_sales",
    "cost_of_sales",
    "gross_profit",
    "sga",
    "personnel_costs",
    "depreciation",
    "operating_income",
    "ordinary_income",
    "net_income",
    "cash_and_deposits",
    "borrowings",
)
TREND_KEYS = ("net_sales", "gross_profit", "operating_income")


def month_label(text: str | None) -> str:
    return to_month(text).label if text else ""


def period_label(figures: dict) -> str:
    first, last = to_month(figures["from_month"]), to_month(figures["to_month"])
    return first.label if first == last else f"{first.label}〜{last.label}"


def kyen(amount) -> str:
    """Yen shown in 千円 with the house negative mark; '—' when unknown."""
    return formatting.thousand_yen(amount)


def pct(ratio) -> str:
    return formatting.percent(ratio, is_ratio=True) if ratio is not None else "—"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, "—")


def line_judgement(key: str, cell: dict) -> str:
    """The 判定 of one line's cell (a month or its year to date) of the figures: 計画超過 above plan."""
    return judgement_label(key, cell["plan"], cell["actual"], cell["status"])


def report_lines(figures: dict) -> list[dict]:
    by_key = {row["key"]: row for row in figures["lines"]}
    return [by_key[key] for key in REPORT_TABLE_LINES if key in by_key]


def column(row: dict, month: str) -> dict:
    return next(c for c in row["months"] if c["month"] == month)


def target_value(target: dict, end_month: int) -> str:
    if target["kind"] == "year":
        if target.get("fiscal_year") is None:
            return "—"
        return f"{target['fiscal_year']}年{end_month}月期（計画{target['plan_year']}年目）"
    if target.get("value") is None:
        return "—"
    unit = "年" if target["key"] == "debt_repayment_years" else "倍"
    return f"{formatting.group(Decimal(target['value']), 1)}{unit}"


def meets_label(meets) -> str:
    return {True: "達成見込み", False: "未達", None: "—"}[meets]


def kpi_number(value) -> str:
    if value is None:
        return "—"
    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 2
    return formatting.group(number, places)


def measure_period(measure: dict) -> str:
    parts = [month_label(measure.get("start_month")), month_label(measure.get("end_month"))]
    return "〜".join(p for p in parts if p) or "—"


def to_month_of(figures: dict):
    return to_month(figures["to_month"])


def _sentence_order(key: str) -> tuple:
    scope, _, line = key.partition(".")
    line_index = line_list.LINE_KEYS.index(line) if line in line_list.LINE_KEYS else 99
    return ({"month": 0, "ytd": 1}.get(scope, 2), line_index, key)


def sentence_label(key: str, figures: dict) -> str:
    """'当月（2026年9月）: 売上高' / '累計（2026年4月〜2026年9月）: 売上高'."""
    scope, _, line = key.partition(".")
    name = line_list.label(line) if line in line_list.LINE_KEYS else line
    if scope == "month":
        return f"当月（{to_month(figures['to_month']).label}）：{name}"
    if scope == "ytd":
        return f"累計（{figures.get('ytd_label', '')}）：{name}"
    return name


def sentence_items(report) -> list[tuple[str, str, str]]:
    """(key, label, text) of the report's sentences in the table's line order, month before year to date
    (JSON objects do not keep their order on every database)."""
    return [
        (key, sentence_label(key, report.figures), report.sentences[key])
        for key in sorted(report.sentences, key=_sentence_order)
    ]


def export_filename(figures: dict, extension: str) -> str:
    """モニタリング報告書_株式会社〇〇_2026年3月.pdf (the month the report runs to)."""
    return safe_filename(TITLE, figures["company"]["name"], to_month_of(figures).label, extension=extension)
