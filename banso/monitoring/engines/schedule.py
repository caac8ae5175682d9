"""Monitoring due dates and fee caps of the public programmes (docs/domain.md §5.1).

* 早期経営改善計画策定支援 (`early_plan`): monitoring at the first 決算期 after the plan (standard), plus an
  optional 期中 point in that fiscal year. Caps: plan 15万円, monitoring 5万円 at 期中 and 5万円 at 決算期,
  +10万円 for 経営者保証解除 negotiation.
* 経営改善計画策定支援 (`plan_405`): *(Banso rule)* monitoring at every 決算期 and each 期中 point set in the
  plan, for the plan's first 3 fiscal years. Caps: monitoring fees 150万円 (subsidy ≤ 100万円); total
  subsidy 310万円 (700万円 under the SME restructuring guideline frame).

The rule is data (:class:`ScheduleRule`), editable per engagement. A point is *due* some months after
its period closes *(Banso rule, editable)*: a 決算期 point `closing_lag_months` (default 2: when the
決算書 and tax return exist) after the fiscal year's end, a 期中 point `interim_lag_months` (default 1:
the trial balance) after the interim month — on the last day of that month.

`due_within` and `overdue` take any objects with ``due_on`` and ``done_on`` (dates; ``done_on`` None
while open), e.g. the MonitoringDue rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from banso.monitoring.engines.months import Month, fiscal_year_label, fiscal_year_months

__all__ = [
    "CLOSING",
    "EARLY_PLAN",
    "FEE_CAPS",
    "INTERIM",
    "PLAN_405",
    "DuePoint",
    "FeeCaps",
    "ScheduleRule",
    "default_rule",
    "due_points",
    "due_within",
    "fee_cap_problems",
    "overdue",
    "rule_for",
]

EARLY_PLAN = "early_plan"
PLAN_405 = "plan_405"
PROGRAMME_LABELS = {EARLY_PLAN: "早期経営改善計画策定支援", PLAN_405: "経営改善計画策定支援（405事業）"}

CLOSING = "fiscal_year_end"  # as MonitoringDue.Kind
INTERIM = "interim"
KIND_LABELS = {CLOSING: "決算期", INTERIM: "期中"}


@dataclass(frozen=True)
class FeeCaps:
    """Yen caps of a programme (None where the programme has no such cap)."""

    plan: int | None = None
    closing_monitoring: int | None = None  # per 決算期 monitoring
    interim_monitoring: int | None = None  # per 期中 monitoring
    guarantee_release: int | None = None  # 経営者保証解除 negotiation
    monitoring_total: int | None = None  # all monitoring fees together
    monitoring_subsidy: int | None = None
    subsidy_total: int | None = None
    subsidy_total_guideline: int | None = None  # under the SME restructuring guideline frame


FEE_CAPS = {
    EARLY_PLAN: FeeCaps(
        plan=150_000, closing_monitoring=50_000, interim_monitoring=50_000, guarantee_release=100_000
    ),
    PLAN_405: FeeCaps(
        monitoring_total=1_500_000,
        monitoring_subsidy=1_000_000,
        subsidy_total=3_100_000,
        subsidy_total_guideline=7_000_000,
    ),
}


@dataclass(frozen=True)
class ScheduleRule:
    programme: str
    first_fiscal_year: int  # the first 決算期 after the plan, named by the calendar year it ends in
    fiscal_year_end_month: int
    years: int  # how many fiscal years have monitoring
    interim_months: tuple[int, ...] = ()  # calendar months (1–12) of the 期中 points
    closing_lag_months: int = 2
    interim_lag_months: int = 1

    def __post_init__(self):
        if self.programme not in (EARLY_PLAN, PLAN_405):
            raise ValueError(f"unknown programme: {self.programme!r}")
        if not 1 <= self.years <= 10:
            raise ValueError("モニタリングの年数は1〜10年で指定してください。")
        for month in self.interim_months:
            if not 1 <= month <= 12 or month == self.fiscal_year_end_month:
                raise ValueError("期中のモニタリング月は決算月以外の1〜12月で指定してください。")
        if self.programme == EARLY_PLAN and len(self.interim_months) > 1:
            raise ValueError("早期経営改善計画の期中モニタリングは1回までです。")
        if self.closing_lag_months < 0 or self.interim_lag_months < 0:
            raise ValueError("提出までの月数は0以上で指定してください。")


def default_rule(
    programme: str, *, first_fiscal_year: int, fiscal_year_end_month: int, interim_months: Iterable[int] = ()
) -> ScheduleRule:
    """early_plan: the first 決算期 only (1 year); plan_405: 3 years (docs/domain.md §5.1)."""
    return ScheduleRule(
        programme=programme,
        first_fiscal_year=first_fiscal_year,
        fiscal_year_end_month=fiscal_year_end_month,
        years=1 if programme == EARLY_PLAN else 3,
        interim_months=tuple(sorted(set(interim_months))),
    )


def rule_for(
    programme: str,
    *,
    plan_fiscal_year_end: dt.date,
    interim_months: Iterable[int] = (),
    years: int | None = None,
) -> ScheduleRule:
    """The rule of a MonitoringSchedule row: its first 決算日 after the plan gives the fiscal year and the
    決算月; `years` defaults to the programme's (early_plan 1, plan_405 3)."""
    rule = default_rule(
        programme,
        first_fiscal_year=plan_fiscal_year_end.year,
        fiscal_year_end_month=plan_fiscal_year_end.month,
        interim_months=interim_months,
    )
    return rule if years is None else replace(rule, years=years)


