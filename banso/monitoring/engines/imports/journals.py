"""仕訳帳 (journals) aggregated to each account's monthly movement.

freee (header with 借方決算書表示名), マネーフォワード (取引No/取引番号 + 借方勘定科目 …, 27 columns;
借方金額 with or without (円)) and 弥生インポート形式 (no header, 25 fixed columns, 識別フラグ in
{2000, 2110, 2100, 2101, 2111}). A row holds a debit and/or a credit; rows sharing a slip number form a
compound entry. The movement has the natural sign: lines on the credit side (売上高, 営業外収益,
特別利益) credit − debit, every other P&L line debit − credit, so contra accounts come out negative.
When a tax amount column is filled, the amount without it is used (税抜). Balance-sheet accounts are
left out: a journal gives movements, not month-end balances.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .accounts import CREDIT_LINES, guess_kind, line_of, suggest_line
from .cells import FORMULA_START, clean_name, name_key, parse_amount, parse_journal_date
from .result import BS, PL, ImportProblem, cell_place

YAYOI_FLAGS = frozenset({"2000", "2110", "2100", "2101", "2111"})
YAYOI_COLUMNS = 25


@dataclass
class JournalParse:
    layout: str
    months: list[dt.date]
    accounts: dict[str, dict[dt.date, Decimal]]
    kinds: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    formula_like: list[str] = field(default_factory=list)
    row_count: int = 0


@dataclass(frozen=True)
class _Columns:
    date: int
    slip: int | None
    debit: int
    debit_amount: int
    debit_tax: int | None
    credit: int
    credit_amount: int
    credit_tax: int | None
    labels: dict[int, str]


def _is_yayoi_row(cells: list) -> bool:
    return len(cells) == YAYOI_COLUMNS and str(cells[0]).strip() in YAYOI_FLAGS


def detect_journal(rows: list[tuple[int, list]]) -> tuple[str, int | None] | None:
    """(layout, header index or None) when the rows are a journal of a known vendor, else None."""
    for index, (_, cells) in enumerate(rows[:10]):
        keys = {name_key(clean_name(c)) for c in cells if isinstance(c, str)}
        if "借方決算書表示名" in keys:
            return "freee_journal", index
        has_pair = "借方勘定科目" in keys and "貸方勘定科目" in keys
        if has_pair and ({"取引No", "取引NO", "取引番号"} & keys or "借方インボイス" in keys):
            return "mf_journal", index
        if has_pair:
            return "freee_journal", index
    first = next((cells for _, cells in rows if any(str(c).strip() for c in cells)), None)
    if first is not None and _is_yayoi_row(first):
        return "yayoi_journal", None
    return None


def _header_columns(cells: list, row: int) -> _Columns:
    keys = [name_key(clean_name(c)) if isinstance(c, str) else "" for c in cells]

    def find(*names: str, prefix: bool = False, required: bool = True) -> int | None:
        for name in names:
            for column, key in enumerate(keys):
                if key == name or (prefix and key.startswith(name)):
                    return column
        if required:
            raise ImportProblem(f"{row}行目の見出しに「{names[0]}」の列が見つかりません。", row=row)
        return None

    return _Columns(
        date=find("取引日", "日付", "伝票日付"),
        slip=find("取引No", "取引NO", "取引番号", "No", "NO", "伝票番号", required=False),
        debit=find("借方勘定科目"),
        debit_amount=find("借方金額(円)", "借方金額", prefix=True),
        debit_tax=find("借方税金額", "借方税額", required=False),
        credit=find("貸方勘定科目"),
        credit_amount=find("貸方金額(円)", "貸方金額", prefix=True),
        credit_tax=find("貸方税金額", "貸方税額", required=False),
        labels={i: clean_name(c) for i, c in enumerate(cells)},
    )


# 弥生インポート形式, 0-based: 2 伝票No., 4 取引日付, 5 借方勘定科目, 9 借方金額, 10 借方税金額,
# 11 貸方勘定科目, 15 貸方金額, 16 貸方税金額.
_YAYOI = _Columns(
    date=3,
    slip=1,
    debit=4,
    debit_amount=8,
    debit_tax=9,
    credit=10,
    credit_amount=14,
    credit_tax=15,
    labels={
        0: "識別フラグ",
        1: "伝票No.",
        3: "取引日付",
        4: "借方勘定科目",
        8: "借方金額",
        9: "借方税金額",
        10: "貸方勘定科目",
        14: "貸方金額",
        15: "貸方税金額",
    },
)


def parse_journal(
    rows: list[tuple[int, list]], *, layout: str, header_index: int | None, mapping
) -> JournalParse:
    if layout == "yayoi_journal":
        columns, body = _YAYOI, rows
    else:
        if header_index is None:
            detected = detect_journal(rows)
            if detected is None or detected[1] is None:
                raise ImportProblem("仕訳帳の見出し行（借方勘定科目・貸方勘定科目）が見つかりません。")
            header_index = detected[1]
        line, cells = rows[header_index]
        columns, body = _header_columns(cells, line), rows[header_index + 1 :]
    debit: dict[tuple[str, dt.date], Decimal | int] = {}
    credit: dict[tuple[str, dt.date], Decimal | int] = {}
    dates: dict[str, dt.date] = {}
    slips: dict[str, list] = {}
    names: dict[str, str] = {}
    tax_used = False
    count = 0
    last_date: dt.date | None = None
    last_slip = None
    width = max(columns.date, columns.debit_amount, columns.credit_amount, columns.debit, columns.credit) + 1
    for line, cells in body:
        if not any(c not in (None, "") for c in cells):
            continue
        if layout == "yayoi_journal" and not _is_yayoi_row(cells):
            raise ImportProblem(
                f"{line}行目は弥生インポート形式の行ではありません"
                "（25列、1列目の識別フラグが 2000・2110・2100・2101・2111 のいずれか）。",
                row=line,
                column=1,
            )
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        count += 1
        raw_date = cells[columns.date]
        if raw_date in (None, "") and last_date is not None:
            month = last_date
        else:
            month = dates.get(raw_date) if isinstance(raw_date, str) else None
            if month is None:
                day = parse_journal_date(raw_date)
                if day is None:
                    place = cell_place(line, columns.date + 1, columns.labels.get(columns.date))
                    raise ImportProblem(
                        f"{place}の「{raw_date}」は日付として読めません。"
                        "2025/04/01 や 20250401、R07/04/01 の形にしてください。",
                        row=line,
                        column=columns.date + 1,
                    )
                month = dt.date(day.year, day.month, 1)
                if isinstance(raw_date, str):
                    dates[raw_date] = month
        last_date = month
        slip = cells[columns.slip] if columns.slip is not None else None
        if slip in (None, ""):
            slip = (
                last_slip if layout == "yayoi_journal" and str(cells[0]).strip() in ("2100", "2101") else line
            )
        last_slip = slip
        balance = slips.setdefault(f"{slip}", [0, 0, line])
        for account_col, amount_col, tax_col, target, pos in (
            (columns.debit, columns.debit_amount, columns.debit_tax, debit, 0),
            (columns.credit, columns.credit_amount, columns.credit_tax, credit, 1),
        ):
            raw_name = cells[account_col]
            if raw_name in (None, ""):
                continue
            name = names.get(raw_name) if isinstance(raw_name, str) else None
            if name is None:
                name = clean_name(raw_name)
                names[raw_name] = name
            amount = parse_amount(
                cells[amount_col], row=line, column=amount_col + 1, header=columns.labels.get(amount_col)
            )
            balance[pos] += amount
            if tax_col is not None and tax_col < len(cells) and cells[tax_col] not in (None, ""):
                tax = parse_amount(
                    cells[tax_col], row=line, column=tax_col + 1, header=columns.labels.get(tax_col)
                )
                if tax:
                    amount -= tax
                    tax_used = True
            key = (name, month)
            target[key] = target.get(key, 0) + amount
    if count == 0:
        raise ImportProblem("仕訳が1行もありません。")
    return _result(layout, debit, credit, slips, mapping, tax_used, count)


def _result(layout, debit, credit, slips, mapping, tax_used, count) -> JournalParse:
    months = sorted({month for _, month in (*debit, *credit)})
    accounts: dict[str, dict[dt.date, Decimal]] = {}
    kinds: dict[str, str] = {}
    left_out: list[str] = []
    formula_like: list[str] = []
    for name in sorted({n for n, _ in (*debit, *credit)}):
        line = line_of(name, mapping)
        kind = guess_kind(name, line)
        if kind == BS:
            left_out.append(name)
            continue
        side = line if line not in (None, "ignore") else suggest_line(name)
        credit_side = side in CREDIT_LINES
        values = {}
        for month in months:
            d = debit.get((name, month), 0)
            c = credit.get((name, month), 0)
            values[month] = Decimal(c - d if credit_side else d - c)
        accounts[name] = values
        kinds[name] = PL
        if name.startswith(FORMULA_START):
            formula_like.append(name)
    warnings = []
    unbalanced = [(key, b) for key, b in slips.items() if b[0] != b[1]]
    if unbalanced:
        shown = "、".join(f"{b[2]}行目（伝票 {key}）" for key, b in unbalanced[:5])
        more = f" ほか{len(unbalanced) - 5}件" if len(unbalanced) > 5 else ""
        warnings.append(f"借方と貸方の合計が一致しない仕訳があります：{shown}{more}。")
    if tax_used:
        warnings.append("税額の列に金額がある仕訳は、税額を差し引いた税抜の金額で集計しました。")
    if left_out:
        shown = "、".join(left_out[:8]) + (" ほか" if len(left_out) > 8 else "")
        warnings.append(
            f"貸借対照表の科目（{shown}）は仕訳帳から月末残高が分からないため取り込みません。"
            "現預金・借入金の残高は推移表か手入力で登録してください。"
        )
    return JournalParse(layout, months, accounts, kinds, warnings, formula_like, count)
