"""Spreading a plan year's annual amounts over its twelve months, in whole yen.

- even: the year divided by twelve; the yen left over go one each to the first months, so the
  months add up to the year exactly.
- seasonal: in proportion to last year's actual months (largest remainder, so the months add up
  exactly); falls back to even when last year's months are incomplete, negative or add up to ≤ 0.
- manual: the months are typed; `manual_difference` / `check_manual` say whether they add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

EVEN = "even"
SEASONAL = "seasonal"
MANUAL = "manual"
MONTHS = 12


def spread_even(total: int, months: int = MONTHS) -> list[int]:
    """`total` yen over `months` months; the remainder one yen each to the first months."""
    sign = -1 if total < 0 else 1
    base, remainder = divmod(abs(int(total)), months)
    return [sign * (base + (1 if i < remainder else 0)) for i in range(months)]


def seasonal_weights_usable(weights: Sequence[Decimal | int | None] | None, months: int = MONTHS) -> bool:
    if weights is None or len(weights) != months or any(w is None for w in weights):
        return False
    return all(w >= 0 for w in weights) and sum(weights) > 0


def spread_seasonal(total: int, weights: Sequence[Decimal | int | None] | None) -> list[int] | None:
    """`total` yen in proportion to `weights` (last year's 12 actual months); None when the weights
    cannot be used (missing months, negative months or a total ≤ 0)."""
    if not seasonal_weights_usable(weights):
        return None
    weights = [Decimal(w) for w in weights]
    whole = sum(weights)
    sign = -1 if total < 0 else 1
    amount = Decimal(abs(int(total)))
    raw = [amount * w / whole for w in weights]
    floors = [int(r.to_integral_value(rounding=ROUND_FLOOR)) for r in raw]
    left = int(amount) - sum(floors)
    # the yen left go to the months with the largest fractions (earlier month first on ties)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * value for value in floors]


def spread(
    total: int, method: str, weights: Sequence[Decimal | int | None] | None = None
) -> tuple[list[int], str]:
    """(the twelve months, the method used). Manual years are spread evenly as a starting point."""
    if method == SEASONAL:
        amounts = spread_seasonal(total, weights)
        if amounts is not None:
            return amounts, SEASONAL
    return spread_even(total), EVEN


def manual_difference(months: Sequence[int | None], year_total: int) -> int:
    """Sum of the months minus the year (0 when they add up); an empty month counts as 0."""
    return sum(int(m or 0) for m in months) - int(year_total)


def check_manual(
    months: Sequence[int | None], year_total: int, *, line_label: str, year_label: str
) -> str | None:
    """None when the months add up to the year; else a Japanese message naming line, year and difference."""
    difference = manual_difference(months, year_total)
    if difference == 0:
        return None
    months_total = sum(int(m or 0) for m in months)
    direction = "多く" if difference > 0 else "少なく"
    return (
        f"{line_label}（{year_label}）: 月の合計 {months_total:,}円 が年間 {int(year_total):,}円 より"
        f" {abs(difference):,}円 {direction}なっています。月の合計を年間の金額に合わせてください。"
    )