@dataclass(frozen=True)
class DuePoint:
    kind: str  # CLOSING / INTERIM
    fiscal_year: int
    period_end: Month  # the month whose figures are reported
    due_on: dt.date
    fee_cap_yen: int | None

    @property
    def label(self) -> str:
        """'2027年3月期 決算期' / '2026年9月 期中'."""
        if self.kind == CLOSING:
            return f"{fiscal_year_label(self.fiscal_year, self.period_end.month)} 決算期"
        return f"{self.period_end.label} 期中"


def due_points(rule: ScheduleRule) -> list[DuePoint]:
    """Every monitoring point of the rule, in date order."""
    caps = FEE_CAPS[rule.programme]
    points = []
    for offset in range(rule.years):
        fiscal_year = rule.first_fiscal_year + offset
        months = fiscal_year_months(fiscal_year, rule.fiscal_year_end_month)
        for month in months[:-1]:
            if month.month in rule.interim_months:
                points.append(
                    DuePoint(
                        INTERIM,
                        fiscal_year,
                        month,
                        (month + rule.interim_lag_months).last_day,
                        caps.interim_monitoring,
                    )
                )
        closing = months[-1]
        points.append(
            DuePoint(
                CLOSING,
                fiscal_year,
                closing,
                (closing + rule.closing_lag_months).last_day,
                caps.closing_monitoring,
            )
        )
    return sorted(points, key=lambda point: point.due_on)


def due_within(dues: Iterable, days: int, today: dt.date) -> list:
    """Open dues (no done_on) falling today … today + days, soonest first."""
    until = today + dt.timedelta(days=days)
    found = [due for due in dues if due.done_on is None and today <= due.due_on <= until]
    return sorted(found, key=lambda due: due.due_on)


def overdue(dues: Iterable, today: dt.date) -> list:
    """Open dues whose date has passed, oldest first."""
    return sorted((due for due in dues if due.done_on is None and due.due_on < today), key=lambda d: d.due_on)


def fee_cap_problems(programme: str, fees: Iterable[tuple[str, int]]) -> list[str]:
    """Japanese messages for monitoring fees ``(kind, yen)`` above the programme's caps."""
    caps = FEE_CAPS[programme]
    problems = []
    total = 0
    for kind, fee in fees:
        total += fee
        cap = caps.closing_monitoring if kind == CLOSING else caps.interim_monitoring
        if cap is not None and fee > cap:
            problems.append(f"{KIND_LABELS[kind]}のモニタリング費用{fee:,}円が上限{cap:,}円を超えています。")
    if caps.monitoring_total is not None and total > caps.monitoring_total:
        problems.append(f"モニタリング費用の合計{total:,}円が上限{caps.monitoring_total:,}円を超えています。")
    return problems
