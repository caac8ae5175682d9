import datetime as dt

import pytest

from banso.monitoring.engines.months import (
    Month,
    MonthError,
    fiscal_year_label,
    fiscal_year_months,
    fiscal_year_start,
    months_between,
    to_month,
)


def test_parse_and_format_round_trip():
    month = Month.parse("2026-04")
    assert month == Month(2026, 4)
    assert str(month) == "2026-04"
    assert month.label == "2026年4月"
    assert month.first_day == dt.date(2026, 4, 1)
    assert month.last_day == dt.date(2026, 4, 30)
    assert Month(2024, 2).last_day == dt.date(2024, 2, 29)
    assert str(Month(2026, 12)) == "2026-12"


@pytest.mark.parametrize(
    "text",
    [
        "2026-4",
        "2026/04",
        "2026-13",
        "2026-00",
        " 2026-04",
        "2026-04-01",
        "2026-04\n",
        "26-04",
        "",
        "２０２６-０４",
        None,
        202604,
    ],
)
def test_parse_is_strict_with_a_japanese_message(text):
    with pytest.raises(MonthError) as excinfo:
        Month.parse(text)
    assert "月" in str(excinfo.value)


def test_arithmetic_crosses_years():
    assert Month(2026, 11) + 3 == Month(2027, 2)
    assert Month(2026, 1) - 1 == Month(2025, 12)
    assert Month(2027, 2) - Month(2026, 11) == 3
    assert Month(2026, 1) + (-13) == Month(2024, 12)
    assert Month(2025, 12) < Month(2026, 1)
    assert months_between(Month(2025, 11), Month(2026, 2)) == [
        Month(2025, 11), Month(2025, 12), Month(2026, 1), Month(2026, 2)
    ]  # fmt: skip
    assert months_between(Month(2026, 2), Month(2026, 1)) == []


def test_fiscal_years_named_by_the_year_they_end():
    # 3月決算: April 2025 … March 2026 is FY2026 (2026年3月期).
    assert Month(2025, 4).fiscal_year(3) == 2026
    assert Month(2026, 3).fiscal_year(3) == 2026
    assert Month(2026, 4).fiscal_year(3) == 2027
    assert Month(2026, 12).fiscal_year(12) == 2026
    assert Month(2026, 1).fiscal_year(12) == 2026
    assert fiscal_year_start(2026, 3) == Month(2025, 4)
    assert fiscal_year_start(2026, 12) == Month(2026, 1)
    months = fiscal_year_months(2026, 3)
    assert len(months) == 12 and months[0] == Month(2025, 4) and months[-1] == Month(2026, 3)
    assert Month(2025, 4).is_fiscal_year_start(3)
    assert not Month(2025, 3).is_fiscal_year_start(3)
    assert Month(2026, 1).is_fiscal_year_start(12)
    assert fiscal_year_label(2026, 3) == "2026年3月期"
    with pytest.raises(MonthError):
        Month(2026, 4).fiscal_year(13)


def test_to_month_accepts_dates_months_and_text():
    assert to_month(dt.date(2026, 4, 17)) == Month(2026, 4)
    assert to_month("2026-04") == Month(2026, 4)
    assert to_month(Month(2026, 4)) == Month(2026, 4)


def test_out_of_range_months_are_refused():
    with pytest.raises(MonthError):
        Month(2026, 13)
    with pytest.raises(MonthError):
        Month(1899, 12)


@pytest.mark.parametrize("text", ["1900-01", "1900-12", "9999-01", "9999-12"])
def test_a_month_from_outside_keeps_a_year_of_room_on_each_side(text):
    """The pages go a month, a year (前年実績) or a fiscal year from the month they are given: a
    month parsed from a URL or a file is one from which those neighbours still exist (9999-12 in
    the path of 資金繰り表 of a month was a 500)."""
    with pytest.raises(MonthError, match="1901〜9998"):
        Month.parse(text)
    for edge in (Month.parse("1901-01"), Month.parse("9998-12")):
        assert {str(edge - 12), str(edge + 12)} >= set() and (edge + 12) - (edge - 12) == 24
