"""What an accounting import returns (plain data, JSON round-trip) and the one error it raises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from banso.core.errors import DomainError

# Layouts the importer recognises (``layout=`` accepts the same names to skip detection).
TRIAL_LAYOUTS = ("freee_trial", "mf_trial", "yayoi_trial", "generic_trial")
JOURNAL_LAYOUTS = ("freee_journal", "mf_journal", "yayoi_journal")
LAYOUTS = TRIAL_LAYOUTS + JOURNAL_LAYOUTS

LAYOUT_LABELS = {
    "freee_trial": "freee 推移表",
    "mf_trial": "マネーフォワード 推移表",
    "yayoi_trial": "弥生会計 年間推移",
    "generic_trial": "推移表（汎用）",
    "freee_journal": "freee 仕訳帳",
    "mf_journal": "マネーフォワード 仕訳帳",
    "yayoi_journal": "弥生インポート形式 仕訳",
}

PL = "pl"  # a profit-and-loss account: the month's movement
BS = "bs"  # a balance-sheet account: the month-end balance


class ImportProblem(DomainError):
    """The file cannot be imported. ``message`` is Japanese and names the row (1-based line of the
    file) and column (1-based; ``column_letter`` gives the spreadsheet letter) where it can."""

    def __init__(self, message: str, *, row: int | None = None, column: int | None = None, status: int = 400):
        super().__init__(message)
        self.row = row
        self.column = column
        self.status = status


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_place(row: int, column: int, header: str | None = None) -> str:
    """'3行目 C列（2025年5月）' — how messages name a cell."""
    place = f"{row}行目 {column_letter(column)}列"
    return f"{place}（{header}）" if header else place


def month_key(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def parse_month_key(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def _amount_json(value: Decimal):
    return int(value) if value == value.to_integral_value() else str(value)


@dataclass(frozen=True)
class ChecksumDifference:
    """A total row of the file that disagrees with the rows it adds up.

    ``difference`` = stated − computed."""

    label: str
    row: int
    month: dt.date
    stated: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed


@dataclass(frozen=True)
class UnmappedAccount:
    """An account neither the company's mapping nor the seed table places; ``total`` is the sum of its
    months (P&L) or its latest balance (B/S); ``suggestion`` a line key guessed from the name, or None."""

    name: str
    kind: str
    total: Decimal
    suggestion: str | None


@dataclass
class ImportResult:
    """A parsed accounting file.

    - ``months``: first days of the months found, sorted.
    - ``accounts``: {account name (NFKC, trimmed): {month: yen}} — P&L accounts the month's movement,
      B/S accounts the month-end balance, signed as they count in their statement line (revenue and
      expenses positive; contra accounts such as 売上値引・返品 or 期末商品棚卸高 negative).
    - ``account_kinds``: {account name: "pl" | "bs"} (a guess from the seed table and the file's sections).
    - ``totals``: {line key: {month: yen}} after mapping; ``personnel_costs`` and ``depreciation``
      count in ``sga`` too. Lines without any mapped account are absent.
    - ``unmapped_accounts``, ``checksum_differences``: see their classes; ``checked_totals`` counts the
      total-row cells compared.
    - ``warnings``: Japanese sentences for the preview (cumulative export converted, formula-like names…).
    - ``formula_like_names``: account names starting with = + - @: kept as text; exporters must write
      them through the core safe-text helpers (they always do).
    """

    layout: str
    encoding: str | None
    months: list[dt.date]
    accounts: dict[str, dict[dt.date, Decimal]]
    account_kinds: dict[str, str]
    totals: dict[str, dict[dt.date, Decimal]]
    unmapped_accounts: list[UnmappedAccount] = field(default_factory=list)
    checksum_differences: list[ChecksumDifference] = field(default_factory=list)
    checked_totals: int = 0
    warnings: list[str] = field(default_factory=list)
    formula_like_names: list[str] = field(default_factory=list)
    row_count: int = 0

    def to_json(self) -> dict:
        """JSON-ready dict (months 'YYYY-MM', yen as int, or str when not whole); see ``from_json``."""

        def series(values: dict[dt.date, Decimal]) -> dict[str, object]:
            return {month_key(m): _amount_json(v) for m, v in sorted(values.items())}

        return {
            "layout": self.layout,
            "encoding": self.encoding,
            "months": [month_key(m) for m in self.months],
            "accounts": {name: series(values) for name, values in self.accounts.items()},
            "account_kinds": dict(self.account_kinds),
            "totals": {line: series(values) for line, values in self.totals.items()},
            "unmapped_accounts": [
                {"name": u.name, "kind": u.kind, "total": _amount_json(u.total), "suggestion": u.suggestion}
                for u in self.unmapped_accounts
            ],
            "checksum_differences": [
                {
                    "label": c.label,
                    "row": c.row,
                    "month": month_key(c.month),
                    "stated": _amount_json(c.stated),
                    "computed": _amount_json(c.computed),
                    "difference": _amount_json(c.difference),
                }
                for c in self.checksum_differences
            ],
            "checked_totals": self.checked_totals,
            "warnings": list(self.warnings),
            "formula_like_names": list(self.formula_like_names),
            "row_count": self.row_count,
        }

    @classmethod
    def from_json(cls, data: dict) -> ImportResult:
        def series(values: dict) -> dict[dt.date, Decimal]:
            return {parse_month_key(k): Decimal(str(v)) for k, v in values.items()}

        return cls(
            layout=data["layout"],
            encoding=data.get("encoding"),
            months=[parse_month_key(m) for m in data["months"]],
            accounts={name: series(v) for name, v in data["accounts"].items()},
            account_kinds=dict(data.get("account_kinds", {})),
            totals={line: series(v) for line, v in data["totals"].items()},
            unmapped_accounts=[
                UnmappedAccount(u["name"], u["kind"], Decimal(str(u["total"])), u.get("suggestion"))
                for u in data.get("unmapped_accounts", [])
            ],
            checksum_differences=[
                ChecksumDifference(
                    c["label"],
                    c["row"],
                    parse_month_key(c["month"]),
                    Decimal(str(c["stated"])),
                    Decimal(str(c["computed"])),
                )
                for c in data.get("checksum_differences", [])
            ],
            checked_totals=data.get("checked_totals", 0),
            warnings=list(data.get("warnings", [])),
            formula_like_names=list(data.get("formula_like_names", [])),
            row_count=data.get("row_count", 0),
        )
