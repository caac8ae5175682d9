"""Checks on one year's financial statement before it may be confirmed (確定) and scored. No Django.

A statement with a problem can still be kept as a draft (下書き), but it is never scored: the local
benchmark only reads confirmed statements. Amounts are yen (int); ``tolerance`` (yen) absorbs the
rounding of figures typed in 千円 (setting BANSO_STATEMENT_TOLERANCE_YEN).

The balance rule 総資産 = 負債 + 純資産 needs 負債合計, which the indicators do not use:
* when 負債合計 is entered, the check is exact: |総資産 − (負債合計 + 純資産)| ≤ tolerance, and the
  entered liability lines (買入債務, 借入金, 社債, リース債務) must fit inside 負債合計;
* when it is not, the implied 負債合計 (総資産 − 純資産) must not be negative and must hold the entered
  liability lines — weaker, so a note on the form says so.
Either way the entered asset lines (現預金, 売上債権, 棚卸資産) must fit inside 総資産.
営業利益 = 売上高 − 売上原価 − 販管費 is checked when 売上原価 or 販管費 is entered (a missing one counts 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from banso.diagnosis.engines.statement_lines import (
    ASSET_DETAIL_KEYS,
    LIABILITY_DETAIL_KEYS,
    LINES,
    SHORT_LABELS,
)


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # the line the message is about ("" for the statement as a whole)
    message: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self) -> list[str]:
        return [p.message for p in self.problems]


def money(amount: int) -> str:
    """'12,345千円' when the amount is whole 千円, else exact yen '12,345,678円'; negatives with △."""
    sign = "△" if amount < 0 else ""
    amount = abs(amount)
    if amount % 1000 == 0:
        return f"{sign}{amount // 1000:,}千円"
    return f"{sign}{amount:,}円"


def _sum(values: Mapping[str, int | None], keys) -> int:
    return sum(values.get(k) or 0 for k in keys)


def _entered(values: Mapping[str, int | None], keys) -> bool:
    return any(values.get(k) is not None for k in keys)


def check_statement(
    values: Mapping[str, int | None], *, employees: int | None, tolerance: int
) -> CheckResult:
    """Problems that stop the statement being confirmed, and notes worth showing beside the form."""
    problems: list[Problem] = []
    notes: list[str] = []

    for line in LINES:
        if line.required_for_final and values.get(line.key) is None:
            problems.append(Problem(line.key, f"確定するには{SHORT_LABELS[line.key]}を入力してください。"))
    if employees is None:
        problems.append(Problem("employees", "確定するには従業員数を入力してください。"))

    total_assets = values.get("total_assets")
    net_assets = values.get("net_assets")
    total_liabilities = values.get("total_liabilities")
    liability_lines = _sum(values, LIABILITY_DETAIL_KEYS)
    asset_lines = _sum(values, ASSET_DETAIL_KEYS)

    if total_assets is not None and net_assets is not None:
        if total_liabilities is not None:
            difference = total_assets - (total_liabilities + net_assets)
            if abs(difference) > tolerance:
                problems.append(
                    Problem(
                        "total_liabilities",
                        "貸借が一致しません。総資産 "
                        f"{money(total_assets)} に対し、負債合計 {money(total_liabilities)} ＋ 純資産 "
                        f"{money(net_assets)} ＝ {money(total_liabilities + net_assets)} です"
                        f"（差額 {money(difference)}）。決算書の数字をご確認ください。",
                    )
                )
        else:
            implied = total_assets - net_assets
            if implied < -tolerance:
                problems.append(
                    Problem(
                        "net_assets",
                        f"純資産 {money(net_assets)} が総資産 {money(total_assets)} を上回っています"
                        "（負債がマイナスになります）。決算書の数字をご確認ください。",
                    )
                )
            elif liability_lines > implied + tolerance:
                problems.append(
                    Problem(
                        "total_assets",
                        "買入債務・借入金などの負債の内訳の合計 "
                        f"{money(liability_lines)} が、総資産 − 純資産 ＝ {money(implied)} を超えています。"
                        "貸借が一致しません。決算書の数字をご確認ください。",
                    )
                )
            notes.append(
                "負債合計が未入力のため、貸借の一致は負債の内訳の範囲でしか確認していません。"
                "負債合計を入力すると「総資産 ＝ 負債合計 ＋ 純資産」を確認できます。"
            )
    if total_liabilities is not None and liability_lines > total_liabilities + tolerance:
        problems.append(
            Problem(
                "total_liabilities",
                f"負債の内訳（買入債務・借入金・社債・リース債務）の合計 {money(liability_lines)} が"
                f"負債合計 {money(total_liabilities)} を超えています。",
            )
        )
    if total_assets is not None and asset_lines > total_assets + tolerance:
        problems.append(
            Problem(
                "total_assets",
                f"資産の内訳（現金及び預金・売上債権・棚卸資産）の合計 {money(asset_lines)} が"
                f"総資産 {money(total_assets)} を超えています。",
            )
        )

    net_sales = values.get("net_sales")
    operating_income = values.get("operating_income")
    if net_sales is not None and operating_income is not None and _entered(values, ("cost_of_sales", "sga")):
        cost, sga = values.get("cost_of_sales") or 0, values.get("sga") or 0
        computed = net_sales - cost - sga
        if abs(computed - operating_income) > tolerance:
            problems.append(
                Problem(
                    "operating_income",
                    f"営業利益が合いません。売上高 {money(net_sales)} − 売上原価 {money(cost)} − 販管費 "
                    f"{money(sga)} ＝ {money(computed)}（売上総利益 {money(net_sales - cost)} − 販管費）"
                    f"ですが、営業利益は {money(operating_income)} です"
                    f"（差額 {money(operating_income - computed)}）。",
                )
            )
    return CheckResult(problems=tuple(problems), notes=tuple(notes))
