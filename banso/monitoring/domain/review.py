"""The month's review (月次レビュー): what is still missing for a month and the warnings to raise
before the meeting. The figures come from domain/table.py; this module only reads records."""

from __future__ import annotations

from dataclasses import dataclass

from banso.monitoring.domain.cashflow import cash_warning
from banso.monitoring.domain.gaps import gap_runs, gaps_by_cell
from banso.monitoring.domain.meetings import meeting_of
from banso.monitoring.domain.table import CompanyTable
from banso.monitoring.engines import lines
from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonthlyActual, NextMonthAction

__all__ = ["Missing", "Warning", "missing_items", "warnings"]


@dataclass(frozen=True)
class Missing:
    code: str  # no_actuals / gap_unrecorded / gap_without_response / actions_not_reviewed / meeting
    text: str


@dataclass(frozen=True)
class Warning:
    code: str  # repeating_gap / cash_shortfall
    text: str


def missing_items(company, month: Month, built: CompanyTable) -> list[Missing]:
    """The checklist of the month: no actuals yet, highlighted cells without a gap record, gaps
    without a response, the actions set for this month not reviewed, the meeting not recorded."""
    items = []
    if not MonthlyActual.objects.filter(company=company, month=month.first_day).exists():
        items.append(Missing("no_actuals", f"{month.label}の実績がまだ入力されていません。"))
    gaps = gaps_by_cell(company, month, month)
    unrecorded = [
        lines.label(key)
        for key, flagged_month, _ in built.flagged()
        if flagged_month == month and (key, month) not in gaps
    ]
    if unrecorded:
        items.append(
            Missing("gap_unrecorded", f"乖離の原因が未記録の科目があります: {'、'.join(unrecorded)}。")
        )
    no_response = [lines.label(gap.line) for gap in gaps.values() if not gap.response]
    if no_response:
        items.append(
            Missing(
                "gap_without_response",
                f"対応が未記入の乖離があります: {'、'.join(sorted(no_response))}。",
            )
        )
    not_reviewed = NextMonthAction.objects.filter(
        company=company, month=month.first_day, review=NextMonthAction.Review.NOT_REVIEWED
    ).count()
    if not_reviewed:
        items.append(
            Missing(
                "actions_not_reviewed",
                f"前月に決めた{month.label}の重点アクションのうち{not_reviewed}件が未評価です。",
            )
        )
    if meeting_of(company, month) is None:
        items.append(Missing("meeting", f"{month.label}の月次ミーティングの記録がまだありません。"))
    return items


def warnings(company, month: Month | None) -> list[Warning]:
    """Before the meeting: cash projected to run short (the 資金繰り表's warning, naming the month), then
    each gap in `month` on a line that also had one the month before (repeating; none without a month)."""
    found = []
    cash = cash_warning(company)
    if cash:
        found.append(Warning("cash_shortfall", cash))
    if month is None:
        return found
    for (key, gap_month), run in sorted(gap_runs(company).items(), key=lambda item: item[0][0]):
        if gap_month == month and run.repeating:
            streak = month - run.first_month + 1
            found.append(
                Warning(
                    "repeating_gap",
                    f"{lines.label(key)}の乖離が{streak}か月続いています（{run.first_month.label}から）。"
                    "対応が効いているか確認してください。",
                )
            )
    return found
