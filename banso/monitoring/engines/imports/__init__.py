"""Accounting imports: 月次推移表 / 試算表 and 仕訳帳 exports of freee, マネーフォワード, 弥生 and a generic
layout, read into monthly amounts per account and per monitoring line. Pure Python (no Django).

Public surface (everything else is internal):

- ``parse_import(content, filename, *, layout=None, fiscal_year_end_month, mapping, fiscal_year=None,
  cumulative_ok=False) -> ImportResult``
    ``content``: the uploaded bytes (CSV in UTF-8 with/without BOM or Shift_JIS/CP932, or .xlsx — read
    through core.spreadsheets, so size/zip/row caps apply; 20 MB at most here). ``layout``: one of
    ``LAYOUTS`` to skip detection. ``mapping``: the company's confirmed {account name: line key or
    "ignore"}; it wins over the seed table. ``fiscal_year``: the fiscal year (named by the calendar year
    it ends in) used to date month columns without a year (4月, 5月 …, 弥生 年間推移) when the file has
    no period row. ``cumulative_ok``: accept a P&L exported as running totals (each month becomes the
    difference to the month before); without it such a file is refused with a Japanese message.
- ``ImportResult``: ``layout``, ``encoding`` ("utf-8", "cp932", None for .xlsx), ``months`` (first days,
  sorted), ``accounts`` {name: {month: Decimal yen}} (P&L movement / B/S month-end balance, contra
  accounts negative), ``account_kinds`` {name: "pl"|"bs"}, ``totals`` {line key: {month: Decimal}}
  (personnel_costs and depreciation also inside sga), ``unmapped_accounts`` [UnmappedAccount(name, kind,
  total, suggestion)], ``checksum_differences`` [ChecksumDifference(label, row, month, stated, computed,
  .difference = stated − computed)], ``checked_totals``, ``warnings`` [Japanese], ``formula_like_names``,
  ``row_count``. ``to_json()`` / ``ImportResult.from_json(data)`` round-trip it (months "YYYY-MM",
  whole yen as int) for the stored preview and the API.
- ``ImportProblem(message, row=None, column=None)``: every refusal, a ``DomainError`` whose Japanese
  ``message`` names the row and column where it can (「3行目 C列（2025年5月）の「abc」は数値として
  読めません。」); ``status`` is 413 for a file over the size limit, else 400.
- ``suggest_line(name) -> str | None``: the seed table's line for an account name, else a guess from its
  words (for the mapping screen); ``seed_line(name)`` the seed only; ``MAPPABLE``: the allowed mapping
  values (line keys and "ignore"); ``LAYOUTS`` / ``LAYOUT_LABELS`` (Japanese names of the layouts).

Rules worth knowing: headers are found by keywords (勘定科目, 科目), never by position (except 弥生's
25-column journal and header-less 20-column 年間推移); cumulative columns (期間累計, 上半期, 合計 …) are
never months; total and section rows are not data but are recomputed and compared (freee: rows with an
empty 勘定科目コード; others: names ending 合計/計, the profit rows, [区分] rows); an account with
補助科目 rows is the sum of those rows (its own row becomes a checksum); journals give P&L movements only
(B/S accounts are left out with a warning) and amounts without the tax column (税抜) when it is filled.
"""

from .accounts import MAPPABLE, seed_line, suggest_line
from .parse import parse_import
from .result import (
    LAYOUT_LABELS,
    LAYOUTS,
    ChecksumDifference,
    ImportProblem,
    ImportResult,
    UnmappedAccount,
)

__all__ = [
    "LAYOUTS",
    "LAYOUT_LABELS",
    "MAPPABLE",
    "ChecksumDifference",
    "ImportProblem",
    "ImportResult",
    "UnmappedAccount",
    "parse_import",
    "seed_line",
    "suggest_line",
]
