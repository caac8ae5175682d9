"""Japanese text search without a dictionary: normalisation, bigram tokens, queries, highlighting.

Plain Python, no Django. The search index (banso/knowledge/search_index.py) stores the token text this
module makes and the database's own full-text engine (SQLite FTS5, PostgreSQL tsvector) matches it;
the same functions turn a user's query into the engine's syntax, so what is indexed and what is asked
are always normalised alike.

- **Normalisation** (`normalize`): NFKC (全角英数 → 半角, 半角カナ → 全角), lower case, katakana →
  hiragana (キャッシュ and きゃっしゅ match), the long-vowel mark ー and the middle dot ・ dropped
  (サーバー / サーバ, キャッシュ・フロー / キャッシュフロー). `normalize_with_map` keeps, for each
  normalised character, where it came from in the original text (for highlighting).
- **Tokens** (`document_tokens`): Japanese runs become overlapping character bigrams (在庫過剰 →
  在庫 庫過 過剰) in order, so a phrase of bigrams finds any term of two characters or more, and every
  distinct character is also kept once as a unigram, so one-character terms (税, 人) are found.
  Latin letters and digits become words. Each token is written as ASCII (`b` + hex code points for a
  bigram, `u` for a unigram, `w` for a word) so neither database's tokenizer can split or fold it
  differently.
- **Queries** (`parse_query`): terms split on spaces, all required (AND); each term expands through
  the synonym groups (表記ゆれ: 見える化 / 可視化) into alternatives (OR); a term is a phrase of
  bigrams. A query that is too long, has too many terms or nothing searchable raises `QueryError` with
  the Japanese message to show.
- **Highlighting** (`highlight`): a snippet around the first match, every piece escaped first and the
  matches wrapped in `<mark>`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from banso.core.text import Html, escape_and_mark, merged_spans

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_VARIANTS_PER_TERM = 8
MAX_WORD_CHARS = 40
# Only this much of a document is tokenised (a very long record is still found by its beginning).
MAX_INDEXED_CHARS = 20_000

LONG_VOWEL = "ー"
MIDDLE_DOT = "・"
# Dropped before matching: they are spelled both ways in Japanese business writing.
_DROPPED = {LONG_VOWEL, MIDDLE_DOT, "\u3099", "\u309a"}

QUERY_EMPTY_MESSAGE = "検索する言葉を入力してください。"
QUERY_NOTHING_MESSAGE = "記号だけでは検索できません。言葉を入力してください（例: 在庫 過剰）。"
QUERY_TOO_LONG_MESSAGE = f"検索語が長すぎます。{MAX_QUERY_CHARS}文字以内で入力してください。"
QUERY_TOO_MANY_MESSAGE = f"検索語が多すぎます。{MAX_TERMS}語以内にしてください。"


class QueryError(ValueError):
    """A query that cannot be searched; `message` is the Japanese text to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- normalisation -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    """One character's normalised form (possibly empty or several characters)."""
    text = unicodedata.normalize("NFKC", char).lower()
    out = []
    for c in text:
        code = ord(c)
        if 0x30A1 <= code <= 0x30F6:  # katakana → hiragana
            c = chr(code - 0x60)
        elif c == "ヽ" or c == "ヾ":
            c = "ゝ" if c == "ヽ" else "ゞ"
        if c in _DROPPED:
            continue
        out.append(c)
    return "".join(out)


def _normalize_spans(text: str) -> tuple[str, list[int], list[int]]:
    """The normalised text and, per normalised character, the original span [start, end) it came from.

    Half-width voiced marks (ｶﾞ) are composed with the character before them (ガ → が)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text or ""):
        if char in ("\uff9e", "\uff9f", "\u3099", "\u309a", "\u309b", "\u309c") and chars:
            mark = "\u3099" if char in ("\uff9e", "\u3099", "\u309b") else "\u309a"
            composed = unicodedata.normalize("NFC", chars[-1] + mark)
            if len(composed) == 1:
                chars[-1] = _fold_char(composed) or chars[-1]
                ends[-1] = index + 1
            continue
        folded = " " if char.isspace() else _fold_char(char)
        for c in folded:
            chars.append(c)
            starts.append(index)
            ends.append(index + 1)
    return "".join(chars), starts, ends


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original character."""
    normalised, starts, _ends = _normalize_spans(text)
    return normalised, starts


