"""The numeric targets of an improvement plan version (docs/domain.md §5.5) as the plan page shows them:
the figures come from engines/targets.py; this module loads the plan's months and year-end balances and
says, in Japanese words, what each target is and whether it meets its yardstick. Reads only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from banso.monitoring.engines.months import Month, fiscal_year_label
from banso.monitoring.engines.targets import (
    PlanTargets,
    RatioTarget,
    YearTarget,
    plan_targets,
    plan_year_figures,
)
from banso.monitoring.models import PlanAmount, PlanVersion

__all__ = ["TargetRow", "plan_targets_of", "target_rows"]

MEETS = "meets"
MISSES = "misses"
UNKNOWN = "unknown"

JUDGEMENT_TEXT = {
    MEETS: "目安を満たしています",
    MISSES: "目安を満たしていません",
    UNKNOWN: "判定できません",
}

# What each target measures, for the reader who does not know the council's rules of thumb.
_EXPLANATIONS = {
    "ordinary_profit": "経常利益が初めてプラスになる年度（計画初年度を1年目と数えます）",
    "net_assets": "純資産が初めてプラスになる年度",
    "debt_repayment_years": (
        "計画最終年度の（有利子負債−現預金−正常運転資金）÷（経常利益−法人税等＋減価償却費）"
    ),
    "debt_to_cash_flow": "計画最終年度の有利子負債÷（経常利益−法人税等＋減価償却費）",
    "ebitda_multiple": "計画最終年度の（有利子負債−現預金）÷（営業利益＋減価償却費）",
}


def plan_targets_of(version: PlanVersion) -> PlanTargets:
    """The §5.5 targets of `version`: its monthly plan amounts added up per fiscal year and the
    year-end balance inputs of its PlanYear rows, through engines/targets.py."""
    end_month = version.plan.company.fiscal_year_end_month
    amounts: dict[str, dict[Month, int]] = defaultdict(dict)
    for line, month, amount in PlanAmount.objects.filter(plan_version=version).values_list(
        "line", "month", "amount"
    ):
        amounts[line][Month.of(month)] = amount
    balances = {
        year.fiscal_year: {field: getattr(year, field) for field in year.BALANCE_FIELDS}
        for year in version.plan_years.all()
    }
    figures = plan_year_figures(
        amounts=amounts,
        balances=balances,
        fiscal_years=version.fiscal_years(end_month),
        fiscal_year_end_month=end_month,
    )
    return plan_targets(figures, fiscal_year_end_month=end_month)


@dataclass(frozen=True)
class TargetRow:
    key: str
    label: str
    explanation: str
    value_text: str  # "2027年3月期（計画2年目）", "8.4年", "—"
    yardstick: str  # "3年以内", "10年以下"
    judgement: str  # meets / misses / unknown
    note: str

    @property
    def judgement_text(self) -> str:
        return JUDGEMENT_TEXT[self.judgement]


def _judgement(meets: bool | None) -> str:
    if meets is None:
        return UNKNOWN
    return MEETS if meets else MISSES


def _value_text(target: YearTarget | RatioTarget, end_month: int) -> str:
    if isinstance(target, YearTarget):
        if target.fiscal_year is None:
            return "—"
        return f"{fiscal_year_label(target.fiscal_year, end_month)}（計画{target.plan_year}年目）"
    if target.value is None:
        return "—"
    unit = "年" if target.key == "debt_repayment_years" else "倍"
    return f"{target.value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}{unit}"


def target_rows(targets: PlanTargets, *, fiscal_year_end_month: int) -> list[TargetRow]:
    """One row per target in the order of §5.5, with the value and the judgement in words."""
    return [
        TargetRow(
            key=target.key,
            label=target.label,
            explanation=_EXPLANATIONS.get(target.key, ""),
            value_text=_value_text(target, fiscal_year_end_month),
            yardstick=target.yardstick,
            judgement=_judgement(target.meets),
            note=target.note,
        )
        for target in targets.all()
    ]
