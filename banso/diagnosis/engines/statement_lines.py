"""The lines of a financial statement (決算書) that Banso keeps — docs/domain.md §3.1 plus 負債合計.

Plain data, no Django: the engine, the statement checks, the model, the form, the Excel template, the
API and the exports all read this one list, so a line is named and labelled in one place. Keys are
the API's field names (api.md).

負債合計 (``total_liabilities``) is not needed by any indicator; Banso adds it so that the balance
check 総資産 = 負債合計 + 純資産 can be a real check (see statement_checks.py). It is optional: without it
the check falls back to what the entered liability lines allow.
"""

from __future__ import annotations

from dataclasses import dataclass

PL = "pl"
ASSETS = "assets"
LIABILITIES = "liabilities"

SECTION_LABELS = {
    PL: "損益計算書（P/L）",
    ASSETS: "貸借対照表（B/S）資産の部",
    LIABILITIES: "貸借対照表（B/S）負債・純資産の部",
}

# Largest amount accepted, in yen (1,000兆円): far beyond any SME, well inside a 64-bit integer.
MAX_AMOUNT = 10**18 // 1000


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    label: str
    section: str
    may_be_negative: bool = False
    required_for_final: bool = False  # needed before the statement can be confirmed and scored
    help: str = ""
    in_engine: bool = True  # used by the local benchmark engine (負債合計 is only for the check)


LINES: tuple[Line, ...] = (
    Line("net_sales", "売上高", PL, required_for_final=True),
    Line("cost_of_sales", "売上原価", PL, help="製造業では製造原価を含みます。なければ0。"),
    Line("sga", "販売費及び一般管理費", PL, help="販管費。"),
    Line(
        "operating_income",
        "営業利益",
        PL,
        may_be_negative=True,
        required_for_final=True,
        help="売上高 − 売上原価 − 販管費。損失は △ を付けて入力します。",
    ),
    Line("depreciation", "減価償却費", PL, help="販管費と製造原価に含まれる減価償却費の合計。"),
    Line("ordinary_income", "経常利益", PL, may_be_negative=True),
    Line("net_income", "当期純利益", PL, may_be_negative=True),
    Line("cash_and_deposits", "現金及び預金", ASSETS),
    Line("accounts_receivable", "売掛金", ASSETS),
    Line("notes_receivable", "受取手形", ASSETS, help="割引・裏書に出した手形は含めません。"),
    Line("electronic_receivables", "電子記録債権", ASSETS),
    Line("inventories", "棚卸資産", ASSETS, help="商品・製品・仕掛品・原材料などの合計。"),
    Line("total_assets", "総資産（資産合計）", ASSETS, required_for_final=True),
    Line("accounts_payable", "買掛金", LIABILITIES),
    Line("notes_payable", "支払手形", LIABILITIES),
    Line("electronic_payables", "電子記録債務", LIABILITIES),
    Line(
        "short_term_borrowings",
        "短期借入金",
        LIABILITIES,
        help="1年以内返済予定の長期借入金を含めます。",
    ),
    Line("long_term_borrowings", "長期借入金", LIABILITIES),
    Line("bonds", "社債", LIABILITIES),
    Line("lease_obligations", "リース債務", LIABILITIES),
    Line(
        "total_liabilities",
        "負債合計",
        LIABILITIES,
        help="入力すると「総資産 ＝ 負債合計 ＋ 純資産」を確認できます。",
        in_engine=False,
    ),
    Line(
        "net_assets",
        "純資産（資本合計）",
        LIABILITIES,
        may_be_negative=True,
        required_for_final=True,
        help="債務超過の場合は △ を付けて入力します。",
    ),
)

LINE_KEYS: tuple[str, ...] = tuple(line.key for line in LINES)
LINES_BY_KEY = {line.key: line for line in LINES}

EMPLOYEES_LABEL = "従業員数"
EMPLOYEES_HELP = "期末の常時雇用者数（人）。役員・パートの扱いは毎期そろえてください。"

# Short labels for messages and the engine ("販管費" rather than the full name).
SHORT_LABELS: dict[str, str] = {
    **{line.key: line.label.split("（")[0] for line in LINES},
    "sga": "販管費",
    "employees": EMPLOYEES_LABEL,
}

ASSET_DETAIL_KEYS = (
    "cash_and_deposits",
    "accounts_receivable",
    "notes_receivable",
    "electronic_receivables",
    "inventories",
)
LIABILITY_DETAIL_KEYS = (
    "accounts_payable",
    "notes_payable",
    "electronic_payables",
    "short_term_borrowings",
    "long_term_borrowings",
    "bonds",
    "lease_obligations",
)


def lines_in(section: str) -> tuple[Line, ...]:
    return tuple(line for line in LINES if line.section == section)
