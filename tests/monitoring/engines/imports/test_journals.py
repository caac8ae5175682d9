"""仕訳帳 imports of freee, マネーフォワード and 弥生インポート形式, aggregated to monthly movements."""

import datetime as dt

import pytest

from banso.monitoring.engines.imports import ImportProblem, parse_import
from tests.monitoring.engines.imports import builders as b

APR, MAY = dt.date(2025, 4, 1), dt.date(2025, 5, 1)


def parse(content, **kwargs):
    return parse_import(content, "journal.csv", fiscal_year_end_month=3, mapping={}, **kwargs)


def expected_lines(result):
    return {line: [int(values[m]) for m in result.months] for line, values in result.totals.items()}


EXPECTED = {
    # 550,000 + 320,880 − 売上値引 20,000 (a debit inside 売上高: negative)
    "net_sales": [850_880, 0],
    "cost_of_sales": [0, 200_000],
    "personnel_costs": [250_000, 0],
    "sga": [250_880, 100_000],  # 給料手当 250,000 + 支払手数料 880; 地代家賃 100,000
    "non_operating_income": [0, 12],
}


@pytest.mark.parametrize(
    ("builder", "layout"),
    [
        (b.freee_journal, "freee_journal"),
        (b.mf_journal, "mf_journal"),
        (b.yayoi_journal, "yayoi_journal"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_each_vendor_journal_with_a_compound_entry_aggregates_to_the_yen(builder, layout, encoding):
    result = parse(builder(encoding=encoding))
    assert result.layout == layout
    assert result.months == [APR, MAY]
    assert expected_lines(result) == EXPECTED
    assert result.accounts["売上値引"][APR] == -20_000
    # balance-sheet accounts give no month-end balance in a journal: left out, said so
    assert "普通預金" not in result.accounts
    assert any("普通預金" in w for w in result.warnings)
    assert not any("一致しない" in w for w in result.warnings)  # the compound entry balances


@pytest.mark.parametrize("style", ["wareki", "compact", "short"])
def test_yayoi_dates_in_every_written_form(style):
    assert expected_lines(parse(b.yayoi_journal(date_style=style))) == EXPECTED


def test_mf_variant_headers_without_yen_suffix_and_with_torihiki_bangou():
    header = [h.replace("(円)", "").replace("取引No", "取引番号") for h in b.MF_JOURNAL_HEADER]
    result = parse(b.mf_journal(header=header))
    assert result.layout == "mf_journal"
    assert expected_lines(result) == EXPECTED


def test_unbalanced_entry_is_reported_and_tax_column_gives_amounts_without_tax():
    def mf_row(slip, day, debit, debit_amount, debit_tax, credit, credit_amount):
        row = [""] * 27
        row[0], row[1], row[2], row[8], row[9], row[10], row[16] = (
            slip,
            day,
            debit,
            debit_amount,
            debit_tax,
            credit,
            credit_amount,
        )
        return row

    rows = [
        b.MF_JOURNAL_HEADER,
        mf_row("1", "2025/04/01", "消耗品費", "11,000", "1,000", "普通預金", "11,000"),
        mf_row("2", "2025/04/02", "普通預金", "5,000", "", "売上高", "4,000"),
    ]
    result = parse(b.csv_bytes(rows))
    assert result.totals["sga"][APR] == 10_000
    assert any("伝票 2" in w for w in result.warnings)
    assert any("税抜" in w for w in result.warnings)


def test_bad_date_names_row_and_column():
    content = b.freee_journal().decode("utf-8-sig").replace("2025/05/10", "5月10日頃")
    with pytest.raises(ImportProblem) as problem:
        parse(content.encode("utf-8"))
    assert problem.value.message.startswith("8行目 B列（取引日）の「5月10日頃」は日付として読めません。")
    assert (problem.value.row, problem.value.column) == (8, 2)


def test_fifty_thousand_journal_rows_parse():
    rows = [b.FREEE_JOURNAL_HEADER]
    accounts = ["売上高", "仕入高", "給料手当", "地代家賃", "消耗品費", "旅費交通費", "支払手数料", "雑収入"]
    for i in range(50_000):
        row = dict.fromkeys(b.FREEE_JOURNAL_HEADER, "")
        month = i % 12 + 1
        name = accounts[i % len(accounts)]
        revenue = name in ("売上高", "雑収入")
        row.update({"No": i, "取引日": f"2025/{month:02d}/{i % 28 + 1:02d}"})
        row.update({"借方勘定科目": "普通預金" if revenue else name, "借方金額": f"{1_000 + i % 97:,}"})
        row.update({"貸方勘定科目": name if revenue else "普通預金", "貸方金額": f"{1_000 + i % 97:,}"})
        rows.append([row[h] for h in b.FREEE_JOURNAL_HEADER])
    content = b.csv_bytes(rows)
    result = parse(content)
    assert result.row_count == 50_000
    expected_sales = sum(1_000 + i % 97 for i in range(50_000) if accounts[i % 8] == "売上高")
    assert sum(result.totals["net_sales"].values()) == expected_sales
