"""KPI sheet (KPI管理シート, issue 9 part 7): achievement by direction, status and trend.

* Achievement (達成率) reads the same way for both directions — 1 (100 %) or more means the target was
  met: higher-is-better → 実績 ÷ 目標; lower-is-better (残業時間, 在庫日数 …) → 目標 ÷ 実績. ``None`` when
  the target is missing or ≤ 0, or the actual is missing; a lower-is-better actual of 0 (or less) has
  no ratio but meets any target (status ``ok``).
* Status uses the organization's thresholds of the monitoring table (variance.Thresholds): achievement
  ≥ amber → ok, ≥ red → amber, else red; ``none`` without a ratio (except the case above).
* Trend compares the latest actual with the one before (months with an actual only), in the KPI's
  direction: ``improving`` / ``worsening`` / ``flat``; ``None`` with fewer than two actuals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from banso.monitoring.engines.months import Month, to_month
from banso.monitoring.engines.variance import AMBER, DEFAULT_THRESHOLDS, NONE, OK, RED, Thresholds

__all__ = [
    "HIGHER",
    "IMPROVING",
    "LOWER",
    "KpiPoint",
    "achievement",
    "kpi_points",
    "kpi_status",
    "trend",
]

HIGHER = "higher"
LOWER = "lower"
DIRECTION_LABELS = {HIGHER: "高いほど良い", LOWER: "低いほど良い"}

IMPROVING = "improving"
WORSENING = "worsening"
FLAT = "flat"
TREND_LABELS = {IMPROVING: "改善", WORSENING: "悪化", FLAT: "横ばい"}


def _check_direction(direction: str) -> None:
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"unknown KPI direction: {direction!r}")


def achievement(target: Decimal | None, actual: Decimal | None, direction: str) -> Decimal | None:
    """達成率 as a ratio (module docstring)."""
    _check_direction(direction)
    if target is None or actual is None or target <= 0:
        return None
    if direction == HIGHER:
        return Decimal(actual) / Decimal(target)
    if actual <= 0:
        return None
    return Decimal(target) / Decimal(actual)


def kpi_status(
    target: Decimal | None,
    actual: Decimal | None,
    direction: str,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> str:
    ratio = achievement(target, actual, direction)
    if ratio is None:
        if direction == LOWER and target is not None and target > 0 and actual is not None and actual <= 0:
            return OK
        return NONE
    if ratio >= thresholds.amber:
        return OK
    return AMBER if ratio >= thresholds.red else RED


@dataclass(frozen=True)
class KpiPoint:
    month: Month
    target: Decimal | None
    actual: Decimal | None
    achievement: Decimal | None
    status: str


def kpi_points(
    months: Mapping[object, tuple[Decimal | None, Decimal | None]],
    direction: str,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> list[KpiPoint]:
    """One point per month (``{month: (target, actual)}``), in month order."""
    points = []
    for month_like, (target, actual) in months.items():
        points.append(
            KpiPoint(
                month=to_month(month_like),
                target=target,
                actual=actual,
                achievement=achievement(target, actual, direction),
                status=kpi_status(target, actual, direction, thresholds),
            )
        )
    return sorted(points, key=lambda point: point.month)


def trend(points: list[KpiPoint], direction: str) -> str | None:
    """improving / worsening / flat from the last two months that have an actual (module docstring)."""
    _check_direction(direction)
    actuals = [point.actual for point in sorted(points, key=lambda p: p.month) if point.actual is not None]
    if len(actuals) < 2:
        return None
    previous, latest = actuals[-2], actuals[-1]
    if latest == previous:
        return FLAT
    better = latest > previous if direction == HIGHER else latest < previous
    return IMPROVING if better else WORSENING
