"""Fiscal years that end in any month, and Japanese date labels (和暦)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from banso.core.text import nfkc


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    letter: str  # R, as in R8.11.5
    first_day: dt.date
    last_day: dt.date | None  # None for the current era

    def year_of(self, number: int) -> int:
        return self.first_day.year + number - 1

    @property
    def last_number(self) -> int | None:
        return None if self.last_day is None else self.last_day.year - self.first_day.year + 1


# 和暦, newest first.
ERAS = (
    Era("令和", "R", dt.date(2019, 5, 1), None),
    Era("平成", "H", dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    Era("昭和", "S", dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    Era("大正", "T", dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    Era("明治", "M", dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
)
_ERAS = [(era.first_day, era.name) for era in ERAS[:3]]  # the eras shown on screens and documents
_ERA_BY_KEY = {key: era for era in ERAS for key in (era.name, era.letter)}


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


# --- Reading dates and years as people type them ---------------------------------------------------

DATE_FORMAT_MESSAGE = (
    "日付は 2026/11/5、2026-11-05、2026年11月5日 や 令和8年11月5日、R8.11.5 の形で入力してください。"
)
YEAR_FORMAT_MESSAGE = "年は 1985、1985年 や 昭和60年、S60 の形で入力してください。"

_ERA_KEYS = "|".join(sorted(_ERA_BY_KEY, key=len, reverse=True))
_SEP = r"\s*[-/.年]\s*"
_SEP_MONTH = r"\s*[-/.月]\s*"
_WESTERN_DATE = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP_MONTH}(\d{{1,2}})\s*日?$")
_ERA_DATE = re.compile(rf"^({_ERA_KEYS})\s*(\d{{1,2}}|元){_SEP}(\d{{1,2}}){_SEP_MONTH}(\d{{1,2}})\s*日?$")
_WESTERN_YEAR = re.compile(r"^(\d{4})\s*年?$")
_ERA_YEAR = re.compile(rf"^({_ERA_KEYS})\s*(\d{{1,2}}|元)\s*年?$")


class DateFormatError(ValueError):
    """The text is not a date (or year) that exists; the message is Japanese and says why."""


def _normalized(text) -> str:
    return nfkc(str(text)).strip().upper().replace("ー", "-").replace("−", "-")


def _era_year(era_key: str, number_text: str, raw: str) -> tuple[Era, int]:
    """The era and the western year of '令和8' / 'R8' / '令和元'; refuses year 0 and years past the era."""
    era = _ERA_BY_KEY[era_key]
    number = 1 if number_text == "元" else int(number_text)
    if number < 1:
        raise DateFormatError(f"「{raw}」: {era.name}は元年（1年）から始まります。")
    if era.last_number is not None and number > era.last_number:
        raise DateFormatError(
            f"「{raw}」: {era.name}は{era.last_number}年（{era.last_day.year}年）までです。"
            "年号をご確認ください。"
        )
    return era, era.year_of(number)


def _make_date(year: int, month: int, day: int, raw: str) -> dt.date:
    if not 1 <= month <= 12:
        raise DateFormatError(f"「{raw}」: 月は1〜12で入力してください。")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateFormatError(
            f"「{raw}」: {month}月{day}日は存在しない日付です。日付をご確認ください。"
        ) from exc


def parse_japanese_date(text) -> dt.date | None:
    """Read a date as typed in Japan: 2026/11/05, 2026-11-05, 2026年11月5日, full-width digits, and 和暦
    (令和8年11月5日, R8.11.5, R8/11/5, 令和元年5月1日, 平成31年4月30日). Blank → None.
    Raises DateFormatError (Japanese) for text that is no date, 令和0年, a year past the era's end,
    a day outside its era or a day that does not exist (2月30日)."""
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    raw = str(text).strip()
    if not raw:
        return None
    value = _normalized(raw)
    match = _WESTERN_DATE.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day, raw)
    match = _ERA_DATE.match(value)
    if not match:
        raise DateFormatError(f"「{raw}」は日付として読み取れません。{DATE_FORMAT_MESSAGE}")
    era_key, number_text, month, day = match.groups()
    era, year = _era_year(era_key, number_text, raw)
    day_value = _make_date(year, int(month), int(day), raw)
    if day_value < era.first_day or (era.last_day is not None and day_value > era.last_day):
        first = era.first_day
        span = f"{first.year}年{first.month}月{first.day}日から"
        if era.last_day is not None:
            span += f"{era.last_day.year}年{era.last_day.month}月{era.last_day.day}日まで"
        raise DateFormatError(f"「{raw}」: {era.name}は{span}です。年号をご確認ください。")
    return day_value


def parse_japanese_year(text) -> int | None:
    """Read a year as typed in Japan: 1985, 1985年, full-width digits, or 和暦 (昭和60, S60, 昭和60年,
    令和元年). Blank → None. Raises DateFormatError (Japanese) for 令和0年 or a year past the era's end."""
    if text is None:
        return None
    if isinstance(text, int):
        return text
    raw = str(text).strip()
    if not raw:
        return None
    value = _normalized(raw)
    match = _WESTERN_YEAR.match(value)
    if match:
        return int(match.group(1))
    match = _ERA_YEAR.match(value)
    if not match:
        raise DateFormatError(f"「{raw}」は年として読み取れません。{YEAR_FORMAT_MESSAGE}")
    return _era_year(match.group(1), match.group(2), raw)[1]
