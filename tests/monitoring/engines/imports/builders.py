"""Builders of accounting export files for the import tests (CSV bytes in a chosen encoding, or .xlsx)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook


def csv_bytes(rows: list[list[object]], *, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# A small P&L for three months (April–June 2025), amounts in yen.
PL_LINES = [
    # (code, name, [apr, may, jun])
    ("4110", "売上高", [1_200_000, 1_350_000, 980_000]),
    ("4120", "売上値引・返品", [20_000, 0, 15_000]),  # contra, shown positive
    ("5110", "仕入高", [600_000, 640_000, 500_000]),
    ("6110", "給料手当", [300_000, 300_000, 310_000]),
    ("6120", "地代家賃", [100_000, 100_000, 100_000]),
    ("6130", "減価償却費", [50_000, 50_000, 50_000]),
    ("6140", "広告宣伝費", [0, 80_000, 10_000]),
    ("7110", "受取利息", [10, 0, 12]),
    ("7210", "支払利息", [8_000, 8_000, 7_900]),
]


def pl_section_rows(*, total_override: dict | None = None, fmt=str) -> list[list[object]]:
    """name + 3 months rows with headings and totals, in the order of a Japanese P&L."""
    v = {name: values for _, name, values in PL_LINES}
    sales = [a - b for a, b in zip(v["売上高"], v["売上値引・返品"], strict=True)]
    sga = [sum(x) for x in zip(v["給料手当"], v["地代家賃"], v["減価償却費"], v["広告宣伝費"], strict=True)]
    gross = [a - b for a, b in zip(sales, v["仕入高"], strict=True)]
    operating = [a - b for a, b in zip(gross, sga, strict=True)]
    ordinary = [a + b - c for a, b, c in zip(operating, v["受取利息"], v["支払利息"], strict=True)]
    totals = {
        "売上高合計": sales,
        "売上原価合計": v["仕入高"],
        "売上総利益": gross,
        "販売費及び一般管理費合計": sga,
        "営業利益": operating,
        "営業外収益合計": v["受取利息"],
        "営業外費用合計": v["支払利息"],
        "経常利益": ordinary,
    }
    totals.update(total_override or {})

    def line(name):
        return [name, *[fmt(x) for x in v[name]]]

    def total(name):
        return [name, *[fmt(x) for x in totals[name]]]

    return [
        ["[売上高]", None, None, None],
        line("売上高"),
        line("売上値引・返品"),
        total("売上高合計"),
        ["[売上原価]", None, None, None],
        line("仕入高"),
        total("売上原価合計"),
        total("売上総利益"),
        ["[販売費及び一般管理費]", None, None, None],
        line("給料手当"),
        line("地代家賃"),
        line("減価償却費"),
        line("広告宣伝費"),
        total("販売費及び一般管理費合計"),
        total("営業利益"),
        ["[営業外収益]", None, None, None],
        line("受取利息"),
        total("営業外収益合計"),
        ["[営業外費用]", None, None, None],
        line("支払利息"),
        total("営業外費用合計"),
        total("経常利益"),
    ]


def triangle(value: int) -> str:
    """1,234 / △1,234 as Japanese reports print."""
    return f"△{-value:,}" if value < 0 else f"{value:,}"


def freee_trial(*, encoding: str = "utf-8-sig", total_override: dict | None = None) -> bytes:
    """freee 推移表: title row, header on row 2 (勘定科目コード, 勘定科目, months, 期間累計);
    total rows have no code."""
    codes = {name: code for code, name, _ in PL_LINES}
    rows = [["損益計算書 月次推移", "", "", "", "", ""]]
    rows.append(["勘定科目コード", "勘定科目", "2025/04", "2025/05", "2025/06", "期間累計"])
    for cells in pl_section_rows(total_override=total_override, fmt=lambda x: f"{x:,}"):
        name = cells[0]
        amounts = cells[1:]
        if amounts[0] is None:
            rows.append(["", name, "", "", "", ""])
            continue
        numbers = [int(a.replace(",", "")) for a in amounts]
        rows.append([codes.get(name, ""), name, *amounts, f"{sum(numbers):,}"])
    return csv_bytes(rows, encoding=encoding)


def mf_trial(*, encoding: str = "utf-8-sig") -> bytes:
    """マネーフォワード 推移表 with 補助科目: preamble, year-less months resolved from the period row."""
    rows = [
        ["推移表"],
        ["株式会社テスト商事"],
        ["期間：2025年04月01日〜2025年06月30日"],
        ["単位：円"],
        [],
        ["勘定科目", "補助科目", "4月", "5月", "6月", "合計"],
    ]
    for cells in pl_section_rows(fmt=triangle):
        name, amounts = cells[0], cells[1:]
        rows.append([name, "", *["" if a is None else a for a in amounts], ""])
    rows += [
        ["[資産の部]", "", "", "", "", ""],
        ["普通預金", "", "5,000,000", "5,200,000", "4,900,000", ""],  # the account's own row = sum of subs
        ["普通預金", "みずほ銀行", "3,000,000", "3,100,000", "2,900,000", ""],
        ["普通預金", "三菱UFJ銀行", "2,000,000", "2,100,000", "2,000,000", ""],
        ["現金", "", "100,000", "90,000", "120,000", ""],
        ["[負債の部]", "", "", "", "", ""],
        ["長期借入金", "", "30,000,000", "29,800,000", "29,600,000", ""],
        ["未払金", "", "400,000", "△10,000", "380,000", ""],
    ]
    return csv_bytes(rows, encoding=encoding)


def yayoi_trial(*, encoding: str = "cp932") -> bytes:
    """弥生 年間推移 without header: 3 label columns, months 1–6, 上半期, months 7–12, 下半期, 3 balances."""

    def row(labels, months):
        first, second = months[:6], months[6:]
        return [*labels, *first, sum(first), *second, sum(second), "", "", sum(months)]

    sales = [1_000_000 + 10_000 * i for i in range(12)]
    rent = [100_000] * 12
    rows = [
        ["損益計算書 年間推移", "", ""],
        ["会計期間 令和7年4月1日～令和8年3月31日"],
        ["[売上高]", *[""] * 19],
        row(["", "売上高", ""], sales),
        row(["売上高合計", "", ""], sales),
        ["[販売管理費]", *[""] * 19],
        row(["", "地代家賃", ""], rent),
        row(["", "支払手数料", ""], [5_000] * 12),
        row(["", "", "補助科目なし"], [1_000] * 12),
        row(["", "", "振込手数料"], [4_000] * 12),
        row(["販売管理費合計", "", ""], [105_000] * 12),
    ]
    return csv_bytes(rows, encoding=encoding)


FREEE_JOURNAL_HEADER = [
    "No",
    "取引日",
    "管理番号",
    "借方勘定科目",
    "借方決算書表示名",
    "借方金額",
    "借方税区分",
    "借方税金額",
    "借方取引先名",
    "借方品目",
    "借方部門",
    "借方メモ",
    "貸方勘定科目",
    "貸方決算書表示名",
    "貸方金額",
    "貸方税区分",
    "貸方税金額",
    "貸方取引先名",
    "貸方品目",
    "貸方部門",
    "貸方メモ",
    "決算整理仕訳",
    "作成日時",
]

MF_JOURNAL_HEADER = [
    "取引No",
    "取引日",
    "借方勘定科目",
    "借方補助科目",
    "借方部門",
    "借方取引先",
    "借方税区分",
    "借方インボイス",
    "借方金額(円)",
    "借方税額",
    "貸方勘定科目",
    "貸方補助科目",
    "貸方部門",
    "貸方取引先",
    "貸方税区分",
    "貸方インボイス",
    "貸方金額(円)",
    "貸方税額",
    "摘要",
    "仕訳メモ",
    "タグ",
    "MF仕訳タイプ",
    "決算整理仕訳",
    "作成日時",
    "作成者",
    "最終更新日時",
    "最終更新者",
]

# Journal entries: (slip, date, [(debit account, amount), ...], [(credit account, amount), ...]).
ENTRIES = [
    (1, "2025/04/03", [("売掛金", 550_000)], [("売上高", 550_000)]),
    # compound entry: sales net of a discount and a fee, paid into the bank
    (
        2,
        "2025/04/20",
        [("普通預金", 300_000), ("売上値引", 20_000), ("支払手数料", 880)],
        [("売上高", 320_880)],
    ),
    (3, "2025/04/25", [("給料手当", 250_000)], [("普通預金", 230_000), ("預り金", 20_000)]),
    (4, "2025/05/10", [("仕入高", 200_000)], [("買掛金", 200_000)]),
    (5, "2025/05/31", [("地代家賃", 100_000)], [("普通預金", 100_000)]),
    (6, "2025/05/31", [("普通預金", 12)], [("受取利息", 12)]),
]


def _pairs(debits, credits):
    """One row per pair (a debit and/or a credit), as freee and MF print compound entries."""
    width = max(len(debits), len(credits))
    return [
        (debits[i] if i < len(debits) else (None, None), credits[i] if i < len(credits) else (None, None))
        for i in range(width)
    ]


def freee_journal(*, encoding: str = "utf-8-sig") -> bytes:
    rows = [FREEE_JOURNAL_HEADER]
    for slip, day, debits, credits in ENTRIES:
        for (da, dv), (ca, cv) in _pairs(debits, credits):
            row = dict.fromkeys(FREEE_JOURNAL_HEADER, "")
            row.update({"No": slip, "取引日": day})
            if da:
                row.update({"借方勘定科目": da, "借方決算書表示名": da, "借方金額": f"{dv}"})
            if ca:
                row.update({"貸方勘定科目": ca, "貸方決算書表示名": ca, "貸方金額": f"{cv}"})
            rows.append([row[h] for h in FREEE_JOURNAL_HEADER])
    return csv_bytes(rows, encoding=encoding)


def mf_journal(*, encoding: str = "utf-8-sig", header=MF_JOURNAL_HEADER) -> bytes:
    rows = [header]
    for slip, day, debits, credits in ENTRIES:
        for (da, dv), (ca, cv) in _pairs(debits, credits):
            row = [""] * len(header)
            row[0], row[1] = slip, day
            if da:
                row[2], row[8] = da, f"{dv:,}"
            if ca:
                row[10], row[16] = ca, f"{cv:,}"
            rows.append(row)
    return csv_bytes(rows, encoding=encoding)


def yayoi_journal(*, encoding: str = "cp932", date_style: str = "wareki") -> bytes:
    """弥生インポート形式: no header, 25 columns; compound entries flagged 2110 / 2100 / 2101."""
    rows = []
    for slip, day, debits, credits in ENTRIES:
        y, m, d = (int(p) for p in day.split("/"))
        if date_style == "wareki":
            text = f"R.{y - 2018:02d}/{m:02d}/{d:02d}"
        elif date_style == "compact":
            text = f"{y}{m:02d}{d:02d}"
        else:
            text = f"{y}/{m}/{d}"
        pairs = _pairs(debits, credits)
        for index, ((da, dv), (ca, cv)) in enumerate(pairs):
            if len(pairs) == 1:
                flag = "2000"
            else:
                flag = "2110" if index == 0 else ("2101" if index == len(pairs) - 1 else "2100")
            row = [""] * 25
            row[0], row[1], row[3] = flag, slip, text
            if da:
                row[4], row[8] = da, dv
            if ca:
                row[10], row[14] = ca, cv
            rows.append(row)
    return csv_bytes(rows, encoding=encoding)
