"""Japanese text normalisation shared by search, validation and imports, and the escaping helpers for
user text shown as HTML (`printable`, `escape_and_mark`). Django-free: engines use it."""

import html
import re
import unicodedata
from collections.abc import Iterable

_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096
_KATAKANA_OFFSET = 0x60


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    """Text without the control characters a document cannot show (a vertical tab pasted from an
    Excel cell, a NUL from a broken export); tabs and line breaks stay. Every renderer (PDF, Excel,
    drawings) passes user text through this, so a stray control character never breaks an export."""
    return _CONTROL.sub("", text)


class Html(str):
    """HTML built here from escaped user text: templates print it as it is (Django's autoescape honours
    `__html__`, as it does for its own safe strings). Only `escape_and_mark` makes one, so the code
    base trusts markup built from user text in this one place."""

    __slots__ = ()

    def __html__(self) -> "Html":
        return self


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, with overlapping or touching ones merged: (0, 3) and (2, 5) become (0, 5)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def escape_and_mark(
    text: str, spans: Iterable[tuple[int, int]], *, prefix: str = "", suffix: str = ""
) -> Html:
    """`text` as HTML with each span (start, end; overlapping ones merged) in <mark>: every piece of
    the text is escaped first, so hostile markup shows literally and only our <mark> tags are markup.
    `prefix` and `suffix` (an ellipsis around a snippet) are escaped too."""
    text = text or ""
    out = [html.escape(prefix)]
    cursor = 0
    for start, end in merged_spans(spans):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    out.append(html.escape(suffix))
    return Html("".join(out))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def to_katakana(text: str) -> str:
    return "".join(
        chr(ord(ch) + _KATAKANA_OFFSET) if _HIRAGANA_START <= ord(ch) <= _HIRAGANA_END else ch for ch in text
    )


# Legal forms (法人格) and their usual abbreviations, as they read after NFKC and katakana folding
# (㈱ and （株） become "(株)", ㈲ "(有)", ㈾ "(資)", ㈴ "(名)", ㈳ "(社)", ㈶ "(財)"). Each folds to the
# mark on the left, so that any spelling of a legal form finds any other.
LEGAL_FORMS = {
    "(株)": ("株式会社", "カブシキガイシャ", "カブシキカイシャ"),
    "(有)": ("有限会社", "ユウゲンガイシャ", "ユウゲンカイシャ"),
    "(同)": ("合同会社", "(合)", "ゴウドウガイシャ", "ゴウドウカイシャ"),
    "(資)": ("合資会社", "ゴウシガイシャ", "ゴウシカイシャ"),
    "(名)": ("合名会社", "ゴウメイガイシャ", "ゴウメイカイシャ"),
    "(医)": ("医療法人",),
    "(一社)": ("一般社団法人",),
    "(一財)": ("一般財団法人",),
    "(公社)": ("公益社団法人",),
    "(公財)": ("公益財団法人",),
    "(社)": ("社団法人",),
    "(財)": ("財団法人",),
    "(特非)": ("特定非営利活動法人", "npo法人"),
}
_LEGAL_FORM_MARK = {variant: mark for mark, variants in LEGAL_FORMS.items() for variant in variants}
_LEGAL_FORM_RE = re.compile("|".join(re.escape(v) for v in sorted(_LEGAL_FORM_MARK, key=len, reverse=True)))
_MACRONS = str.maketrans("āīūēōâîûêô", "aiueoaiueo")


def _normalized(text: str) -> str:
    """NFKC (full/half width), katakana, lower case, macrons dropped (Tōkyō → tokyo), no spaces."""
    normalized = to_katakana(nfkc(text)).lower().translate(_MACRONS)
    return "".join(normalized.split())


def fold_legal_forms(key: str) -> str:
    """In a normalised key, every spelling of a legal form becomes one mark: "有限会社丸山" → "(有)丸山"."""
    return _LEGAL_FORM_RE.sub(lambda m: _LEGAL_FORM_MARK[m.group(0)], key)


