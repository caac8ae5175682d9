"""Reading one cell of an accounting export: account names, amounts, month headers, dates, periods."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from banso.core.fiscal import ERAS, fiscal_year_months
from banso.core.text import nfkc

from .result import ImportProblem, cell_place

FORMULA_START = ("=", "+", "-", "@")
_ERA_YEAR0 = {}
for _era in ERAS:
    _ERA_YEAR0[_era.name] = _era.first_day.year - 1
    _ERA_YEAR0[_era.letter] = _era.first_day.year - 1


def clean_name(value) -> str:
    """An account name or label: NFKC, whitespace trimmed and collapsed to single spaces."""
    if value is None:
        return ""
    return " ".join(nfkc(str(value)).split())


def name_key(name: str) -> str:
    """The key names are compared by (seed table, company mapping): NFKC without any space."""
    return "".join(nfkc(name).split())


# --- amounts --------------------------------------------------------------------------------------

_NEGATIVE = ("△", "▲", "-", "−", "‐", "ー")
_ZERO_MARKS = frozenset({"-", "−", "‐", "ー", "―", "—", "0"})
_STRIP = str.maketrans("", "", ",¥円 \u3000\\")


def parse_amount(value, *, row: int, column: int, header: str | None = None) -> Decimal | int:
    """A money cell in yen: blank → 0; ``1,234`` ``¥1,234`` ``1,234円`` ``△1,234`` ``▲1,234`` ``(1,234)``
    ``-1,234``; a lone dash is 0. Anything else raises ImportProblem naming the cell."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise _not_a_number(value, row, column, header)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _not_a_number(value, row, column, header)
        number = Decimal(repr(value))
        return int(number) if number == number.to_integral_value() else number
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise _not_a_number(value, row, column, header)
    text = value.strip()
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        pass
    cleaned = nfkc(text).translate(_STRIP)
    if not cleaned or cleaned in _ZERO_MARKS:
        return 0
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    if cleaned.startswith(_NEGATIVE):
        negative, cleaned = not negative, cleaned[1:]
    if not cleaned or any(ch not in "0123456789." for ch in cleaned):
        raise _not_a_number(value, row, column, header)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise _not_a_number(value, row, column, header) from None
    if number == number.to_integral_value():
        number = int(number)
    return -number if negative else number


def _not_a_number(value, row, column, header) -> ImportProblem:
    return ImportProblem(
        f"{cell_place(row, column, header)}の「{value}」は数値として読めません。"
        "金額は 1,234 や △1,234 の形にしてください。",
        row=row,
        column=column,
    )


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- months ---------------------------------------------------------------------------------------