# katakana → hiragana and the dropped marks, for the whole-string path of `normalize`.
_FOLD_TABLE = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_FOLD_TABLE.update({ord("ヽ"): "ゝ", ord("ヾ"): "ゞ"})
_FOLD_TABLE.update({ord(c): None for c in _DROPPED})


def normalize(text: str) -> str:
    """The normalised text (the same as `normalize_with_map(text)[0]`, faster: one NFKC pass)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_FOLD_TABLE)
    return "".join(" " if c.isspace() else c for c in folded) if not folded.isprintable() else folded


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x309F  # hiragana
        or 0x30A0 <= code <= 0x30FF  # katakana (ヶ, ヵ and the like survive folding)
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # extensions B and later
        or char in "々〆〇"
    )


def _is_word_char(char: str) -> bool:
    return char.isalnum() and not is_cjk(char)


@dataclass(frozen=True)
class Run:
    kind: str  # "cjk" or "word"
    text: str  # normalised
    start: int  # index in the normalised text


_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff々〆〇"
_RUN = re.compile(f"(?P<cjk>[{_CJK_CLASS}]+)|(?P<word>[^\\W_{_CJK_CLASS}]+)")


def runs(normalised: str) -> list[Run]:
    """Maximal runs of Japanese characters or of letters/digits; everything else separates them."""
    return [Run(m.lastgroup, m.group(), m.start()) for m in _RUN.finditer(normalised)]


# --- tokens ------------------------------------------------------------------------------------


def _hex(text: str) -> str:
    return "".join(f"{ord(c):05x}" for c in text)


@functools.lru_cache(maxsize=262144)
def bigram_token(pair: str) -> str:
    return "b" + _hex(pair)


@functools.lru_cache(maxsize=65536)
def unigram_token(char: str) -> str:
    return "u" + _hex(char)


def word_token(word: str) -> str:
    word = word[:MAX_WORD_CHARS]
    if word.isascii():
        return "w" + word
    return "v" + _hex(word)


def run_tokens(run: Run) -> list[str]:
    """The phrase a run becomes, in order: bigrams (a lone character: its unigram) or one word."""
    if run.kind == "word":
        return [word_token(run.text)]
    if len(run.text) == 1:
        return [unigram_token(run.text)]
    return [bigram_token(run.text[i : i + 2]) for i in range(len(run.text) - 1)]


def document_tokens(*texts: str) -> str:
    """The token text stored for a document: each text's phrase tokens in order, then each distinct
    Japanese character once as a unigram."""
    sequence: list[str] = []
    unigrams: dict[str, None] = {}
    budget = MAX_INDEXED_CHARS
    for text in texts:
        if not text or budget <= 0:
            continue
        text = text[:budget]
        budget -= len(text)
        for run in runs(normalize(text)):
            if run.kind == "cjk":
                if len(run.text) > 1:
                    sequence.extend(bigram_token(run.text[i : i + 2]) for i in range(len(run.text) - 1))
                for char in run.text:
                    unigrams.setdefault(unigram_token(char), None)
            else:
                sequence.append(word_token(run.text))
    return " ".join([*sequence, *unigrams])


def bigram_set(text: str) -> frozenset[str]:
    """The set of normalised bigrams (and lone characters / words) of a text — for overlap scores."""
    out: set[str] = set()
    for run in runs(normalize(text or "")):
        if run.kind == "word" or len(run.text) == 1:
            out.add(run.text)
        else:
            out.update(run.text[i : i + 2] for i in range(len(run.text) - 1))
    return frozenset(out)


# --- synonyms (表記ゆれ) -------------------------------------------------------------------------

# A seed of spellings that mean the same in 伴走支援 records; organizations add their own.
SEED_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("見える化", "可視化"),
    ("後継者", "跡継ぎ", "跡取り"),
    ("事業承継", "事業継承"),
    ("資金繰り", "キャッシュフロー", "資金ぐり"),
    ("売上", "売り上げ", "売上高"),
    ("粗利", "粗利益", "売上総利益"),
    ("原価", "コスト"),
    ("人材", "人財"),
    ("人手不足", "人材不足"),
    ("在庫", "ストック"),
    ("社長", "経営者", "代表者"),
    ("従業員", "社員", "スタッフ"),
    ("取引先", "得意先"),
    ("仕入先", "仕入れ先"),
    ("仕入れ", "仕入", "調達"),
    ("値上げ", "価格転嫁", "価格改定"),
    ("販路開拓", "販路拡大"),
    ("営業", "セールス"),
    ("顧客", "お客様", "客先"),
    ("生産性", "効率化"),
    ("業務改善", "業務効率化"),
    ("デジタル化", "dx", "it化"),
    ("ホームページ", "hp", "ウェブサイト"),
    ("借入", "借入金", "融資"),
    ("返済", "元金返済"),
    ("金融機関", "銀行", "信用金庫"),
    ("補助金", "助成金"),
    ("経営計画", "事業計画"),
    ("経営改善計画", "再生計画"),
    ("月次決算", "月次"),
    ("試算表", "月次試算表"),
    ("決算書", "財務諸表"),
    ("黒字化", "黒字転換"),
    ("赤字", "損失"),
    ("固定費", "経費"),
    ("外注", "アウトソーシング"),
    ("設備投資", "設備更新"),
    ("品質", "クオリティ"),
    ("不良品", "不良"),
    ("離職", "退職"),
    ("採用", "求人"),
    ("教育", "育成", "研修"),
    ("会議", "ミーティング"),
    ("承継", "引き継ぎ"),
)


def synonym_groups(extra: Iterable[Sequence[str]] = ()) -> list[tuple[str, ...]]:
    """The seed groups plus an organization's own, normalised; groups sharing a word are merged."""
    groups: list[set[str]] = []
    for group in [*SEED_SYNONYMS, *extra]:
        words = {normalize(word).strip() for word in group}
        words = {word for word in words if word and runs(word)}
        if len(words) < 2:
            continue
        merged = [g for g in groups if g & words]
        for g in merged:
            words |= g
            groups.remove(g)
        groups.append(words)
    return [tuple(sorted(group, key=lambda w: (-len(w), w))) for group in groups]


