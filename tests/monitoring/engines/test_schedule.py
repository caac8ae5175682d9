import datetime as dt
from dataclasses import dataclass

import pytest

from banso.monitoring.engines import schedule
from banso.monitoring.engines.schedule import CLOSING, EARLY_PLAN, INTERIM, PLAN_405, ScheduleRule


def _points(rule):
    return [
        (p.kind, p.fiscal_year, str(p.period_end), p.due_on, p.fee_cap_yen) for p in schedule.due_points(rule)
    ]


def test_early_plan_first_closing_after_the_plan_with_an_optional_interim_point():
    rule = schedule.default_rule(
        EARLY_PLAN, first_fiscal_year=2027, fiscal_year_end_month=3, interim_months=[9]
    )
    assert _points(rule) == [
        (INTERIM, 2027, "2026-09", dt.date(2026, 10, 31), 50_000),
        (CLOSING, 2027, "2027-03", dt.date(2027, 5, 31), 50_000),
    ]
    plain = schedule.default_rule(EARLY_PLAN, first_fiscal_year=2027, fiscal_year_end_month=3)
    assert len(schedule.due_points(plain)) == 1
    assert schedule.due_points(plain)[0].label == "2027年3月期 決算期"
    assert schedule.due_points(rule)[0].label == "2026年9月 期中"


def test_plan_405_every_closing_and_interim_point_for_three_years():
    rule = schedule.default_rule(
        PLAN_405, first_fiscal_year=2026, fiscal_year_end_month=12, interim_months=[6]
    )
    points = _points(rule)
    assert [(kind, str_month, due) for kind, _fy, str_month, due, _cap in points] == [
        (INTERIM, "2026-06", dt.date(2026, 7, 31)),
        (CLOSING, "2026-12", dt.date(2027, 2, 28)),
        (INTERIM, "2027-06", dt.date(2027, 7, 31)),
        (CLOSING, "2027-12", dt.date(2028, 2, 29)),  # leap year
        (INTERIM, "2028-06", dt.date(2028, 7, 31)),
        (CLOSING, "2028-12", dt.date(2029, 2, 28)),
    ]
    assert all(cap is None for *_rest, cap in points)  # 405: one total cap, none per point


def test_rule_is_editable_data():
    rule = ScheduleRule(
        PLAN_405,
        first_fiscal_year=2027,
        fiscal_year_end_month=3,
        years=2,
        interim_months=(9, 12),
        closing_lag_months=3,
    )
    points = schedule.due_points(rule)
    assert len(points) == 6
    assert points[-1].due_on == dt.date(2028, 6, 30)
    with pytest.raises(ValueError, match="決算月以外"):
        ScheduleRule(PLAN_405, first_fiscal_year=2027, fiscal_year_end_month=3, years=3, interim_months=(3,))
    with pytest.raises(ValueError, match="1回まで"):
        ScheduleRule(
            EARLY_PLAN, first_fiscal_year=2027, fiscal_year_end_month=3, years=1, interim_months=(6, 9)
        )


@dataclass
class Due:
    due_on: dt.date
    done_on: dt.date | None = None


def test_due_within_and_overdue_lists():
    today = dt.date(2026, 11, 10)
    dues = [
        Due(dt.date(2026, 11, 9)),  # overdue
        Due(dt.date(2026, 11, 10)),  # due today
        Due(dt.date(2026, 12, 10)),  # exactly 30 days
        Due(dt.date(2026, 12, 11)),  # too far
        Due(dt.date(2026, 11, 1), done_on=dt.date(2026, 10, 30)),  # done
    ]
    assert schedule.due_within(dues, 30, today) == [dues[1], dues[2]]
    assert schedule.overdue(dues, today) == [dues[0]]


def test_fee_caps_are_checked():
    assert schedule.fee_cap_problems(EARLY_PLAN, [(CLOSING, 50_000), (INTERIM, 50_000)]) == []
    assert schedule.fee_cap_problems(EARLY_PLAN, [(CLOSING, 60_000)]) == [
        "決算期のモニタリング費用60,000円が上限50,000円を超えています。"
    ]
    assert schedule.fee_cap_problems(PLAN_405, [(CLOSING, 500_000)] * 3) == []
    assert schedule.fee_cap_problems(PLAN_405, [(CLOSING, 500_000)] * 3 + [(INTERIM, 1)]) == [
        "モニタリング費用の合計1,500,001円が上限1,500,000円を超えています。"
    ]


def test_rule_for_a_schedule_row_reads_the_fiscal_year_from_the_first_closing_date():
    rule = schedule.rule_for(PLAN_405, plan_fiscal_year_end=dt.date(2027, 3, 31), interim_months=[9], years=2)
    assert (rule.first_fiscal_year, rule.fiscal_year_end_month, rule.years) == (2027, 3, 2)
    assert [str(p.period_end) for p in schedule.due_points(rule)] == [
        "2026-09",
        "2027-03",
        "2027-09",
        "2028-03",
    ]
    assert schedule.rule_for(EARLY_PLAN, plan_fiscal_year_end=dt.date(2027, 3, 31)).years == 1