def search_key(text: str) -> str:
    """Form used on both sides of a search: NFKC (full/half width), katakana, lower case, no spaces,
    legal forms folded (株式会社, (株), （株） and ㈱ all become "(株)").

    "ﾔﾏﾀﾞ", "やまだ" and "ヤマダ" all become "ヤマダ"; "ＡＢＣ" and "abc" become "abc".
    """
    return fold_legal_forms(_normalized(text))


# Katakana → modified Hepburn. Digraphs (キャ), small vowels (ファ, ティ), ッ and ー are handled in
# to_romaji; ン is always "n".
_KANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴァィゥェォャュョヮ"
)
_SYLLABLES = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
    "ma mi mu me mo ya yu yo ra ri ru re ro wa i e o n ga gi gu ge go za ji zu ze zo da ji zu de do "
    "ba bi bu be bo pa pi pu pe po vu a i u e o ya yu yo wa"
)
_KANA_ROMAJI = dict(zip(_KANA, _SYLLABLES.split(), strict=True))
_SMALL_Y = "ャュョ"
_SMALL_VOWELS = "ァィゥェォ"
_LONG_VOWELS = re.compile(r"([aiueo])\1+|ou")


def to_romaji(kana: str) -> str:
    """A katakana reading in Hepburn romaji ("マルヤマセイコウ" → "maruyamaseikou"); other characters
    are kept. Enough for search (a query typed in romaji), not a transliteration service."""
    out: list[str] = []
    double_next = False
    for ch in kana:
        if ch == "ッ":
            double_next = True
            continue
        if ch == "ー":
            vowel = out[-1][-1] if out and out[-1][-1:] in "aiueo" else ""
            out.append(vowel)
            continue
        romaji = _KANA_ROMAJI.get(ch)
        if romaji is None:
            out.append(ch)
            double_next = False
            continue
        previous = out[-1] if out else ""
        if ch in _SMALL_Y and previous.endswith("i") and len(previous) > 1:
            stem = previous[:-1]  # キ+ャ → kya, シ+ャ → sha, チ+ャ → cha, ジ+ャ → ja
            out[-1] = stem + (romaji[1:] if stem.endswith(("sh", "ch", "j")) else romaji)
            continue
        if ch in _SMALL_VOWELS and previous[-1:] in ("a", "i", "u", "e", "o") and previous:
            stem = previous[:-1] or "w"  # フ+ァ → fa, テ+ィ → ti, ウ+ィ → wi
            out[-1] = stem + romaji
            continue
        if double_next:
            romaji = ("t" if romaji.startswith("ch") else romaji[0]) + romaji
            double_next = False
        out.append(romaji)
    return "".join(out)


def search_index(*, names: Iterable[str] = (), readings: Iterable[str] = ()) -> str:
    """The stored side of a search whose query goes through search_key: each name as typed and with
    its legal form folded, each reading in katakana and in romaji (with long vowels and without:
    "maruyamaseikou", "maruyamaseiko"), one per line (no query key contains a line break), so a
    `contains` lookup on this one column finds any of them."""
    forms = []
    for name in names:
        forms += [_normalized(name), search_key(name)]
    for reading in readings:
        key = _normalized(reading)
        romaji = to_romaji(key)
        forms += [key, fold_legal_forms(key), romaji, _LONG_VOWELS.sub(lambda m: m.group(0)[0], romaji)]
    return "\n".join(dict.fromkeys(form for form in forms if form))


def clean_line(text: str | None) -> str:
    """Trim a one-line input (half- and full-width spaces, line breaks) and keep the rest as typed.

    Names are stored as the user wrote them (㈱, ＡＢＣ, 全角スペース stay); only search keys are normalised.
    """
    return (text or "").strip()


def katakana_reading(text: str | None) -> str:
    """A フリガナ in full-width katakana, so sorting by reading works whatever script was typed."""
    return to_katakana(nfkc(text or "")).strip()
