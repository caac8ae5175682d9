from decimal import Decimal

import pytest

from banso.monitoring.engines import kpi
from banso.monitoring.engines.variance import AMBER, NONE, OK, RED, Thresholds

D = Decimal


def test_achievement_reads_the_same_way_for_both_directions():
    assert kpi.achievement(D(20), D(17), kpi.HIGHER) == D("0.85")  # 訪問件数 17 of 20
    assert kpi.achievement(D(20), D(25), kpi.LOWER) == D("0.8")  # 残業時間 25h against 20h
    assert kpi.achievement(D(20), D(10), kpi.LOWER) == D(2)


@pytest.mark.parametrize(
    ("target", "actual", "direction"),
    [(None, D(1), kpi.HIGHER), (D(0), D(1), kpi.HIGHER), (D(-5), D(1), kpi.LOWER), (D(5), None, kpi.HIGHER)],
)
def test_no_achievement_without_a_positive_target_or_an_actual(target, actual, direction):
    assert kpi.achievement(target, actual, direction) is None
    assert kpi.kpi_status(target, actual, direction) == NONE


def test_status_uses_the_thresholds():
    assert kpi.kpi_status(D(100), D(90), kpi.HIGHER) == OK
    assert kpi.kpi_status(D(100), D(85), kpi.HIGHER) == AMBER
    assert kpi.kpi_status(D(100), D(79), kpi.HIGHER) == RED
    assert kpi.kpi_status(D(20), D(25), kpi.LOWER) == AMBER  # 0.8
    assert kpi.kpi_status(D(20), D("25.1"), kpi.LOWER) == RED
    assert kpi.kpi_status(D(20), D(0), kpi.LOWER) == OK  # no overtime at all
    assert kpi.kpi_status(D(100), D(94), kpi.HIGHER, Thresholds(D("0.95"), D("0.9"))) == AMBER


def test_points_in_month_order_and_trend_by_direction():
    months = {"2025-06": (D(20), D(18)), "2025-04": (D(20), D(12)), "2025-05": (D(20), None)}
    points = kpi.kpi_points(months, kpi.HIGHER)
    assert [str(p.month) for p in points] == ["2025-04", "2025-05", "2025-06"]
    assert [p.status for p in points] == [RED, NONE, OK]
    assert points[2].achievement == D("0.9")
    assert kpi.trend(points, kpi.HIGHER) == kpi.IMPROVING  # 12 → 18, May has no actual
    assert kpi.trend(points, kpi.LOWER) == kpi.WORSENING
    assert kpi.trend(points[:2], kpi.HIGHER) is None
    flat = kpi.kpi_points({"2025-04": (None, D(3)), "2025-05": (None, D(3))}, kpi.LOWER)
    assert kpi.trend(flat, kpi.LOWER) == kpi.FLAT


def test_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        kpi.achievement(D(1), D(1), "sideways")
