"""The Japanese text engine without a database: normalisation, tokens, queries, synonyms, highlighting."""

import pytest

from banso.knowledge.engines import textsearch as ts


def test_normalisation_folds_width_case_kana_long_vowel_and_middle_dot():
    assert ts.normalize("ＡＢＣ１２３") == "abc123"
    assert ts.normalize("ｷｬｯｼｭ・ﾌﾛｰ") == ts.normalize("キャッシュフロー") == "きゃっしゅふろ"
    assert ts.normalize("ｶﾞｲﾄﾞ") == "がいど"
    assert ts.normalize("サーバー") == ts.normalize("サーバ")


def test_map_points_back_to_the_original_characters():
    text = "ｶﾞｲﾄﾞの在庫"
    normalised, origin = ts.normalize_with_map(text)
    assert normalised == "がいどの在庫"
    assert text[origin[4]] == "在"


def test_document_tokens_are_ascii_bigrams_unigrams_and_words():
    tokens = ts.document_tokens("在庫過剰 IT化").split()
    assert tokens[:3] == [ts.bigram_token("在庫"), ts.bigram_token("庫過"), ts.bigram_token("過剰")]
    assert "wit" in tokens
    assert ts.unigram_token("化") in tokens
    assert all(t.isascii() and t.isalnum() for t in tokens)


def test_query_phrases_and_synonyms():
    groups = ts.synonym_groups()
    query = ts.parse_query("在庫　金属加工 見える化", synonyms=groups)
    assert [t.text for t in query.terms] == ["在庫", "金属加工", "見える化"]
    visible = query.terms[2]
    assert {v.text for v in visible.variants} == {"見える化", "可視化"}
    assert '"' + " ".join(ts.run_tokens(ts.runs("金属加工")[0])) + '"' in query.to_fts5()
    assert " <-> " in query.to_tsquery()


def test_organization_groups_merge_with_the_seed():
    groups = ts.synonym_groups([["可視化", "ビジュアル化"]])
    merged = next(g for g in groups if "可視化" in g)
    assert set(merged) == {"見える化", "可視化", "びじゅある化"}
    # A group of one word is ignored.
    assert ts.synonym_groups([["在庫"]]) == ts.synonym_groups()


def test_seed_list_has_about_forty_groups_relevant_to_support():
    assert len(ts.SEED_SYNONYMS) >= 40
    flat = {w for g in ts.SEED_SYNONYMS for w in g}
    assert {"見える化", "可視化", "後継者", "跡継ぎ", "資金繰り", "キャッシュフロー"} <= flat


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", ts.QUERY_EMPTY_MESSAGE),
        ("　 ", ts.QUERY_EMPTY_MESSAGE),
        ("！？・…", ts.QUERY_NOTHING_MESSAGE),
        ("在" * 1000, ts.QUERY_TOO_LONG_MESSAGE),
        (" ".join(f"語{n}" for n in range(9)), ts.QUERY_TOO_MANY_MESSAGE),
    ],
)
def test_unsearchable_queries(text, message):
    with pytest.raises(ts.QueryError) as error:
        ts.parse_query(text)
    assert error.value.message == message


def test_query_syntax_of_the_engines_cannot_be_injected():
    query = ts.parse_query('"在庫" OR NEAR(原価) * -x')
    fts = query.to_fts5()
    # Every user word became a token; quotes, NEAR and * never reach the engine as syntax.
    assert "NEAR(" not in fts and "*" not in fts
    assert fts.count('"') % 2 == 0


def test_highlight_escapes_then_marks():
    html = ts.highlight('<img src=x onerror="在庫">在庫 & ｶﾞｲﾄﾞ', ["在庫", "がいど"])
    assert html.startswith("&lt;img src=x onerror=&quot;<mark>在庫</mark>&quot;&gt;<mark>在庫</mark>")
    assert "&amp;" in html
    assert "<mark>ｶﾞｲﾄﾞ</mark>" in html


def test_highlight_cuts_a_snippet_around_the_first_match():
    text = "あ" * 300 + "原価" + "い" * 300
    html = ts.highlight(text, ["原価"], width=60)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>原価</mark>" in html
    assert len(html) < 100


def test_bigram_set_for_overlap():
    assert ts.bigram_set("経営の見える化") >= {"経営", "見え", "る化"}


def test_highlight_prefers_the_window_with_more_words_and_never_cuts_a_mark():
    text = "社長は黙っていた。" * 6 + "経営の見える化ができていないと社長が言った。"
    html = ts.highlight(text, ["社長", "見える化"], width=60)
    assert "<mark>見える化</mark>" in html and "<mark>社長</mark>" in html
    assert "<mark>長</mark>" not in html and "<mark>社</mark>" not in html
