"""The anonymisation engine on realistic Japanese records (no database)."""

import datetime as dt
from decimal import Decimal

import pytest

from banso.knowledge.engines.anonymise import (
    COMPANY,
    PERSON,
    TERM,
    Replacement,
    Term,
    add_terms,
    amount_range,
    anonymise,
    rebase,
    segments,
    terms_found,
    undo,
)

TERMS = [
    Term("株式会社丸山製作所", "A社", COMPANY),
    Term("マルヤマセイサクショ", "A社", COMPANY),
    Term("丸山 太郎", "社長", PERSON),
    Term("佐々木 健二", "工場長", PERSON),
    Term("東邦精機", "主要取引先", TERM),
]
START = dt.date(2024, 4, 1)


def run(text, terms=TERMS, start=START):
    result = anonymise(text, terms, start_date=start)
    for r in result.replacements:
        assert result.text[r.start : r.end] == r.replacement
    return result


def test_a_dialogue_note_loses_every_name_with_and_without_honorifics():
    note = (
        "株式会社丸山製作所の丸山社長と面談。丸山様は当初「数字は見たくない」と話していたが、"
        "丸山さんご自身が在庫表を作ると言い出した。工場では佐々木健二さん（工場長）が反対。"
        "丸山 太郎氏の長男も同席。(株)丸山製作所は東邦精機向けの売上が6割。"
    )
    result = run(note)

    assert "丸山" not in result.text
    assert "佐々木" not in result.text
    assert "東邦精機" not in result.text
    assert "A社の社長と面談。社長は当初" in result.text
    assert "社長ご自身が" in result.text
    assert "工場長（工場長）" in result.text
    assert "(株)A社" in result.text or "A社は主要取引先" in result.text
    kinds = {r.kind for r in result.replacements}
    assert {COMPANY, PERSON, TERM} <= kinds
    originals = {r.original for r in result.replacements}
    assert "丸山社長" in originals and "丸山様" in originals and "丸山さん" in originals


def test_a_name_with_a_full_width_space_or_none_is_found():
    result = run("担当は丸山　太郎、連絡役は丸山太郎の妻。")
    assert "丸山" not in result.text
    assert result.text.count("社長") == 2


def test_the_company_kana_and_the_name_without_legal_form_are_found():
    result = run("フリガナ: マルヤマセイサクショ。通称は丸山製作所。")
    assert result.text == "フリガナ: A社。通称はA社。"


@pytest.mark.parametrize(
    "phone",
    [
        "03-1234-5678",
        "0312345678",
        "(03)1234-5678",
        "（０３）１２３４－５６７８",
        "090-1234-5678",
        "09012345678",
        "+81-3-1234-5678",
        "+81 90 1234 5678",
        "0120-123-456",
    ],
)
def test_phone_numbers_in_several_formats(phone):
    result = run(f"代表電話 {phone} まで。")
    assert result.text == "代表電話 （電話番号） まで。"


def test_email_postal_code_address_and_corporate_number():
    text = (
        "所在地は〒144-0051 東京都大田区西蒲田7丁目4番3号、メールは info@maruyama-ss.co.jp。"
        "法人番号 1234567890123。第二工場は新潟県燕市大字小池3-2。"
    )
    result = run(text)
    assert result.text == (
        "所在地は（郵便番号） 東京都、メールは （メールアドレス）。法人番号 （法人番号）。第二工場は新潟県。"
    )


def test_a_prefecture_alone_stays():
    assert run("新潟県の金属加工業。").text == "新潟県の金属加工業。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("売上高は4億2,000万円", "売上高は3〜5億円"),
        ("売上高は420,000千円", "売上高は3〜5億円"),
        ("借入金 1.2億円", "借入金 1〜3億円"),
        ("月商800万円", "月商500〜1,000万円"),
        ("賞与原資 3,500,000円", "賞与原資 300〜500万円"),
        ("在庫が２億円", "在庫が1〜3億円"),
        ("設備投資 5000万円", "設備投資 5,000〜10,000万円"),
        ("単価 980円", "単価 500〜1,000円"),
    ],
)
def test_amounts_in_yen_thousands_ten_thousands_and_hundred_millions(text, expected):
    assert run(text).text == expected


