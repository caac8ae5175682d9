"""Months as values: 'YYYY-MM' in URLs and the API, the first day of the month in the database.

Fiscal years end in the company's 決算月 and are named by the calendar year in which they end
(as core.fiscal: the fiscal year ending March 2026 is 2026, labelled 2026年3月期).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH_FORMAT_MESSAGE = "月は 2026-04 の形（西暦4桁-月2桁）で入力してください。"
MIN_YEAR = 1900
MAX_YEAR = 9999
# Months written by people and files: one year inside the range above, so that the month before or
# after, the same month a year earlier (前年実績) or a fiscal year around it is still a month.
MIN_INPUT_YEAR = MIN_YEAR + 1
MAX_INPUT_YEAR = MAX_YEAR - 1

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class MonthError(ValueError):
    """Not a month; the message is Japanese and says why."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self):
        if not (1 <= self.month <= 12):
            raise MonthError(f"月は1〜12で指定してください（{self.month}）。")
        if not (MIN_YEAR <= self.year <= MAX_YEAR):
            raise MonthError(f"年は西暦{MIN_YEAR}〜{MAX_YEAR}年で指定してください（{self.year}）。")

    # --- conversions ---
    @classmethod
    def parse(cls, text) -> Month:
        """'2026-04' exactly (no spaces, two-digit month, a year from MIN_INPUT_YEAR to
        MAX_INPUT_YEAR); MonthError with a Japanese message."""
        match = _MONTH.fullmatch(text) if isinstance(text, str) else None
        if not match:
            raise MonthError(f"「{text}」: {MONTH_FORMAT_MESSAGE}")
        year, month = int(match.group(1)), int(match.group(2))
        if not (1 <= month <= 12):
            raise MonthError(f"「{text}」: 月は01〜12で入力してください。")
        if not (MIN_INPUT_YEAR <= year <= MAX_INPUT_YEAR):
            raise MonthError(f"「{text}」: 年は西暦{MIN_INPUT_YEAR}〜{MAX_INPUT_YEAR}年で入力してください。")
        return cls(year, month)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        """What the database stores."""
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return (self + 1).first_day - dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """'2026年4月'."""
        return f"{self.year}年{self.month}月"

    @property
    def short_label(self) -> str:
        """'4月' — column headers inside one fiscal year."""
        return f"{self.month}月"

    # --- arithmetic ---
    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def __add__(self, months: int) -> Month:
        if not isinstance(months, int):
            return NotImplemented
        return Month.from_index(self.index + months)

    def __sub__(self, other):
        """Month - int → Month; Month - Month → the number of months between them."""
        if isinstance(other, Month):
            return self.index - other.index
        if isinstance(other, int):
            return Month.from_index(self.index - other)
        return NotImplemented

    # --- fiscal years ---
    def fiscal_year(self, end_month: int) -> int:
        """The fiscal year this month falls in, named by the calendar year it ends in."""
        _check_end_month(end_month)
        return self.year if self.month <= end_month else self.year + 1

    def is_fiscal_year_start(self, end_month: int) -> bool:
        _check_end_month(end_month)
        return self.month == end_month % 12 + 1


def _check_end_month(end_month: int) -> None:
    if not (isinstance(end_month, int) and 1 <= end_month <= 12):
        raise MonthError(f"決算月は1〜12で指定してください（{end_month}）。")


def parse_month(text) -> Month:
    return Month.parse(text)


def to_month(value) -> Month:
    """A Month from a Month, a date (any day of the month) or 'YYYY-MM'."""
    if isinstance(value, Month):
        return value
    if isinstance(value, dt.date):
        return Month.of(value)
    return Month.parse(value)


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included; empty when last is before first."""
    return [Month.from_index(i) for i in range(first.index, last.index + 1)]


def fiscal_year_start(fiscal_year: int, end_month: int) -> Month:
    """The first month of a fiscal year (FY2026 ending in March starts 2025-04)."""
    _check_end_month(end_month)
    return Month(fiscal_year, end_month) - 11


def fiscal_year_end(fiscal_year: int, end_month: int) -> Month:
    _check_end_month(end_month)
    return Month(fiscal_year, end_month)


def fiscal_year_months(fiscal_year: int, end_month: int) -> list[Month]:
    """The twelve months of a fiscal year, first month first."""
    start = fiscal_year_start(fiscal_year, end_month)
    return [start + i for i in range(12)]


def fiscal_year_label(fiscal_year: int, end_month: int) -> str:
    """'2026年3月期'."""
    _check_end_month(end_month)
    return f"{fiscal_year}年{end_month}月期"