_ERA_KEYS = "|".join(sorted(_ERA_YEAR0, key=len, reverse=True))
_YEAR_MONTH = re.compile(r"^(\d{4})[/\-.年](\d{1,2})(?:月度?|月分|月)?(?:[/\-.](\d{1,2})日?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_ERA_MONTH = re.compile(rf"^({_ERA_KEYS})\.?(\d{{1,2}}|元)[/\-.年](\d{{1,2}})(?:月度?|月)?$")
_MONTH_ONLY = re.compile(r"^(\d{1,2})月度?$")


def parse_month_header(value) -> tuple[int | None, int] | None:
    """(year or None, month) for a month column header — ``4月``, ``2025/04``, ``2025年4月``, ``2025-04``,
    ``202504``, ``R7/4``, ``令和7年4月`` or a date cell — else None (cumulative columns such as 期間累計,
    上半期, 合計 are not months)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year, value.month
    if value is None or isinstance(value, bool | float):
        return None
    text = "".join(nfkc(str(value)).split()).upper()
    if not text:
        return None
    year: int | None
    match = _YEAR_MONTH.match(text) or _COMPACT.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if not 1900 <= year <= 2200:
            return None
    elif match := _ERA_MONTH.match(text):
        number = 1 if match.group(2) == "元" else int(match.group(2))
        year, month = _ERA_YEAR0[match.group(1)] + number, int(match.group(3))
    elif match := _MONTH_ONLY.match(text):
        year, month = None, int(match.group(1))
    else:
        return None
    if not 1 <= month <= 12:
        return None
    return year, month


_PERIOD_DATE = re.compile(rf"(?:(\d{{4}})|({_ERA_KEYS})\.?(\d{{1,2}}|元))\s*[/\-.年]\s*(\d{{1,2}})(月期)?")


def period_start(texts) -> tuple[int, int] | None:
    """The first month of the period a title/preamble row names: '期間：2025年4月1日〜2026年3月31日',
    '2025/04/01-2026/03/31', '令和7年4月〜', or '2026年3月期' (→ the month after the previous March)."""
    for text in texts:
        value = nfkc(str(text or "")).upper()
        for match in _PERIOD_DATE.finditer(value):
            if match.group(1):
                year = int(match.group(1))
            else:
                number = 1 if match.group(3) == "元" else int(match.group(3))
                year = _ERA_YEAR0[match.group(2)] + number
            month = int(match.group(4))
            if not (1900 <= year <= 2200 and 1 <= month <= 12):
                continue
            if match.group(5):  # 2026年3月期: the fiscal year ending then
                return (year - 1, month + 1) if month < 12 else (year, 1)
            return year, month
    return None


def resolve_years(
    columns: list[tuple[int, int | None, int]],
    *,
    start: tuple[int, int] | None,
    fiscal_year: int | None,
    fiscal_year_end_month: int,
    row: int,
) -> dict[int, dt.date]:
    """{column: first day of month} for month columns (column, year or None, month). A year-less month
    takes its year from the period row (columns in order, the year turning when the month goes back)
    or, failing that, from ``fiscal_year``; with neither, ImportProblem."""
    resolved: dict[int, dt.date] = {}
    yearless = [c for c in columns if c[1] is None]
    if yearless and start is None and fiscal_year is None:
        raise ImportProblem(
            f"{row}行目の月の見出し（{yearless[0][2]}月 など）に年がなく、期間の行も見つかりません。"
            "取り込む会計年度を選んでから、もう一度取り込んでください。",
            row=row,
        )
    year_of_month: dict[int, int] = {}
    if fiscal_year is not None and start is None:
        year_of_month = {m: y for y, m in fiscal_year_months(fiscal_year, fiscal_year_end_month)}
    year, previous = (start[0], start[1]) if start else (None, None)
    for column, col_year, month in columns:
        if col_year is not None:
            resolved[column] = dt.date(col_year, month, 1)
            year, previous = col_year, month
            continue
        if year_of_month:
            resolved[column] = dt.date(year_of_month[month], month, 1)
            continue
        if previous is not None and month < previous:
            year += 1
        resolved[column] = dt.date(year, month, 1)
        previous = month
    return resolved


# --- dates in journals ----------------------------------------------------------------------------

_DATE_SLASH = re.compile(r"^(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?")
_DATE_ERA = re.compile(rf"^({_ERA_KEYS})\.?(\d{{1,2}}|元)[/\-.年](\d{{1,2}})[/\-.月](\d{{1,2}})日?$")


def parse_journal_date(value) -> dt.date | None:
    """A journal date: 20190701, 2019/07/01, 2019/7/1, 2019-07-01, 2019年7月1日, R.01/07/01, R1/7/1,
    令和元年7月1日, or a date cell. None when it is none of these (or not a real day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        match = _DATE_SLASH.match(text)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        text = "".join(nfkc(text).split()).upper()
        match = _DATE_SLASH.match(text)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _DATE_ERA.match(text)
        if match:
            number = 1 if match.group(2) == "元" else int(match.group(2))
            year = _ERA_YEAR0[match.group(1)] + number
            return dt.date(year, int(match.group(3)), int(match.group(4)))
    except ValueError:
        return None
    return None
