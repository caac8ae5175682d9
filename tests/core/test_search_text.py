"""Search keys: legal forms fold to one mark, readings are searchable in romaji, both sides agree."""

import pytest

from banso.core.text import fold_legal_forms, search_index, search_key, to_romaji


@pytest.mark.parametrize(
    ("spellings", "mark"),
    [
        (["株式会社", "(株)", "（株）", "㈱", "( 株 )", "カブシキガイシャ", "ｶﾌﾞｼｷｶﾞｲｼｬ"], "(株)"),
        (["有限会社", "(有)", "（有）", "㈲", "ゆうげんがいしゃ"], "(有)"),
        (["合同会社", "(同)", "(合)", "（合）"], "(同)"),
        (["合資会社", "(資)", "㈾"], "(資)"),
        (["合名会社", "(名)", "㈴"], "(名)"),
        (["医療法人", "(医)"], "(医)"),
        (["一般社団法人", "(一社)"], "(一社)"),
        (["社団法人", "(社)", "㈳"], "(社)"),
        (["特定非営利活動法人", "NPO法人", "(特非)"], "(特非)"),
    ],
)
def test_every_spelling_of_a_legal_form_folds_to_one_mark(spellings, mark):
    assert {search_key(f"{spelling}丸山") for spelling in spellings} == {f"{mark}丸山"}


def test_folding_keeps_the_rest_and_the_longest_form_wins():
    assert fold_legal_forms("一般社団法人つばさ") == "(一社)つばさ"
    assert search_key("株式") == "株式"  # a part of a legal form is a plain word
    assert search_key("ﾏﾙﾔﾏ ｾｲｺｳ") == "マルヤマセイコウ"


@pytest.mark.parametrize(
    ("kana", "romaji"),
    [
        ("マルヤマセイコウ", "maruyamaseikou"),
        ("シャッター", "shattaa"),
        ("キャッチ", "kyatchi"),
        ("チョコレート", "chokoreeto"),
        ("ジュンイチ", "junichi"),
        ("ファイル", "fairu"),
        ("ウィンドウ", "windou"),
        ("ヅカ", "zuka"),
        ("カブシキガイシャ丸山", "kabushikigaisha丸山"),
    ],
)
def test_katakana_reads_as_hepburn(kana, romaji):
    assert to_romaji(kana) == romaji


def test_the_index_holds_every_form_a_query_may_take():
    index = search_index(names=["有限会社丸山精工"], readings=["マルヤマセイコウ"])
    for query in [
        "(有)丸山",
        "㈲丸山",
        "有限会社丸山",
        "丸山精工",
        "有限",
        "まるやま",
        "maruyama",
        "Maruyama Seiko",
        "seikou",
        "MARUYAMASEIKO",
    ]:
        assert search_key(query) in index, query
    assert "\n" not in search_key("丸山\n精工")  # the line break between forms is never part of a query
    assert search_key("(株)丸山") not in index
    assert search_key("マルヤマセイコウ丸山") not in index  # a reading and a name never run together


def test_romaji_queries_may_skip_long_vowels_or_use_macrons():
    index = search_index(names=["東京精機"], readings=["トウキョウセイキ"])
    assert all(search_key(q) in index for q in ["toukyou", "tokyo", "Tōkyō seiki", "とうきょう"])
