"""売上構成比・粗利管理表の取込: plan and/or actual sales and gross profit per segment and month, from a
CSV (UTF-8 with or without BOM, or Shift_JIS) or an .xlsx (through core.spreadsheets). Pure Python.

The layout (the page shows it as a template an advisor can fill from Excel)::

    売上構成表                                  ← optional title / period / 単位 rows (単位：千円 → ×1,000)
    区分,種類,計画/実績,項目,2025年4月,2025年5月,…,合計
    主力製品A,商品・サービス別,計画,売上高,1000000,1100000,…
    ,,,粗利,300000,330000,…                     ← blank 区分 / 計画/実績: the row above's (merged cells)
    ,,実績,売上高,980000,…
    ,,,粗利,290000,…
    合計,,実績,売上高,…                          ← total rows are not segments: they are checked

- The header row is found by keywords, never by position: a segment column (区分, セグメント, 商品,
  製品, 品目, サービス, 得意先, 顧客, 取引先, 販路, チャネル, 部門, 店舗, 事業 …) and month columns (4月,
  2025/04, 2025年4月, R7/4, a date cell). Optional columns: 種類 (商品・サービス別 / 得意先別 / 販路別),
  計画/実績 (計画・予算・目標 → plan; 実績 → actual), 項目 (売上高 / 売上総利益・粗利 / 売上原価).
- Instead of rows, the figure and side may sit in the month headers (「2025年4月 売上高」「4月粗利」
  「2025/04 計画」) or in a second header row under merged month cells (売上高 | 粗利 under 2025年4月).
- Without any 計画/実績 information every amount is the side chosen at upload (``default_side``);
  without any 項目 information every amount is 売上高.
- Several rows of one figure for a segment (商品売上高 + 製品売上高, as in a 部門別推移表) add up, a
  contra row (売上値引・返品, shown positive) subtracts; a subtotal row (売上高合計) is the figure and is
  compared with those rows; the same row label twice for one segment is refused.
- Amounts: blank = not in the file (the stored value stays); ``1,234`` ``△1,234`` ``▲1,234`` ``(1,234)``
  ``-1,234``; a lone dash is 0. A 売上原価 row gives 粗利 = 売上高 − 売上原価 where the file has no 粗利.
  Rows of ratios or derived figures (粗利率, 構成比, 達成率, 差異, 前年…) and other P&L rows are skipped
  with a warning; cumulative columns (合計, 累計, 上半期 …) are never months.
- Refused (``ImportProblem``, Japanese, naming row and column): no header, a cell that is not a number,
  a formula saved without its result, the same segment / side / figure / month twice, a duplicated month
  column, an unknown 種類, a name over 100 characters, an amount beyond ±10^15 yen, more than
  MAX_SEGMENTS segments or MAX_MONTHS months.

``parse_sales_mix(content, filename, *, fiscal_year_end_month, default_side="actual", fiscal_year=None,
unit=None) -> SalesMixFile``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .cells import (
    FORMULA_START,
    clean_name,
    is_blank,
    name_key,
    parse_amount,
    parse_month_header,
    period_start,
    resolve_years,
)
from .parse import read_rows
from .result import ImportProblem, cell_place, column_letter, month_key, parse_month_key

MB = 1024 * 1024
MAX_BYTES = 5 * MB
MAX_ROWS = 5_000
MAX_COLUMNS = 80
MAX_SEGMENTS = 200
MAX_MONTHS = 36
MAX_NAME = 100
MAX_AMOUNT = 10**15
HEADER_SCAN_ROWS = 30

SIDES = ("plan", "actual")
SIDE_LABELS = {"plan": "計画", "actual": "実績"}
FIGURES = ("sales", "gross_profit")
FIGURE_LABELS = {"sales": "売上高", "gross_profit": "粗利", "cost": "売上原価"}
KINDS = ("product", "customer", "channel")
FIELDS = ("plan_sales", "plan_gross_profit", "actual_sales", "actual_gross_profit")

_SEGMENT_WORDS = (
    "区分",
    "セグメント",
    "商品",
    "製品",
    "品目",
    "サービス",
    "得意先",
    "顧客",
    "取引先",
    "販路",
    "チャネル",
    "チャンネル",
    "部門",
    "店舗",
    "事業",
)
_SIDE_HEADERS = {
    "計画/実績",
    "計画・実績",
    "計画実績",
    "予実",
    "予算/実績",
    "予算・実績",
    "種別",
    "計画実績区分",
}
_FIGURE_HEADERS = {"項目", "科目", "勘定科目", "指標", "内訳", "項目名", "数値項目"}
_KIND_HEADERS = {"種類", "区分の種類", "分類", "区分種類", "種別(区分)"}
_TOTAL_NAMES = {"合計", "総合計", "総計", "計", "小計", "全体", "全社", "全社計", "売上合計", "合計額"}

# Words of a figure, longest first so 売上総利益 wins over 売上.
_FIGURE_WORDS = sorted(
    {
        "売上総利益": "gross_profit",
        "売上総損益": "gross_profit",
        "粗利益": "gross_profit",
        "粗利額": "gross_profit",
        "粗利": "gross_profit",
        "売上原価": "cost",
        "原価": "cost",
        "純売上高": "sales",
        "売上金額": "sales",
        "売上額": "sales",
        "売上高": "sales",
        "売上": "sales",
    }.items(),
    key=lambda item: -len(item[0]),
)
_SIDE_WORDS = sorted(
    {"計画": "plan", "予算": "plan", "目標": "plan", "実績": "actual", "見込": "plan"}.items(),
    key=lambda item: -len(item[0]),
)
# A row or column naming any of these is a ratio or a derived figure: read over, never data.
_DERIVED_WORDS = (
    "率",
    "比",
    "差異",
    "差額",
    "前年",
    "前期",
    "昨年",
    "累計",
    "構成",
    "%",
    "％",
    "増減",
    "平均",
)
_KIND_WORDS = (
    ("得意先", "customer"),
    ("顧客", "customer"),
    ("取引先", "customer"),
    ("販路", "channel"),
    ("チャネル", "channel"),
    ("チャンネル", "channel"),
    ("商品", "product"),
    ("製品", "product"),
    ("品目", "product"),
    ("サービス", "product"),
)
_CONTRA_WORDS = ("値引", "返品", "割戻")
_THOUSAND = re.compile(r"単位\s*[:：]?\s*\(?千円|千円単位|\(千円\)|（千円）")


@dataclass(frozen=True)
class MixChecksum:
    """A total row of the file that disagrees with the segments it adds up (stated − computed)."""

    label: str
    row: int
    side: str
    figure: str
    month: dt.date
    stated: int
    computed: int

    @property
    def difference(self) -> int:
        return self.stated - self.computed


@dataclass
class ImportedSegment:
    """One segment of the file: its name, its kind ("product" | "customer" | "channel", or None when the
    file does not say), the first row it appears on, and {month: {field: yen}} (fields of FIELDS;
    a field absent = not in the file)."""

    name: str
    kind: str | None
    row: int
    months: dict[dt.date, dict[str, int]] = field(default_factory=dict)


@dataclass
class SalesMixFile:
    encoding: str | None
    unit: str  # "yen" | "thousand"
    months: list[dt.date]
    segments: list[ImportedSegment]
    checksum_differences: list[MixChecksum] = field(default_factory=list)
    checked_totals: int = 0
    warnings: list[str] = field(default_factory=list)
    formula_like_names: list[str] = field(default_factory=list)
    row_count: int = 0

    @property
    def fields(self) -> list[str]:
        """The fields the file fills somewhere (FIELDS order)."""
        found = {name for s in self.segments for values in s.months.values() for name in values}
        return [name for name in FIELDS if name in found]

    def totals(self) -> dict[dt.date, dict[str, int]]:
        """{month: {field: the segments' sum}} for the fields present that month."""
        result: dict[dt.date, dict[str, int]] = {m: {} for m in self.months}
        for segment in self.segments:
            for month, values in segment.months.items():
                for name, amount in values.items():
                    result[month][name] = result[month].get(name, 0) + amount
        return result

    def to_json(self) -> dict:
        return {
            "encoding": self.encoding,
            "unit": self.unit,
            "months": [month_key(m) for m in self.months],
            "segments": [
                {
                    "name": s.name,
                    "kind": s.kind,
                    "row": s.row,
                    "months": {month_key(m): dict(v) for m, v in sorted(s.months.items())},
                }
                for s in self.segments
            ],
            "checksum_differences": [
                {
                    "label": c.label,
                    "row": c.row,
                    "side": c.side,
                    "figure": c.figure,
                    "month": month_key(c.month),
                    "stated": c.stated,
                    "computed": c.computed,
                    "difference": c.difference,
                }
                for c in self.checksum_differences
            ],
            "checked_totals": self.checked_totals,
            "warnings": list(self.warnings),
            "formula_like_names": list(self.formula_like_names),
            "row_count": self.row_count,
        }

    @classmethod
    def from_json(cls, data: dict) -> SalesMixFile:
        return cls(
            encoding=data.get("encoding"),
            unit=data.get("unit", "yen"),
            months=[parse_month_key(m) for m in data["months"]],
            segments=[
                ImportedSegment(
                    s["name"],
                    s.get("kind"),
                    s.get("row", 0),
                    {
                        parse_month_key(m): {k: int(v) for k, v in values.items() if k in FIELDS}
                        for m, values in s["months"].items()
                    },
                )
                for s in data["segments"]
            ],
            checksum_differences=[
                MixChecksum(
                    c["label"],
                    c["row"],
                    c["side"],
                    c["figure"],
                    parse_month_key(c["month"]),
                    int(c["stated"]),
                    int(c["computed"]),
                )
                for c in data.get("checksum_differences", [])
            ],
            checked_totals=data.get("checked_totals", 0),
            warnings=list(data.get("warnings", [])),
            formula_like_names=list(data.get("formula_like_names", [])),
            row_count=data.get("row_count", 0),
        )


# --- words ----------------------------------------------------------------------------------------


def _figure_of(text: str) -> str | None:
    for word, figure in _FIGURE_WORDS:
        if word in text:
            return figure
    return None


def _side_of(text: str) -> str | None:
    for word, side in _SIDE_WORDS:
        if word in text:
            return side
    return None


def _is_derived(text: str) -> bool:
    return any(word in text for word in _DERIVED_WORDS)


def _strip_words(text: str) -> str:
    for word, _ in (*_FIGURE_WORDS, *_SIDE_WORDS):
        text = text.replace(word, "")
    return text.strip(" ・/()（）[]【】-_:：")


def _kind_of(text: str) -> str | None:
    for word, kind in _KIND_WORDS:
        if word in text:
            return kind
    return None


def _is_total_name(name: str) -> bool:
    key = name_key(name).strip("【】[]（）()")
    return key in _TOTAL_NAMES or key.endswith(("合計", "総計"))


def _is_segment_header(key: str) -> bool:
    if key in _SIDE_HEADERS or key in _FIGURE_HEADERS or key in _KIND_HEADERS:
        return False
    return len(key) <= 16 and any(word in key for word in _SEGMENT_WORDS)


# --- the header -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    index: int  # 0-based
    year: int | None
    month: int
    side: str | None
    figure: str | None
    label: str


@dataclass
class _Header:
    index: int  # position in rows
    row: int  # line number
    segment_col: int
    segment_kind: str | None
    side_col: int | None = None
    figure_col: int | None = None
    kind_col: int | None = None
    columns: list[_Column] = field(default_factory=list)
    sub_header: bool = False


def _month_cell(value) -> tuple[tuple[int | None, int] | None, str | None, str | None, str]:
    """(month, side word, figure word, label) of a header cell ("2025年4月 売上高", "4月計画", a date)."""
    if isinstance(value, dt.datetime | dt.date):
        return (value.year, value.month), None, None, f"{value.year}年{value.month}月"
    text = clean_name(value)
    key = name_key(text)
    if not key or (_is_derived(key) and not re.search(r"\d", key)):
        return None, None, None, text
    month = parse_month_header(key)
    if month is not None:
        return month, None, None, text
    rest = _strip_words(key)
    month = parse_month_header(rest) if rest else None
    if month is None:
        return None, None, None, text
    return month, _side_of(key), _figure_of(key), text


def _find_header(rows) -> _Header:
    fallback: tuple[int, list] | None = None
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        months = [c for c, value in enumerate(cells) if _month_cell(value)[0] is not None]
        if not months:
            continue
        keys = [name_key(clean_name(v)) if not isinstance(v, dt.date) else "" for v in cells]
        segment_col = next(
            (c for c, key in enumerate(keys) if c not in months and _is_segment_header(key)), None
        )
        if segment_col is not None:
            return _header(rows, index, segment_col, keys, months)
        if fallback is None and len(months) >= 2 and months[0] > 0:
            fallback = (index, keys)
    if fallback is not None:
        index, keys = fallback
        months = [c for c, value in enumerate(rows[index][1]) if _month_cell(value)[0] is not None]
        return _header(rows, index, 0, keys, months)
    raise ImportProblem(
        "見出し行が見つかりません。「区分」（または商品・得意先・販路など）と書かれた列と、"
        "その右に月（4月、2025/04、2025年4月 など）の列が並ぶ見出し行を1行目〜30行目に置いてください。"
    )


def _header(rows, index: int, segment_col: int, keys: list[str], month_cols: list[int]) -> _Header:
    line, cells = rows[index]
    header = _Header(index, line, segment_col, _kind_of(keys[segment_col]))
    for column, key in enumerate(keys):
        if column == segment_col or column in month_cols:
            continue
        if key in _SIDE_HEADERS or (("計画" in key or "予算" in key) and "実績" in key):
            header.side_col = column if header.side_col is None else header.side_col
        elif key in _FIGURE_HEADERS:
            header.figure_col = column if header.figure_col is None else header.figure_col
        elif key in _KIND_HEADERS:
            header.kind_col = column if header.kind_col is None else header.kind_col
    # A second header row under merged month cells: 売上高 | 粗利 (or 計画 | 実績) and no amounts.
    sub: list = []
    if index + 1 < len(rows):
        _, below = rows[index + 1]
        words = [
            (c, name_key(clean_name(v)))
            for c, v in enumerate(below)
            if c != segment_col and not is_blank(v) and not isinstance(v, dt.date)
        ]
        if (
            words
            and (segment_col >= len(below) or is_blank(below[segment_col]))
            and all(_figure_of(w) or _side_of(w) or _is_derived(w) for _, w in words)
        ):
            header.sub_header = True
            sub = below
    last: tuple[int | None, int] | None = None
    width = max(len(cells), len(sub))
    for column, value in enumerate([*cells, *[None] * (width - len(cells))]):
        if column == segment_col or column in (header.side_col, header.figure_col, header.kind_col):
            last = None
            continue
        month, side, figure, label = _month_cell(value)
        word = name_key(clean_name(sub[column])) if column < len(sub) and not is_blank(sub[column]) else ""
        if month is None:
            if is_blank(value) and word and last is not None and not _is_derived(word):
                month, label = last, header.columns[-1].label
            else:
                if not is_blank(value):
                    last = None
                continue
        if word:
            if _is_derived(word):
                last = month
                continue
            side = side or _side_of(word)
            figure = figure or _figure_of(word)
        header.columns.append(_Column(column, month[0], month[1], side, figure, label))
        last = month
    return header


# --- parsing --------------------------------------------------------------------------------------


def _amount(value, *, row: int, column: int, label: str, factor: int) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, str) and value.strip().startswith("=") and len(value.strip()) > 1:
        raise ImportProblem(
            f"{cell_place(row, column, label)}は数式（{value.strip()[:30]}）で、"
            "計算結果が保存されていません。"
            "Excel で開いて保存し直すか、値として貼り付けてから取り込んでください。",
            row=row,
            column=column,
        )
    number = Decimal(parse_amount(value, row=row, column=column, header=label)) * factor
    yen = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if abs(yen) > MAX_AMOUNT:
        raise ImportProblem(
            f"{cell_place(row, column, label)}の金額が大きすぎます（±1,000兆円まで）。",
            row=row,
            column=column,
        )
    return yen


def parse_sales_mix(
    content: bytes,
    filename: str,
    *,
    fiscal_year_end_month: int,
    default_side: str = "actual",
    fiscal_year: int | None = None,
    unit: str | None = None,
) -> SalesMixFile:
    """Read a sales-mix file (see the module docstring). ``default_side``: "plan" or "actual" for amounts
    the file does not place; ``fiscal_year`` (named by the year it ends in) dates month columns without
    a year when the file names no period; ``unit``: "yen" or "thousand" (None: 千円 when a preamble row
    says 単位：千円, else 円). Raises ImportProblem (Japanese, naming row and column)."""
    if default_side not in SIDES:
        raise ImportProblem("計画か実績かを選んでください。")
    if unit not in (None, "yen", "thousand"):
        raise ImportProblem("単位は円か千円を選んでください。")
    if not 1 <= fiscal_year_end_month <= 12:
        raise ImportProblem("決算月が正しくありません。")
    rows, encoding = read_rows(
        content, filename, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS
    )
    if not any(any(not is_blank(c) for c in cells) for _, cells in rows):
        raise ImportProblem("ファイルが空です。売上構成表のファイルを選んでください。")
    header = _find_header(rows)
    if not header.columns:
        raise ImportProblem(f"{header.row}行目の見出しに月の列が見つかりません。", row=header.row)
    preamble = [c for _, cells in rows[: header.index] for c in cells]
    warnings: list[str] = []
    if unit is None:
        found = any(
            isinstance(c, str) and _THOUSAND.search(nfkc_text(c)) for c in [*preamble, *rows[header.index][1]]
        )
        unit = "thousand" if found else "yen"
        if found:
            warnings.append("「単位：千円」とあるため、金額を1,000倍して円で取り込みます。")
    factor = 1000 if unit == "thousand" else 1
    # Years: the distinct months in the order they first appear (a block of 売上高 months then a block
    # of 粗利 months must not turn the year twice).
    distinct: list[tuple[int | None, int]] = []
    for column in header.columns:
        if (column.year, column.month) not in distinct:
            distinct.append((column.year, column.month))
    resolved = resolve_years(
        [(n, year, month) for n, (year, month) in enumerate(distinct)],
        start=period_start(preamble),
        fiscal_year=fiscal_year,
        fiscal_year_end_month=fiscal_year_end_month,
        row=header.row,
    )
    month_of = {pair: resolved[n] for n, pair in enumerate(distinct)}
    columns = [(c, month_of[(c.year, c.month)]) for c in header.columns]
    months = sorted(set(month_of.values()))
    if len(months) > MAX_MONTHS:
        raise ImportProblem(
            f"月の列が多すぎます（{len(months)}か月、上限 {MAX_MONTHS}か月）。ファイルを分けてください。"
        )
    seen_cols: dict[tuple, int] = {}
    for column, month in columns:
        key = (month, column.side, column.figure)
        if key in seen_cols:
            raise ImportProblem(
                f"{header.row}行目の見出しで {column_letter(seen_cols[key] + 1)}列と"
                f"{column_letter(column.index + 1)}列が"
                f"同じ月（{month.year}年{month.month}月）の同じ項目です。",
                row=header.row,
                column=column.index + 1,
            )
        seen_cols[key] = column.index

    reader = _Reader(header, columns, default_side=default_side, factor=factor)
    start = header.index + (2 if header.sub_header else 1)
    for line, cells in rows[start:]:
        reader.row(line, cells)
    return reader.finish(encoding, unit, months, warnings)


def nfkc_text(text: str) -> str:
    return "".join(clean_name(text).split())


class _Reader:
    def __init__(self, header: _Header, columns, *, default_side: str, factor: int):
        self.header = header
        self.columns = columns
        self.default_side = default_side
        self.factor = factor
        self.has_labels = header.side_col is not None or header.figure_col is not None
        self.segments: dict[tuple[str, str | None], ImportedSegment] = {}
        self.sources: dict[tuple, int] = {}  # (slot, row label) → row
        # (segment key, month, side, figure) → detail rows [(label, yen, row)] and the subtotal row
        self.details: dict[tuple, list[tuple[str, int, int]]] = {}
        self.subtotals: dict[tuple, tuple[str, int, int]] = {}
        self.totals: list[tuple[str, int, str, str, dt.date, int]] = []
        self.skipped: list[str] = []
        self.derived: list[str] = []
        self.formula_like: list[str] = []
        self.count = 0
        self.current_name = ""
        self.current_kind: str | None = None
        self.current_side: str | None = None

    def _cell(self, cells, column: int | None) -> str:
        if column is None or column >= len(cells):
            return ""
        return clean_name(cells[column])

    def row(self, line: int, cells: list) -> None:
        if not any(not is_blank(c) for c in cells):
            return
        h = self.header
        name = self._cell(cells, h.segment_col)
        side_text = name_key(self._cell(cells, h.side_col))
        figure_text = name_key(self._cell(cells, h.figure_col))
        kind_text = self._cell(cells, h.kind_col)
        present = [(c, m) for c, m in self.columns if c.index < len(cells) and not is_blank(cells[c.index])]
        if not name:
            if not present and not figure_text:
                return
            if not (self.has_labels and self.current_name):
                column = present[0][0] if present else None
                raise ImportProblem(
                    f"{cell_place(line, h.segment_col + 1)}の区分名が空です"
                    + (f"（{column.label}に金額があります）" if column else "")
                    + "。区分名を入れてください。",
                    row=line,
                    column=h.segment_col + 1,
                )
            name = self.current_name
        elif name != self.current_name:
            self.current_name, self.current_side = name, None  # a 種類 carries on (merged over segments)
        if len(name) > MAX_NAME:
            raise ImportProblem(
                f"{cell_place(line, h.segment_col + 1)}の区分名が長すぎます（{MAX_NAME}文字まで）。",
                row=line,
                column=h.segment_col + 1,
            )
        if kind_text:
            kind = _kind_of(name_key(kind_text))
            if kind is None:
                raise ImportProblem(
                    f"{cell_place(line, h.kind_col + 1)}の種類「{kind_text}」が分かりません。"
                    "商品・サービス別、得意先別、販路別のいずれかにしてください。",
                    row=line,
                    column=h.kind_col + 1,
                )
            self.current_kind = kind
        if side_text:
            side = _side_of(side_text)
            if side is None or _is_derived(side_text):
                self._skip(name, side_text, derived=True)
                return
            self.current_side = side
        row_side = self.current_side
        row_figure = None
        if figure_text:
            if _is_derived(figure_text):
                self._skip(name, figure_text, derived=True)
                return
            row_figure = _figure_of(figure_text)
            if row_figure is None:
                self._skip(name, figure_text, derived=False)
                return
            row_side = _side_of(figure_text) or row_side
        elif h.figure_col is None and _is_derived(name_key(name)):
            self._skip(name, "", derived=True)
            return
        if not present:
            return  # a heading or a note row
        self.count += 1
        total = _is_total_name(name)
        if not total:
            if name.startswith(FORMULA_START) and name not in self.formula_like:
                self.formula_like.append(name)
            kind = self.current_kind or h.segment_kind
            key = (name, kind)
            if key not in self.segments:
                if len(self.segments) >= MAX_SEGMENTS:
                    raise ImportProblem(
                        f"{line}行目: 区分が多すぎます（上限 {MAX_SEGMENTS}区分）。"
                        "ファイルを分けてください。",
                        row=line,
                    )
                self.segments[key] = ImportedSegment(name, kind, line)
        for column, month in present:
            side = row_side or column.side or self.default_side
            figure = row_figure or column.figure or "sales"
            amount = _amount(
                cells[column.index], row=line, column=column.index + 1, label=column.label, factor=self.factor
            )
            if amount is None:
                continue
            if total:
                self.totals.append((name, line, side, figure, month, amount))
                continue
            slot = (key, month, side, figure)
            # Several accounts of one figure (商品売上高 + 製品売上高) add up; a subtotal row (売上高合計)
            # is the figure and checks them; the same row label twice is a mistake.
            subtotal = row_figure is not None and figure_text.endswith("計")
            label = "(合計)" if subtotal else figure_text
            if (slot, label) in self.sources:
                raise ImportProblem(
                    f"{cell_place(line, column.index + 1, column.label)}: 「{name}」の"
                    f"{SIDE_LABELS[side]}{FIGURE_LABELS[figure]}（{month.year}年{month.month}月）が"
                    f"{self.sources[(slot, label)]}行目と重複しています。",
                    row=line,
                    column=column.index + 1,
                )
            self.sources[(slot, label)] = line
            if any(word in figure_text for word in _CONTRA_WORDS) and amount > 0:
                amount = -amount  # 売上値引・返品 shown positive reduces 売上高
            if subtotal:
                self.subtotals[slot] = (f"{name} {self._cell(cells, h.figure_col)}", amount, line)
            else:
                self.details.setdefault(slot, []).append((figure_text, amount, line))

    def _skip(self, name: str, label: str, *, derived: bool) -> None:
        text = f"{name}（{label}）" if label else name
        target = self.derived if derived else self.skipped
        if text not in target:
            target.append(text)

    def finish(self, encoding, unit, months, warnings) -> SalesMixFile:
        self.sub_differences: list[MixChecksum] = []
        costs: dict[tuple, int] = {}
        for slot in [*self.details, *(s for s in self.subtotals if s not in self.details)]:
            key, month, side, figure = slot
            details = self.details.get(slot, [])
            computed = sum(amount for _, amount, _ in details)
            if slot in self.subtotals:
                label, value, line = self.subtotals[slot]
                if details and value != computed:
                    difference = MixChecksum(label, line, side, figure, month, value, computed)
                    self.sub_differences.append(difference)
            else:
                value = computed
            if figure == "cost":
                costs[(key, month, side)] = value
            else:
                self.segments[key].months.setdefault(month, {})[f"{side}_{figure}"] = value
        self.costs = costs
        no_sales = []
        for (key, month, side), cost in self.costs.items():
            values = self.segments[key].months.setdefault(month, {})
            if f"{side}_gross_profit" in values:
                continue
            sales = values.get(f"{side}_sales")
            if sales is None:
                no_sales.append(f"{key[0]}（{month.year}年{month.month}月）")
                continue
            values[f"{side}_gross_profit"] = sales - cost
        for segment in self.segments.values():
            segment.months = {m: v for m, v in segment.months.items() if v}
        segments = [s for s in self.segments.values() if s.months]
        if not segments:
            raise ImportProblem(
                "取り込める区分の行がありません。区分名の列と、月の列に金額のある行があるか確かめてください。"
            )
        if self.costs:
            warnings.append("売上原価の行から、粗利（売上高 − 売上原価）を計算しました。")
        if no_sales:
            warnings.append(
                "売上高がないため売上原価から粗利を計算できなかった区分があります: " + "、".join(no_sales[:5])
            )
        if self.derived:
            warnings.append(
                "比率・差異・前年などの行は計算で求めるため読み飛ばしました: " + "、".join(self.derived[:5])
            )
        if self.skipped:
            warnings.append(
                "売上高・粗利・売上原価ではない行は読み飛ばしました: " + "、".join(self.skipped[:5])
            )
        if self.formula_like:
            warnings.append(
                "「=」「+」「-」「@」で始まる区分名があります（"
                + "、".join(self.formula_like[:5])
                + "）。文字として取り込み、数式としては扱いません。"
            )
        differences, checked = self._compare(segments)
        return SalesMixFile(
            encoding=encoding,
            unit=unit,
            months=months,
            segments=segments,
            checksum_differences=differences,
            checked_totals=checked,
            warnings=warnings,
            formula_like_names=self.formula_like,
            row_count=self.count,
        )

    def _compare(self, segments) -> tuple[list[MixChecksum], int]:
        differences = list(self.sub_differences)
        for label, line, side, figure, month, stated in self.totals:
            if figure == "cost":
                continue
            name = f"{side}_{figure}"
            known = [s.months[month][name] for s in segments if name in s.months.get(month, {})]
            computed = sum(known)
            if stated != computed:
                differences.append(MixChecksum(label, line, side, figure, month, stated, computed))
        checked = len([t for t in self.totals if t[3] != "cost"])
        checked += len([s for s in self.subtotals if s in self.details])
        return differences, checked


__all__ = [
    "FIELDS",
    "KINDS",
    "MAX_BYTES",
    "MAX_MONTHS",
    "MAX_SEGMENTS",
    "ImportedSegment",
    "MixChecksum",
    "SalesMixFile",
    "parse_sales_mix",
]
