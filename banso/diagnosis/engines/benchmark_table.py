"""The ローカルベンチマーク reference table: parse and validate the benchmark CSV (no Django).

Layout (the official tool's figures, 2018 data vintage, shipped as ``data/locaben_benchmarks_2018.csv``)::

    major,minor,scale,<indicator>_median,<indicator>_std,<indicator>_iv,_iii,_ii,_i, ... (39 columns)
    03_製造業,0304_金属製品製造業,中規模事業者,-1.0515,7.7213,...

* ``minor`` carries the industry as ``"<4-digit code>_<name>"``; rows are keyed by the code (the CSV's
  names differ from domain.md in places, e.g. "0303_鉄鋼業、非鉄金属製造業"). ``major`` must be the code's
  2-digit group. ``scale`` is 中規模事業者 or 小規模事業者.
* Every figure is in display units (%, 千円, 倍, ヶ月). ``i`` is the best cut point: ascending
  ``iv ≤ iii ≤ ii ≤ i`` for higher-is-better indicators, descending for the two lower-is-better ones
  (EBITDA有利子負債倍率, 営業運転資本回転期間). Equal neighbouring cut points are accepted (a score is
  then unreachable, which is odd but not wrong); a reversed pair is an error.
* Every industry of docs/domain.md §3.3 × both sizes must be present exactly once (54 rows).

:func:`parse_benchmark_csv` takes the CSV **text**, so an administrator's upload and the shipped file
go through the same checks. All problems found are reported together in one :class:`BenchmarkTableError`,
each in Japanese naming the line (1 = header) and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

from banso.companies.engines.industries import INDUSTRIES
from banso.core.spreadsheets import read_csv
from banso.diagnosis.engines.localbenchmark import (
    INDICATORS,
    BenchmarkRow,
    IndicatorBenchmark,
    IndicatorKey,
    Size,
    industry_text,
)

__all__ = [
    "CSV_PREFIXES",
    "EXPECTED_HEADER",
    "SHIPPED_CSV_PATH",
    "SHIPPED_SOURCE",
    "SHIPPED_VERSION",
    "BenchmarkTable",
    "BenchmarkTableError",
    "TableIssue",
    "load_shipped_table",
    "parse_benchmark_csv",
    "read_benchmark_upload",
]

#: Column-name prefix of each indicator in the CSV.
CSV_PREFIXES: Mapping[IndicatorKey, str] = {
    IndicatorKey.SALES_GROWTH: "sales_growth_pct",
    IndicatorKey.OPERATING_MARGIN: "op_margin_pct",
    IndicatorKey.LABOR_PRODUCTIVITY: "labor_prod_kyen",
    IndicatorKey.EBITDA_DEBT_RATIO: "ebitda_debt_x",
    IndicatorKey.WORKING_CAPITAL_MONTHS: "wc_months",
    IndicatorKey.EQUITY_RATIO: "equity_ratio_pct",
}
_STATS = ("median", "std", "iv", "iii", "ii", "i")

#: The exact header, in order.
EXPECTED_HEADER: tuple[str, ...] = (
    "major",
    "minor",
    "scale",
    *(f"{CSV_PREFIXES[spec.key]}_{stat}" for spec in INDICATORS for stat in _STATS),
)

SHIPPED_CSV_PATH = Path(__file__).resolve().parent / "data" / "locaben_benchmarks_2018.csv"
SHIPPED_VERSION = "2018"
# The file itself is SHIPPED_CSV_PATH; the source shown to users does not name it.
SHIPPED_SOURCE = (
    "経済産業省「ローカルベンチマーク・ツール」（財務分析の業種別・規模別基準値、2018年データ）。"
    "Banso 同梱版。"
)

_INDUSTRY_CELL = re.compile(r"^(?P<code>[0-9]{4})_(?P<name>.+)$")
_MAJOR_CELL = re.compile(r"^(?P<code>[0-9]{2})_(?P<name>.+)$")
# Plain decimal notation only: Decimal() would also take "NaN", "1_000" and full-width digits.
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


@dataclass(frozen=True, slots=True)
class TableIssue:
    line: int | None  # physical line in the file, 1 = header; None for "a row is missing"
    column: str | None
    message: str


class BenchmarkTableError(ValueError):
    """The CSV is not a valid benchmark table. ``issues`` lists every problem; ``str()`` joins them."""

    def __init__(self, issues: list[TableIssue] | tuple[TableIssue, ...]) -> None:
        self.issues: tuple[TableIssue, ...] = tuple(issues)
        super().__init__("\n".join(issue.message for issue in self.issues))

    @property
    def messages(self) -> list[str]:
        return [issue.message for issue in self.issues]


@dataclass(frozen=True, slots=True)
class BenchmarkTable:
    """54 :class:`BenchmarkRow` keyed by ``(industry_code, size)``; ``size`` may be ``Size`` or its string."""

    version: str
    rows: Mapping[tuple[str, Size], BenchmarkRow]

    def get(self, industry_code: str, size: Size | str) -> BenchmarkRow:
        """The row for an industry and size; ``KeyError`` with a Japanese message when there is none."""
        key = (industry_code, Size(size))
        try:
            return self.rows[key]
        except KeyError:
            raise KeyError(
                f"業種「{industry_text(industry_code)}」{key[1].label_ja}のベンチマークがありません。"
            ) from None

    def __getitem__(self, key: tuple[str, Size | str]) -> BenchmarkRow:
        return self.get(*key)

    def __contains__(self, key: object) -> bool:
        return key in self.rows

    def __iter__(self) -> Iterator[BenchmarkRow]:
        return iter(self.rows.values())

    def __len__(self) -> int:
        return len(self.rows)


def parse_benchmark_csv(
    text: str,
    *,
    version: str,
    industries: Mapping[str, str] = INDUSTRIES,
) -> BenchmarkTable:
    """Parse and validate the benchmark CSV text; raise :class:`BenchmarkTableError` on any problem.

    ``version`` labels the table (e.g. ``"2018"``; the API reports it as ``benchmark_version``).
    ``industries`` is the set of industry codes that must each appear with both sizes.
    A leading UTF-8 BOM (Excel's "CSV UTF-8") and blank lines are ignored.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise BenchmarkTableError([TableIssue(1, None, f"1行目をCSVとして読めません（{exc}）。")]) from None
    if header is None or not any(cell.strip() for cell in header):
        raise BenchmarkTableError([TableIssue(1, None, "CSVが空です。1行目に見出し行が必要です。")])
    header_issue = _check_header(header)
    if header_issue is not None:
        raise BenchmarkTableError([header_issue])

    issues: list[TableIssue] = []
    rows: dict[tuple[str, Size], BenchmarkRow] = {}
    seen_at: dict[tuple[str, Size], int] = {}  # industry × size → first line, valid or not
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num
            issues.append(TableIssue(line, None, f"{line}行目をCSVとして読めません（{exc}）。"))
            raise BenchmarkTableError(issues) from None  # the rest of the file cannot be trusted
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        key, row = _parse_row(cells, line, industries, issues)
        if key is None:
            continue
        if key in seen_at:
            issues.append(
                TableIssue(
                    line,
                    "minor",
                    f"{line}行目：業種「{industry_text(key[0])}」{key[1].label_ja}の行が重複しています"
                    f"（{seen_at[key]}行目と同じ）。",
                )
            )
            continue
        seen_at[key] = line
        if row is not None:
            rows[key] = row

    # A row present but invalid has been reported above; report only rows that are absent.
    for code in industries:
        for size in Size:
            if (code, size) not in seen_at:
                message = f"業種「{code} {industries[code]}」{size.label_ja}の行がありません。"
                issues.append(TableIssue(None, None, message))
    if issues:
        raise BenchmarkTableError(issues)
    ordered = {(code, size): rows[(code, size)] for code in industries for size in Size}
    return BenchmarkTable(version=version, rows=ordered)


#: An uploaded table: the shipped one is 20 KB; rows and columns leave room for blank lines and
#: a few stray columns, which parse_benchmark_csv then reports by line.
BENCHMARK_MAX_BYTES = 2 * 1024 * 1024
BENCHMARK_MAX_ROWS = 500
BENCHMARK_MAX_COLUMNS = 2 * len(EXPECTED_HEADER)


def read_benchmark_upload(content: bytes, *, max_bytes: int = BENCHMARK_MAX_BYTES) -> str:
    """The text of an uploaded benchmark CSV, through the core safe CSV reader (size, UTF-8 or
    Shift_JIS, NUL bytes, rows and columns capped); raise UploadError in Japanese otherwise."""
    return read_csv(
        content, max_bytes=max_bytes, max_rows=BENCHMARK_MAX_ROWS, max_columns=BENCHMARK_MAX_COLUMNS
    ).text


@cache
def load_shipped_table() -> BenchmarkTable:
    """The table shipped with Banso (METI ローカルベンチマーク, 2018 data vintage)."""
    return parse_benchmark_csv(SHIPPED_CSV_PATH.read_text(encoding="utf-8-sig"), version=SHIPPED_VERSION)


# ---------------------------------------------------------------------------------------------------


def _check_header(header: list[str]) -> TableIssue | None:
    expected = EXPECTED_HEADER
    for index, (got, want) in enumerate(zip(header, expected, strict=False), start=1):
        if got != want:
            return TableIssue(
                1,
                want,
                f"1行目（見出し）の{index}列目は「{want}」である必要がありますが、「{got}」になっています。",
            )
    if len(header) < len(expected):
        missing = "」「".join(expected[len(header) :])
        return TableIssue(1, expected[len(header)], f"1行目（見出し）に列「{missing}」がありません。")
    if len(header) > len(expected):
        extra = "」「".join(header[len(expected) :])
        return TableIssue(1, header[len(expected)], f"1行目（見出し）に想定外の列「{extra}」があります。")
    return None


def _parse_row(
    cells: list[str], line: int, industries: Mapping[str, str], issues: list[TableIssue]
) -> tuple[tuple[str, Size] | None, BenchmarkRow | None]:
    """``(key, row)``: key None when industry or size is unreadable; row None when anything is wrong."""
    if len(cells) != len(EXPECTED_HEADER):
        expected = len(EXPECTED_HEADER)
        issues.append(TableIssue(line, None, f"{line}行目の列数が{len(cells)}です（{expected}列必要です）。"))
        return _identify_quietly(cells, industries), None
    values = dict(zip(EXPECTED_HEADER, (cell.strip() for cell in cells), strict=True))
    before = len(issues)

    code = _parse_industry(values, line, industries, issues)
    size = _parse_size(values, line, issues)
    benchmarks: dict[IndicatorKey, IndicatorBenchmark] = {}
    for spec in INDICATORS:
        bench = _parse_indicator(
            values, line, CSV_PREFIXES[spec.key], spec.label_ja, spec.higher_is_better, issues
        )
        if bench is not None:
            benchmarks[spec.key] = bench

    if code is None or size is None:
        return None, None
    if len(issues) != before:
        return (code, size), None
    return (code, size), BenchmarkRow(
        industry_code=code,
        size=size,
        sales_growth=benchmarks[IndicatorKey.SALES_GROWTH],
        operating_margin=benchmarks[IndicatorKey.OPERATING_MARGIN],
        labor_productivity=benchmarks[IndicatorKey.LABOR_PRODUCTIVITY],
        ebitda_debt_ratio=benchmarks[IndicatorKey.EBITDA_DEBT_RATIO],
        working_capital_months=benchmarks[IndicatorKey.WORKING_CAPITAL_MONTHS],
        equity_ratio=benchmarks[IndicatorKey.EQUITY_RATIO],
    )


def _identify_quietly(cells: list[str], industries: Mapping[str, str]) -> tuple[str, Size] | None:
    """Industry × size of a malformed row, if readable, so that the row is not also reported missing."""
    if len(cells) < 3:
        return None
    match = _INDUSTRY_CELL.match(cells[1].strip())
    if match is None or match["code"] not in industries:
        return None
    try:
        return match["code"], Size.from_label_ja(cells[2].strip())
    except ValueError:
        return None


def _parse_industry(
    values: Mapping[str, str], line: int, industries: Mapping[str, str], issues: list[TableIssue]
) -> str | None:
    minor = values["minor"]
    match = _INDUSTRY_CELL.match(minor)
    if match is None:
        issues.append(
            TableIssue(
                line,
                "minor",
                f"{line}行目「minor」の値「{minor}」が業種として読めません"
                "（「0304_金属製品製造業」のように4桁のコード、「_」、業種名の形式で書いてください）。",
            )
        )
        return None
    code = match["code"]
    if code not in industries:
        message = f"{line}行目「minor」の業種コード「{code}」はロカベン業種にありません。"
        issues.append(TableIssue(line, "minor", message))
        return None
    major = values["major"]
    major_match = _MAJOR_CELL.match(major)
    if major_match is None or major_match["code"] != code[:2]:
        issues.append(
            TableIssue(
                line,
                "major",
                f"{line}行目「major」の値「{major}」が業種コード「{code}」の大分類「{code[:2]}」と一致しません。",
            )
        )
        return None
    return code


def _parse_size(values: Mapping[str, str], line: int, issues: list[TableIssue]) -> Size | None:
    scale = values["scale"]
    try:
        return Size.from_label_ja(scale)
    except ValueError:
        issues.append(
            TableIssue(
                line,
                "scale",
                f"{line}行目「scale」の値「{scale}」は「中規模事業者」か「小規模事業者」である必要があります。",
            )
        )
        return None


def _parse_indicator(
    values: Mapping[str, str],
    line: int,
    prefix: str,
    label: str,
    higher_is_better: bool,
    issues: list[TableIssue],
) -> IndicatorBenchmark | None:
    numbers: dict[str, Decimal] = {}
    for stat in _STATS:
        column = f"{prefix}_{stat}"
        raw = values[column]
        if raw == "":
            issues.append(TableIssue(line, column, f"{line}行目「{column}」の値が空です。"))
        elif not _NUMBER.match(raw):
            message = f"{line}行目「{column}」の値「{raw}」が数値ではありません。"
            issues.append(TableIssue(line, column, message))
        else:
            numbers[stat] = Decimal(raw)
    if len(numbers) != len(_STATS):
        return None

    ok = True
    if numbers["std"] < 0:
        column = f"{prefix}_std"
        message = f"{line}行目「{column}」の値「{values[column]}」は標準偏差なので0以上である必要があります。"
        issues.append(TableIssue(line, column, message))
        ok = False
    cuts = ("iv", "iii", "ii", "i")
    for worse, better in pairwise(cuts):
        a, b = numbers[worse], numbers[better]
        if (higher_is_better and b < a) or (not higher_is_better and b > a):
            col_a, col_b = f"{prefix}_{worse}", f"{prefix}_{better}"
            order = "大きく" if higher_is_better else "小さく"
            relation = "より小さく" if higher_is_better else "より大きく"
            issues.append(
                TableIssue(
                    line,
                    col_b,
                    f"{line}行目「{col_b}」の値「{values[col_b]}」が「{col_a}」の値「{values[col_a]}」{relation}なっています。"
                    f"{label}の基準値はⅳ→ⅲ→ⅱ→ⅰの順に{order}なる必要があります（ⅰが最も良い側の境界です）。",
                )
            )
            ok = False
    if not ok:
        return None
    return IndicatorBenchmark(
        median=numbers["median"],
        std=numbers["std"],
        iv=numbers["iv"],
        iii=numbers["iii"],
        ii=numbers["ii"],
        i=numbers["i"],
    )
