"""Account → statement line: the seed table of docs (accounting_imports.md), the contra accounts, and
how a company's confirmed mapping is applied.

The seed places the usual Japanese account names (matched after NFKC, spaces ignored). A company's
explicit mapping ({account name: line key or "ignore"}) always wins over the seed. An account placed
on ``personnel_costs`` or ``depreciation`` also counts in ``sga`` (they are うち items of 販管費).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .cells import clean_name, name_key
from .result import BS, PL, ImportProblem, UnmappedAccount

IGNORE = "ignore"

# The statement lines an account can be mapped to (the monitoring line keys that are imported).
PL_LINES = (
    "net_sales",
    "cost_of_sales",
    "sga",
    "personnel_costs",
    "depreciation",
    "non_operating_income",
    "non_operating_expenses",
    "extraordinary_income",
    "extraordinary_losses",
    "income_taxes",
)
BS_LINES = ("cash_and_deposits", "borrowings")
MAPPABLE = frozenset((*PL_LINES, *BS_LINES, IGNORE))
SGA_PARTS = ("personnel_costs", "depreciation")
# Lines on the credit side: in a journal their movement is credit − debit.
CREDIT_LINES = frozenset({"net_sales", "non_operating_income", "extraordinary_income"})

_SEED_GROUPS: dict[str, tuple[str, ...]] = {
    "net_sales": (
        "売上高",
        "売上",
        "商品売上高",
        "製品売上高",
        "役務収益",
        "売上値引・返品",
        "売上値引",
        "売上返品",
        "売上値引高",
        "売上戻り高",
        "完成工事高",
        "サービス売上高",
    ),
    "cost_of_sales": (
        "期首商品棚卸高",
        "期首製品棚卸高",
        "仕入高",
        "商品仕入高",
        "仕入",
        "仕入値引・返品",
        "仕入値引",
        "仕入返品",
        "仕入値引高",
        "他勘定振替高",
        "期末商品棚卸高",
        "期末製品棚卸高",
        "当期製品製造原価",
        "材料費",
        "労務費",
        "外注加工費",
        "製造経費",
        "材料仕入高",
        "期首材料棚卸高",
        "期末材料棚卸高",
    ),
    "personnel_costs": (
        "役員報酬",
        "給料手当",
        "給与手当",
        "給料",
        "賞与",
        "雑給",
        "退職給与",
        "退職金",
        "法定福利費",
        "福利厚生費",
    ),
    "depreciation": ("減価償却費",),
    "sga": (
        "外注費",
        "荷造運賃",
        "広告宣伝費",
        "接待交際費",
        "交際費",
        "会議費",
        "旅費交通費",
        "通信費",
        "水道光熱費",
        "修繕費",
        "消耗品費",
        "事務用品費",
        "地代家賃",
        "賃借料",
        "リース料",
        "保険料",
        "租税公課",
        "支払手数料",
        "支払報酬",
        "支払報酬料",
        "雑費",
        "新聞図書費",
        "諸会費",
        "車両費",
        "販売手数料",
        "研究開発費",
        "貸倒引当金繰入額",
        "貸倒損失",
        "教育研修費",
    ),
    "non_operating_income": ("受取利息", "受取配当金", "雑収入", "仕入割引", "為替差益", "受取利息配当金"),
    "non_operating_expenses": (
        "支払利息",
        "支払利息割引料",
        "割引料",
        "手形売却損",
        "売上割引",
        "雑損失",
        "為替差損",
    ),
    "extraordinary_income": ("固定資産売却益", "投資有価証券売却益", "貸倒引当金戻入額", "前期損益修正益"),
    "extraordinary_losses": (
        "固定資産売却損",
        "固定資産除却損",
        "減損損失",
        "投資有価証券評価損",
        "災害損失",
    ),
    "income_taxes": (
        "法人税、住民税及び事業税",
        "法人税,住民税及び事業税",
        "法人税等",
        "法人税等調整額",
        "法人税住民税及び事業税",
    ),
    "cash_and_deposits": (
        "現金及び預金",
        "現金・預金",
        "現金",
        "小口現金",
        "当座預金",
        "普通預金",
        "定期預金",
        "定期積金",
        "通知預金",
    ),
    "borrowings": (
        "短期借入金",
        "1年以内返済予定の長期借入金",
        "長期借入金",
        "社債",
        "役員借入金",
        "借入金",
    ),
}
# Balance-sheet accounts that are no monitoring line (kept apart, never summed into a P&L line).
_BS_IGNORED = (
    "売掛金",
    "受取手形",
    "電子記録債権",
    "商品",
    "製品",
    "半製品",
    "仕掛品",
    "原材料",
    "貯蔵品",
    "買掛金",
    "支払手形",
    "電子記録債務",
    "未払金",
    "未払費用",
    "預り金",
    "前受金",
    "前払費用",
    "前払金",
    "立替金",
    "仮払金",
    "仮受金",
    "未収入金",
    "仮払消費税",
    "仮払消費税等",
    "仮受消費税",
    "仮受消費税等",
    "未払消費税",
    "未払消費税等",
    "未払法人税等",
    "貸倒引当金",
    "建物",
    "建物附属設備",
    "構築物",
    "機械装置",
    "車両運搬具",
    "工具器具備品",
    "土地",
    "減価償却累計額",
    "ソフトウェア",
    "敷金",
    "保証金",
    "差入保証金",
    "投資有価証券",
    "出資金",
    "長期前払費用",
    "リース債務",
    "資本金",
    "資本剰余金",
    "資本準備金",
    "利益剰余金",
    "繰越利益剰余金",
    "利益準備金",
    "自己株式",
    "事業主貸",
    "事業主借",
    "元入金",
    "諸口",
    "賞与引当金",
    "退職給付引当金",
)

SEED: dict[str, str] = {}
for _line, _names in _SEED_GROUPS.items():
    for _name in _names:
        SEED.setdefault(name_key(_name), _line)
for _name in _BS_IGNORED:
    SEED.setdefault(name_key(_name), IGNORE)
SEED_KIND: dict[str, str] = {
    key: (BS if line in BS_LINES or key in {name_key(n) for n in _BS_IGNORED} else PL)
    for key, line in SEED.items()
}

# Contra accounts: they carry the opposite sign inside their section.
CONTRA = frozenset(
    name_key(n)
    for n in (
        "売上値引・返品",
        "売上値引",
        "売上返品",
        "売上値引高",
        "売上戻り高",
        "仕入値引・返品",
        "仕入値引",
        "仕入返品",
        "仕入値引高",
        "期末商品棚卸高",
        "期末製品棚卸高",
        "期末材料棚卸高",
        "他勘定振替高",
        "減価償却累計額",
        "貸倒引当金",
    )
)

# Guesses for names the seed does not know: (substring, line), first match wins. Never applied
# automatically — shown as the suggestion of an unmapped account.
_HINTS = (
    ("売上原価", "cost_of_sales"),
    ("仕入", "cost_of_sales"),
    ("原価", "cost_of_sales"),
    ("売上", "net_sales"),
    ("収益", "net_sales"),
    ("給", "personnel_costs"),
    ("賞与", "personnel_costs"),
    ("報酬", "personnel_costs"),
    ("福利", "personnel_costs"),
    ("減価償却", "depreciation"),
    ("受取利息", "non_operating_income"),
    ("雑収入", "non_operating_income"),
    ("支払利息", "non_operating_expenses"),
    ("雑損", "non_operating_expenses"),
    ("売却益", "extraordinary_income"),
    ("売却損", "extraordinary_losses"),
    ("除却損", "extraordinary_losses"),
    ("法人税", "income_taxes"),
    ("預金", "cash_and_deposits"),
    ("現金", "cash_and_deposits"),
    ("借入金", "borrowings"),
    ("費", "sga"),
    ("料", "sga"),
)
_BS_SUFFIXES = ("金", "資産", "債権", "債務", "引当金", "手形", "消費税", "消費税等", "勘定")


def seed_line(name: str) -> str | None:
    """The seed table's line for an account name, or None."""
    return SEED.get(name_key(name))