def variants(term: str, groups: Sequence[Sequence[str]]) -> list[str]:
    """The term and its spellings through the synonym groups (a group member inside the term is
    replaced by each other member), at most MAX_VARIANTS_PER_TERM, the term itself first."""
    out = [term]
    for group in groups:
        for word in group:  # longest first: 経営改善計画 before 経営計画
            if word in term:
                for other in group:
                    if other != word:
                        candidate = term.replace(word, other)
                        if candidate not in out:
                            out.append(candidate)
                break
        if len(out) >= MAX_VARIANTS_PER_TERM:
            break
    return out[:MAX_VARIANTS_PER_TERM]


# --- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    text: str  # normalised spelling
    phrases: tuple[tuple[str, ...], ...]  # all required; each a sequence of adjacent tokens


@dataclass(frozen=True)
class Term:
    text: str
    variants: tuple[Variant, ...]  # any one


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...] = field(default_factory=tuple)

    @property
    def needles(self) -> list[str]:
        """Every normalised piece to highlight, longest first."""
        pieces = {run.text for term in self.terms for v in term.variants for run in runs(v.text)}
        return sorted(pieces, key=lambda p: (-len(p), p))

    def to_fts5(self) -> str:
        """SQLite FTS5 MATCH syntax (tokens are ASCII letters and digits: nothing to escape)."""

        def variant(v: Variant) -> str:
            return "(" + " AND ".join('"' + " ".join(p) + '"' for p in v.phrases) + ")"

        return " AND ".join("(" + " OR ".join(variant(v) for v in t.variants) + ")" for t in self.terms)

    def to_tsquery(self) -> str:
        """PostgreSQL to_tsquery('simple', …) syntax: phrases with <->, & and |."""

        def variant(v: Variant) -> str:
            return "(" + " & ".join("(" + " <-> ".join(p) + ")" for p in v.phrases) + ")"

        return " & ".join("(" + " | ".join(variant(v) for v in t.variants) + ")" for t in self.terms)


