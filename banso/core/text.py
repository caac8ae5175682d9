"""Japanese text normalisation shared by search, validation and imports."""

import unicodedata

_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096
_KATAKANA_OFFSET = 0x60


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def to_katakana(text: str) -> str:
    return "".join(
        chr(ord(ch) + _KATAKANA_OFFSET) if _HIRAGANA_START <= ord(ch) <= _HIRAGANA_END else ch for ch in text
    )


def search_key(text: str) -> str:
    """Form used on both sides of a search: NFKC (full/half width), katakana, lower case, no spaces.

    "ﾔﾏﾀﾞ", "やまだ" and "ヤマダ" all become "ヤマダ"; "ＡＢＣ" and "abc" become "abc".
    """
    normalized = to_katakana(nfkc(text)).lower()
    return "".join(normalized.split())


def clean_line(text: str | None) -> str:
    """Trim a one-line input (half- and full-width spaces, line breaks) and keep the rest as typed.

    Names are stored as the user wrote them (㈱, ＡＢＣ, 全角スペース stay); only search keys are normalised.
    """
    return (text or "").strip()


def katakana_reading(text: str | None) -> str:
    """A フリガナ in full-width katakana, so sorting by reading works whatever script was typed."""
    return to_katakana(nfkc(text or "")).strip()