def test_amount_range_scale():
    assert amount_range(Decimal("420000000")) == "3〜5億円"
    assert amount_range(Decimal("100000000")) == "1〜3億円"
    assert amount_range(Decimal("30000")) == "3〜5万円"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年7月15日に第3回面談", "支援開始から4か月目に第3回面談"),
        ("R6.7.15に第3回面談", "支援開始から4か月目に第3回面談"),
        ("2024/7/15に第3回面談", "支援開始から4か月目に第3回面談"),
        ("2024年7月15日に第3回面談", "支援開始から4か月目に第3回面談"),
        ("2024-07-15に第3回面談", "支援開始から4か月目に第3回面談"),
        ("令和6年4月1日に開始", "支援開始から1か月目に開始"),
        ("令和6年2月に相談", "支援開始の2か月前に相談"),
        ("平成元年5月1日創業", "支援開始の419か月前創業"),
    ],
)
def test_exact_dates_including_japanese_era_become_relative(text, expected):
    assert run(text).text == expected


def test_dates_without_a_start_become_an_unknown_year():
    assert anonymise("令和6年7月15日に面談", start_date=None).text == "20XX年に面談"


def test_a_realistic_record_keeps_its_meaning():
    record = (
        "令和6年5月10日 第2回対話（丸山社長、佐々木工場長）。\n"
        "表課題: 資金繰りが苦しい（当座貸越 3,000万円を常時利用）。\n"
        "深掘り: 在庫が月商の4か月分、約1億2千万円。東邦精機からの短納期要請に備えて作り置き。\n"
        "気づき: 丸山社長「在庫はお金が寝ているのと同じだと初めて分かった」。\n"
        "連絡先: 0256-63-1234（代表）"
    )
    result = run(record)
    assert result.text == (
        "支援開始から2か月目 第2回対話（社長、工場長）。\n"
        "表課題: 資金繰りが苦しい（当座貸越 3,000〜5,000万円を常時利用）。\n"
        "深掘り: 在庫が月商の4か月分、約1〜3億円。主要取引先からの短納期要請に備えて作り置き。\n"
        "気づき: 社長「在庫はお金が寝ているのと同じだと初めて分かった」。\n"
        "連絡先: （電話番号）（代表）"
    )


def test_terms_found_names_what_is_left():
    found = terms_found("社長の丸山 と 東邦 精機 の件", TERMS)
    assert [t.text for t in found] == ["丸山 太郎", "東邦精機"]
    assert terms_found("社長と工場長", TERMS) == []


def test_add_a_missed_term_and_keep_the_earlier_replacements():
    first = run("丸山社長と専務の丸山花子さん、番頭の田村さん。")
    assert "田村" in first.text
    second = add_terms(first.text, first.replacements, [Term("田村", "番頭", PERSON)])
    assert second.text == "社長と専務の社長、番頭の番頭。" or "田村" not in second.text
    assert "田村" not in second.text
    for r in second.replacements:
        assert second.text[r.start : r.end] == r.replacement
    assert len(second.replacements) == len(first.replacements) + 1


def test_undo_one_replacement_puts_the_original_back():
    first = run("単価 980円、売上 4億円。")
    index = next(i for i, r in enumerate(first.replacements) if r.original == "980円")
    back = undo(first.text, first.replacements, index)
    assert back.text == "単価 980円、売上 3〜5億円。"
    assert [r.replacement for r in back.replacements] == ["3〜5億円"]
    assert back.text[back.replacements[0].start : back.replacements[0].end] == "3〜5億円"


def test_rebase_after_a_hand_edit_keeps_untouched_replacements():
    first = run("丸山社長は東邦精機に相談した。")
    edited = "冒頭の一文。" + first.text.replace("相談した", "値上げを申し入れた")
    moved = rebase(first.replacements, first.text, edited)
    assert [edited[r.start : r.end] for r in moved] == ["社長", "主要取引先"]
    gone = rebase(first.replacements, first.text, first.text.replace("主要取引先", "取引先X"))
    assert [r.replacement for r in gone] == ["社長"]


def test_segments_cut_the_text_for_highlighting():
    result = run("丸山社長と面談")
    assert segments(result.text, result.replacements) == [("社長", 0), ("と面談", None)]


def test_replacement_round_trips_as_a_dict():
    r = Replacement(1, 3, "丸山", "社長", PERSON)
    assert Replacement.from_dict(r.as_dict()) == r


def test_empty_and_hostile_text():
    assert anonymise("").text == ""
    text = "<script>alert(1)</script>" * 100
    assert anonymise(text, TERMS).text == text