def _variant(text: str) -> Variant | None:
    phrases = tuple(tuple(run_tokens(run)) for run in runs(text))
    return Variant(text, phrases) if phrases else None


def parse_query(text: str, *, synonyms: Sequence[Sequence[str]] = ()) -> Query:
    """The query a user typed as required terms with their spellings; QueryError when unsearchable.

    `synonyms` are groups as returned by `synonym_groups` (already normalised)."""
    raw = text or ""
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(QUERY_TOO_LONG_MESSAGE)
    if not raw.strip():
        raise QueryError(QUERY_EMPTY_MESSAGE)
    words = normalize(raw).split()
    terms: list[Term] = []
    seen: set[str] = set()
    for word in words:
        # A word of only symbols is dropped; "在庫/過剰" keeps both pieces as one term.
        if not runs(word) or word in seen:
            continue
        seen.add(word)
        found = [v for v in (_variant(s) for s in variants(word, synonyms)) if v is not None]
        terms.append(Term(word, tuple(found)))
    if not terms:
        raise QueryError(QUERY_NOTHING_MESSAGE)
    if len(terms) > MAX_TERMS:
        raise QueryError(QUERY_TOO_MANY_MESSAGE)
    return Query(raw, tuple(terms))


# --- highlighting ------------------------------------------------------------------------------


def match_spans(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    """Spans (start, end) in the ORIGINAL text whose normalised form is one of the needles, merged."""
    if not text or not needles:
        return []
    normalised, starts, ends = _normalize_spans(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        if not needle:
            continue
        start = normalised.find(needle)
        while start != -1:
            end = start + len(needle) - 1
            spans.append((starts[start], ends[end]))
            start = normalised.find(needle, start + 1)
    return merged_spans(spans)


def highlight(text: str, needles: Sequence[str], *, width: int = 120) -> Html:
    """HTML: a snippet of `text` (about `width` characters around the first match, or its beginning)
    with every match in <mark>, through core.text.escape_and_mark (escaped first, then marked)."""
    text = " ".join((text or "").split())
    spans = match_spans(text, needles)
    start = 0
    if spans:
        # The window showing the most different matched words (then the earliest).
        best = -1
        for anchor, _ in spans:
            window = {normalize(text[a:b]) for a, b in spans if anchor <= a and b <= anchor + width * 2 // 3}
            if len(window) > best:
                best, start = len(window), max(0, anchor - width // 3)
    end = min(len(text), start + width)
    if end - start < width:
        start = max(0, end - width)
    shown = []
    for span_start, span_end in spans:
        if span_start < start or span_start >= end:
            continue  # a match cut by the window's start stays plain text
        end = max(end, span_end)  # never cut a match at the end
        shown.append((span_start - start, span_end - start))
    return escape_and_mark(
        text[start:end], shown, prefix="…" if start > 0 else "", suffix="…" if end < len(text) else ""
    )


def any_of(texts: Iterable[str], *, limit: int = 40) -> tuple[str, str] | None:
    """A match-any query over the distinct bigrams (and words) of some texts, for finding candidates:
    (FTS5 syntax, to_tsquery syntax), or None when the texts hold nothing searchable."""
    tokens: dict[str, None] = {}
    for text in texts:
        for run in runs(normalize(text or "")):
            for token in run_tokens(run):
                tokens.setdefault(token, None)
                if len(tokens) >= limit:
                    break
    if not tokens:
        return None
    return " OR ".join(tokens), " | ".join(tokens)