def suggest_line(name: str) -> str | None:
    """A line key for an account name: the seed's when it knows the name, else a guess from words in
    it (給 → personnel_costs, …費 → sga …), else None."""
    key = name_key(name)
    if key in SEED:
        return SEED[key]
    for word, line in _HINTS:
        if word in key:
            return line
    return None


def is_contra(name: str) -> bool:
    return name_key(name) in CONTRA


def guess_kind(name: str, line: str | None, section_kind: str | None = None) -> str:
    """ "pl" or "bs": from the line, the seed, the section of the file, else the name's ending."""
    if line in BS_LINES:
        return BS
    if line in PL_LINES:
        return PL
    key = name_key(name)
    if key in SEED_KIND:
        return SEED_KIND[key]
    if section_kind is not None:
        return section_kind
    if key.endswith(_BS_SUFFIXES) and not key.endswith(("料金", "賃金")):
        return BS
    return PL


def normalized_mapping(mapping: dict[str, str] | None) -> dict[str, str]:
    """The company mapping keyed like the seed; an unknown target is refused (Japanese)."""
    result: dict[str, str] = {}
    for name, line in (mapping or {}).items():
        if line not in MAPPABLE:
            raise ImportProblem(
                f"勘定科目「{clean_name(name)}」の対応先「{line}」は取り込み先の行ではありません。"
            )
        result[name_key(name)] = line
    return result


def line_of(name: str, mapping: dict[str, str]) -> str | None:
    """The company mapping's line (already normalized), else the seed's, else None."""
    key = name_key(name)
    return mapping.get(key) or SEED.get(key)


def map_accounts(
    accounts: dict[str, dict[dt.date, Decimal]],
    kinds: dict[str, str],
    mapping: dict[str, str],
    months: list[dt.date],
) -> tuple[dict[str, dict[dt.date, Decimal]], list[UnmappedAccount]]:
    """(totals per line and month, unmapped accounts) — ``mapping`` as returned by normalized_mapping."""
    totals: dict[str, dict[dt.date, Decimal]] = {}
    unmapped: list[UnmappedAccount] = []

    def add(line: str, values: dict[dt.date, Decimal]) -> None:
        target = totals.setdefault(line, {m: Decimal(0) for m in months})
        for month, amount in values.items():
            target[month] += amount

    for name, values in accounts.items():
        line = line_of(name, mapping)
        if line is None:
            kind = kinds.get(name, PL)
            if kind == BS:
                total = values[max(values)] if values else Decimal(0)
            else:
                total = sum(values.values(), Decimal(0))
            unmapped.append(UnmappedAccount(name, kind, total, suggest_line(name)))
            continue
        if line == IGNORE:
            continue
        add(line, values)
        if line in SGA_PARTS:
            add("sga", values)
    return totals, unmapped
