"""Japanese names and places, shared by the areas' engines (pure: no Django).

- `PREFECTURES`: the 47 prefectures in the usual order (JIS X 0401).
- `fold` / `compact`: full-width letters, digits and signs to half-width and every dash to "-",
  character by character (the length is kept, so a span found in the folded text is a span of the
  original); `compact` also drops spaces (丸山 太郎 / 丸山　太郎 / 丸山太郎 compare equal).
- `prefecture_of`: the prefecture an address starts with.

Used by the case anonymiser (knowledge/engines/anonymise.py) and the support-body directory
(engagements/engines/directory.py).
"""

from __future__ import annotations

import re
import unicodedata

PREFECTURES = (
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
)

PREFECTURE_SET = frozenset(PREFECTURES)

DASHES = "-‐‑–—―−－ー"


def fold_char(char: str) -> str:
    if char in DASHES:
        return "-"
    if char == "（":
        return "("
    if char == "）":
        return ")"
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1:
        return folded
    return char


def fold(text: str) -> str:
    """Full-width letters, digits and signs to half-width, dashes to '-', character by character: the
    result has the same length as the text, so a span found in it is a span of the text."""
    return "".join(fold_char(c) for c in text)


def compact(text: str) -> str:
    """`fold` without any white space: the form names are compared in."""
    return re.sub(r"\s+", "", fold(text))


def is_prefecture(name: str) -> bool:
    return name in PREFECTURE_SET


def prefecture_of(address: str) -> str:
    """The prefecture an address starts with (「新潟県燕市…」 → 「新潟県」), else ""."""
    folded = compact(address or "")
    for prefecture in PREFECTURES:
        if folded.startswith(prefecture):
            return prefecture
    return ""
