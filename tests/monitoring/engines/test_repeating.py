import datetime as dt

from banso.monitoring.engines.months import Month
from banso.monitoring.engines.repeating import run_of, runs, streak_until

GAPS = [
    ("net_sales", "2025-11"),
    ("net_sales", "2025-12"),
    ("net_sales", dt.date(2026, 1, 15)),  # across the calendar year
    ("net_sales", "2026-01"),  # a second record of the same month counts once
    ("net_sales", "2026-03"),
    ("sga", "2025-12"),
]


def test_runs_group_consecutive_months_per_line():
    found = [
        (run.line, str(run.first_month), str(run.last_month), run.length, run.repeating) for run in runs(GAPS)
    ]
    assert found == [
        ("net_sales", "2025-11", "2026-01", 3, True),
        ("net_sales", "2026-03", "2026-03", 1, False),
        ("sga", "2025-12", "2025-12", 1, False),
    ]


def test_each_gap_knows_its_run():
    by_gap = run_of(GAPS)
    assert by_gap[("net_sales", Month(2025, 12))].length == 3
    assert by_gap[("net_sales", Month(2026, 3))].repeating is False
    assert ("sga", Month(2026, 1)) not in by_gap


def test_streak_until_a_month():
    assert streak_until(GAPS, "net_sales", "2026-01") == 3
    assert streak_until(GAPS, "net_sales", "2026-02") == 0
    assert streak_until(GAPS, "sga", "2025-12") == 1
    assert streak_until([], "sga", "2025-12") == 0
    assert runs([]) == []
