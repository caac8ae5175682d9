"""月次推移表 / 残高試算表: a row per account, a column per month (freee, マネーフォワード, 弥生, generic).

The header row is found by its keywords (勘定科目, 科目), never by position — except 弥生's header-less
年間推移 (3 label columns, months 1–6, 上半期, months 7–12, 下半期, 3 balance columns). Total and
section rows are not data: each is recomputed from the rows it adds up and compared (checksums).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from .accounts import BS_LINES, PL_LINES, SGA_PARTS, guess_kind, is_contra, line_of
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
from .result import BS, PL, ChecksumDifference, ImportProblem, cell_place, column_letter

Rows = list[tuple[int, list]]

HEADER_SCAN_ROWS = 30
_NAME_HEADERS = ("勘定科目", "勘定科目名", "科目", "科目名", "勘定科目・補助科目")

# Section headings and the labels of their total rows (brackets and 合計/計 removed).
SECTIONS: dict[str, tuple[str | None, str]] = {}
for _label, _line in (
    ("売上高", "net_sales"),
    ("純売上高", "net_sales"),
    ("売上", "net_sales"),
    ("売上原価", "cost_of_sales"),
    ("製造原価", "cost_of_sales"),
    ("当期製造原価", "cost_of_sales"),
    ("販売費及び一般管理費", "sga"),
    ("販売費及一般管理費", "sga"),
    ("販売費・一般管理費", "sga"),
    ("販売管理費", "sga"),
    ("販管費", "sga"),
    ("営業外収益", "non_operating_income"),
    ("営業外費用", "non_operating_expenses"),
    ("特別利益", "extraordinary_income"),
    ("特別損失", "extraordinary_losses"),
    ("法人税等", "income_taxes"),
):
    SECTIONS[_label] = (_line, PL)
for _label in (
    "資産",
    "資産の部",
    "流動資産",
    "固定資産",
    "有形固定資産",
    "無形固定資産",
    "投資その他の資産",
    "繰延資産",
    "負債",
    "負債の部",
    "流動負債",
    "固定負債",
    "純資産",
    "純資産の部",
    "株主資本",
    "負債及び純資産",
    "負債・純資産",
    "負債純資産",
    "現金・預金",
    "現金及び預金",
):
    SECTIONS[_label] = (None, BS)

# Profit rows: recomputed from the section sums.
PROFITS = {}
for _stem, _formula in (
    ("売上総", "gross"),
    ("営業", "operating"),
    ("経常", "ordinary"),
    ("税引前当期純", "pretax"),
    ("当期純", "net"),
):
    for _suffix in ("利益", "損益", "損失", "利益金額", "損失金額", "損益金額"):
        PROFITS[_stem + _suffix] = _formula
for _suffix in ("利益", "損益"):
    PROFITS["税引前当期" + _suffix] = "pretax"
    PROFITS["税金等調整前当期純" + _suffix] = "pretax"

_BRACKETS = str.maketrans("", "", "[]【】［］〔〕<>《》()")


def _label_stem(name: str) -> str:
    key = name_key(name).translate(_BRACKETS)
    for suffix in ("の合計", "合計", "小計", "計"):
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def _is_total_name(name: str) -> bool:
    key = name_key(name)
    bare = key.translate(_BRACKETS)
    return bare in PROFITS or key.endswith("計") or (key[:1] in "[【［〔<《" and bare in SECTIONS)


@dataclass
class _Data:
    row: int
    name: str
    sub: str
    section_line: str | None
    kind: str
    values: dict[dt.date, Decimal]
    is_data: bool = True


@dataclass
class _Check:
    label: str
    row: int
    stated: dict[dt.date, Decimal]
    mode: str  # profit | section | range | account
    arg: object
    upto: int
    kind: str


@dataclass
class TrialParse:
    layout: str
    months: list[dt.date]
    accounts: dict[str, dict[dt.date, Decimal]]
    kinds: dict[str, str]
    differences: list[ChecksumDifference]
    checked: int
    warnings: list[str] = field(default_factory=list)
    formula_like: list[str] = field(default_factory=list)
    row_count: int = 0


def find_header(rows: Rows) -> tuple[int, int] | None:
    """(index in rows, name column 0-based) of the header row, found by keywords."""
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [name_key(clean_name(c)) if isinstance(c, str) else "" for c in cells]
        for column, key in enumerate(keys):
            if key in _NAME_HEADERS:
                return index, column
        for column, key in enumerate(keys):
            if "科目" in key and "コード" not in key and "補助" not in key and len(key) <= 12:
                return index, column
    return None


def looks_like_yayoi_trial(rows: Rows) -> bool:
    """弥生 年間推移 without header: rows of exactly 20 columns whose columns 4–20 are numbers or blank."""
    wide = [cells for _, cells in rows if len(cells) == 20 and any(not is_blank(c) for c in cells[:3])]
    if not wide:
        return False
    for cells in wide[:20]:
        for value in cells[3:]:
            if is_blank(value):
                continue
            try:
                parse_amount(value, row=0, column=0)
            except ImportProblem:
                return False
    return True


def parse_trial(
    rows: Rows,
    *,
    layout: str | None,
    fiscal_year_end_month: int,
    fiscal_year: int | None,
    mapping: dict[str, str],
    cumulative_ok: bool,
) -> TrialParse:
    header = find_header(rows) if layout != "yayoi_trial" else None
    if header is None:
        if layout == "yayoi_trial" or (layout is None and looks_like_yayoi_trial(rows)):
            return _parse_yayoi(rows, fiscal_year_end_month, fiscal_year, mapping, cumulative_ok)
        raise ImportProblem(
            "見出し行が見つかりません。「勘定科目」または「科目」と書かれた見出し行があり、"
            "その右に月（4月、2025/04、2025年4月 など）の列が並ぶファイルを選んでください。"
        )
    index, name_col = header
    header_row, header_cells = rows[index]
    code_col = sub_col = None
    month_cols: list[tuple[int, int | None, int]] = []
    labels: dict[int, str] = {}
    for column, value in enumerate(header_cells):
        if column == name_col:
            continue
        label = clean_name(value) if not hasattr(value, "year") else f"{value.year}年{value.month}月"
        key = name_key(label)
        if "コード" in key and code_col is None:
            code_col = column
        elif "補助" in key and sub_col is None:
            sub_col = column
        else:
            month = parse_month_header(value)
            if month is not None:
                month_cols.append((column, month[0], month[1]))
                labels[column] = label
    if not month_cols:
        raise ImportProblem(
            f"{header_row}行目の見出しに月の列（4月、2025/04、2025年4月 など）が見つかりません。"
            "月ごとの推移表を出力してください。",
            row=header_row,
        )
    if layout is None:
        preamble = " ".join(clean_name(c) for _, cells in rows[:index] for c in cells if isinstance(c, str))
        if code_col is not None:
            layout = "freee_trial"
        elif sub_col is not None or "マネーフォワード" in preamble or "MONEYFORWARD" in preamble.upper():
            layout = "mf_trial"
        elif "弥生" in preamble:
            layout = "yayoi_trial"
        else:
            layout = "generic_trial"
    preamble_texts = [c for _, cells in rows[:index] for c in cells]
    resolved = resolve_years(
        month_cols,
        start=period_start(preamble_texts),
        fiscal_year=fiscal_year,
        fiscal_year_end_month=fiscal_year_end_month,
        row=header_row,
    )
    seen: dict[dt.date, int] = {}
    for column, month in resolved.items():
        if month in seen:
            raise ImportProblem(
                f"{header_row}行目の見出しで {column_letter(seen[month] + 1)}列と"
                f"{column_letter(column + 1)}列が"
                f"同じ月（{month.year}年{month.month}月）です。月の列が重複しないファイルにしてください。",
                row=header_row,
                column=column + 1,
            )
        seen[month] = column
    reader = _Reader(
        [(c, resolved[c], labels[c]) for c, _, _ in month_cols], mapping=mapping, code_col=code_col
    )
    for line, cells in rows[index + 1 :]:
        name = clean_name(cells[name_col]) if name_col < len(cells) else ""
        sub = clean_name(cells[sub_col]) if sub_col is not None and sub_col < len(cells) else ""
        code = None
        if code_col is not None:
            code = clean_name(cells[code_col]) if code_col < len(cells) else ""
        reader.row(line, cells, name, sub, code)
    return reader.finish(layout, cumulative_ok)


def _parse_yayoi(rows, end_month, fiscal_year, mapping, cumulative_ok) -> TrialParse:
    first_data = next(i for i, (_, cells) in enumerate(rows) if len(cells) == 20)
    start = period_start([c for _, cells in rows[:first_data] for c in cells])
    columns = [(c, None, (end_month + n) % 12 + 1) for n, c in enumerate([*range(3, 9), *range(10, 16)])]
    resolved = resolve_years(
        columns,
        start=start,
        fiscal_year=fiscal_year,
        fiscal_year_end_month=end_month,
        row=rows[first_data][0],
    )
    reader = _Reader(
        [(c, resolved[c], f"{resolved[c].month}月") for c, _, _ in columns], mapping=mapping, code_col=None
    )
    current = ""
    for line, cells in rows[first_data:]:
        if len(cells) != 20:
            continue
        labels = [clean_name(c) for c in cells[:3]]
        if labels[2]:
            name, sub = (labels[1] or current), labels[2]
        else:
            name, sub = (labels[1] or labels[0]), ""
            if labels[1]:
                current = labels[1]
        reader.row(line, cells, name, sub, None)
    return reader.finish("yayoi_trial", cumulative_ok)


class _Reader:
    """Reads data rows in order, keeping the current section, headings and blocks for the checksums."""

    def __init__(self, months: list[tuple[int, dt.date, str]], *, mapping, code_col):
        self.months = months
        self.mapping = mapping
        self.code_col = code_col
        self.data: list[_Data] = []
        self.checks: list[_Check] = []
        self.section_line: str | None = None
        self.section_kind: str | None = None
        self.block_start = 0
        self.headings: dict[str, int] = {}
        self.formula_like: list[str] = []
        self.count = 0

    def row(self, line: int, cells: list, name: str, sub: str, code: str | None) -> None:
        present = [(c, m, h) for c, m, h in self.months if c < len(cells) and not is_blank(cells[c])]
        if not name and not sub:
            if present:
                column, _, header = present[0]
                raise ImportProblem(
                    f"{cell_place(line, column + 1, header)}に金額がありますが、勘定科目が空です。",
                    row=line,
                    column=column + 1,
                )
            return
        self.count += 1
        if not present:  # a heading: opens a section or a block
            stem = _label_stem(name)
            self.headings[stem] = len(self.data)
            self.block_start = len(self.data)
            if stem in SECTIONS:
                self.section_line, self.section_kind = SECTIONS[stem]
            return
        values = {
            month: parse_amount(cells[c], row=line, column=c + 1, header=h)
            for c, month, h in self.months
            if c < len(cells)
        }
        for _, month, _ in self.months:
            values.setdefault(month, 0)
        values = {m: Decimal(v) for m, v in values.items()}
        is_total = (code == "" and not sub) if code is not None else (not sub and _is_total_name(name))
        if is_total:
            self._total(line, name, values)
            return
        for text in (name, sub):
            if text.startswith(FORMULA_START) and text not in self.formula_like:
                self.formula_like.append(text)
        line_key = line_of(name, self.mapping)
        section_line = (
            self.section_line
            if self.section_line is not None
            else (line_key if line_key in PL_LINES else None)
        )
        kind = guess_kind(name, line_key, self.section_kind)
        self.data.append(_Data(line, name, sub, section_line, kind, values))

    def _total(self, line: int, name: str, values: dict[dt.date, Decimal]) -> None:
        stem = _label_stem(name)
        bare = name_key(name).translate(_BRACKETS)
        upto = len(self.data)
        kind = self.section_kind or PL
        if bare in PROFITS:
            check = _Check(name, line, values, "profit", PROFITS[bare], upto, PL)
        elif stem in SECTIONS and SECTIONS[stem][0] is not None and stem not in self.headings:
            check = _Check(name, line, values, "section", SECTIONS[stem][0], upto, PL)
        elif stem in self.headings:
            check = _Check(name, line, values, "range", self.headings.pop(stem), upto, kind)
        else:
            check = _Check(name, line, values, "range", self.block_start, upto, kind)
        self.checks.append(check)
        self.block_start = upto
        if stem in SECTIONS and SECTIONS[stem][0] is not None and self.section_line == SECTIONS[stem][0]:
            self.section_line = None

    def finish(self, layout: str, cumulative_ok: bool) -> TrialParse:
        months = sorted(m for _, m, _ in self.months)
        warnings: list[str] = []
        # Sub-accounts: the account's own row (if any) becomes a check of its sub rows.
        with_subs = {d.name for d in self.data if d.sub}
        for index, item in enumerate(self.data):
            if item.name in with_subs and not item.sub:
                item.is_data = False
                self.checks.append(
                    _Check(
                        f"{item.name}（補助科目の合計）",
                        item.row,
                        item.values,
                        "account",
                        item.name,
                        index,
                        item.kind,
                    )
                )
        # Contra accounts shown as positive amounts are subtracted inside their section.
        sums: dict[str, Decimal] = {}
        for item in self.data:
            if item.is_data:
                sums[item.name] = sums.get(item.name, Decimal(0)) + sum(item.values.values(), Decimal(0))
        for item in self.data:
            if is_contra(item.name) and sums.get(item.name, 0) > 0:
                item.values = {m: -v for m, v in item.values.items()}
        cumulative = _cumulative_example(self.data, months)
        if cumulative is not None:
            if not cumulative_ok:
                raise ImportProblem(
                    "このファイルの損益は月ごとの金額ではなく、期首からの累計で出力されているようです"
                    f"（例：{cumulative}）。会計ソフトで月ごとの金額（発生額）を選んで出力し直すか、"
                    "累計のファイルとして取り込むことを選んでください。"
                )
            _check_contiguous(months)
            for item in self.data:
                if item.kind == PL:
                    item.values = _decumulated(item.values, months)
            for check in self.checks:
                if check.kind == PL:
                    check.stated = _decumulated(check.stated, months)
            first = months[0]
            warnings.append(
                f"累計で出力されたファイルとして、前月との差額を各月の金額にしました（{first.year}年{first.month}月は"
                "期首からの累計のままです）。"
            )
        accounts: dict[str, dict[dt.date, Decimal]] = {}
        kinds: dict[str, str] = {}
        for item in self.data:
            if not item.is_data:
                continue
            target = accounts.setdefault(item.name, {m: Decimal(0) for m in months})
            for month, value in item.values.items():
                target[month] += value
            kinds.setdefault(item.name, item.kind)
        differences, checked = self._compare(months)
        return TrialParse(
            layout, months, accounts, kinds, differences, checked, warnings, self.formula_like, self.count
        )

    def _compare(self, months: list[dt.date]) -> tuple[list[ChecksumDifference], int]:
        differences: list[ChecksumDifference] = []
        checked = 0
        for check in self.checks:
            rows = [d for d in self.data[: check.upto] if d.is_data]
            if check.mode == "account":
                rows = [d for d in self.data if d.is_data and d.name == check.arg]
            elif check.mode == "range":
                rows = [d for d in self.data[check.arg : check.upto] if d.is_data]
            for month in months:
                if check.mode == "profit":
                    computed = _profit(rows, month, check.arg)
                elif check.mode == "section":
                    wanted = {check.arg, *SGA_PARTS} if check.arg == "sga" else {check.arg}
                    computed = sum((d.values[month] for d in rows if d.section_line in wanted), Decimal(0))
                else:
                    computed = sum((d.values[month] for d in rows), Decimal(0))
                stated = check.stated[month]
                checked += 1
                if stated == computed or (
                    check.mode == "profit" and "損失" in check.label and stated == -computed
                ):
                    continue
                differences.append(ChecksumDifference(check.label, check.row, month, stated, computed))
        return differences, checked


def _profit(rows: list[_Data], month: dt.date, formula: str) -> Decimal:
    sums: dict[str, Decimal] = {}
    for d in rows:
        if d.section_line is not None:
            sums[d.section_line] = sums.get(d.section_line, Decimal(0)) + d.values[month]
    get = lambda line: sums.get(line, Decimal(0))  # noqa: E731
    value = get("net_sales") - get("cost_of_sales")
    if formula == "gross":
        return value
    value -= get("sga") + get("personnel_costs") + get("depreciation")
    if formula == "operating":
        return value
    value += get("non_operating_income") - get("non_operating_expenses")
    if formula == "ordinary":
        return value
    value += get("extraordinary_income") - get("extraordinary_losses")
    if formula == "pretax":
        return value
    return value - get("income_taxes")


def _cumulative_example(data: list[_Data], months: list[dt.date]) -> str | None:
    """'売上高 4月 1,000 → 5月 2,100 → 6月 3,300' when the P&L looks exported as running totals: at
    least two P&L accounts, and 80 % of those with positive amounts, rise every month over 3+ months."""
    if len(months) < 3:
        return None
    candidates = []
    for item in data:
        if not item.is_data or item.kind != PL or is_contra(item.name):
            continue
        series = [item.values[m] for m in months]
        if all(v >= 0 for v in series) and series[-1] > 0:
            candidates.append((item, series))
    rising = [(item, s) for item, s in candidates if all(b > a for a, b in itertools.pairwise(s))]
    if len(rising) < 2 or len(rising) < 0.8 * len(candidates):
        return None
    item, series = rising[0]
    steps = " → ".join(f"{m.month}月 {v:,}" for m, v in list(zip(months, series, strict=True))[:3])
    return f"{item.name} {steps}"


def _check_contiguous(months: list[dt.date]) -> None:
    for a, b in itertools.pairwise(months):
        if (b.year * 12 + b.month) - (a.year * 12 + a.month) != 1:
            raise ImportProblem(
                "累計のファイルは月が連続している必要があります。月の抜けがないファイルにしてください。"
            )


def _decumulated(values: dict[dt.date, Decimal], months: list[dt.date]) -> dict[dt.date, Decimal]:
    result = {}
    previous = Decimal(0)
    for month in months:
        result[month] = values[month] - previous
        previous = values[month]
    return result


__all__ = ["BS_LINES", "TrialParse", "find_header", "looks_like_yayoi_trial", "parse_trial"]
