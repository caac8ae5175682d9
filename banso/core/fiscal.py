"""Fiscal years that end in any month, and Japanese date labels (和暦)."""

from __future__ import annotations

import datetime as dt

# 和暦: era name and its first day.
_ERAS = [
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
]


def fiscal_year_of(day: dt.date, end_month: int) -> int:
    """The fiscal year a day falls in, named by the calendar year in which that fiscal year ends."""
    return day.year if day.month <= end_month else day.year + 1


def last_closed_fiscal_year(day: dt.date, end_month: int) -> int:
    """The latest fiscal year that had ended before `day` (the one whose 決算書 can exist)."""
    return fiscal_year_of(day, end_month) - 1


def fiscal_year_label(fiscal_year: int, end_month: int) -> str:
    """'2026年3月期' — the label Japanese statements use."""
    return f"{fiscal_year}年{end_month}月期"


def fiscal_year_months(fiscal_year: int, end_month: int) -> list[tuple[int, int]]:
    """The twelve (year, month) pairs of a fiscal year, first month first."""
    months = []
    year, month = fiscal_year, end_month
    for _ in range(12):
        months.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def fiscal_year_end(fiscal_year: int, end_month: int) -> dt.date:
    if end_month == 12:
        return dt.date(fiscal_year, 12, 31)
    return dt.date(fiscal_year, end_month + 1, 1) - dt.timedelta(days=1)


def wareki_year(day: dt.date) -> str:
    for start, name in _ERAS:
        if day >= start:
            number = day.year - start.year + 1
            return f"{name}{'元' if number == 1 else number}年"
    return f"{day.year}年"


def wareki(day: dt.date) -> str:
    """'令和8年4月1日'."""
    return f"{wareki_year(day)}{day.month}月{day.day}日"
