"""Anonymisation of a case's text (no Django).

`anonymise(text, terms, start_date=...)` replaces, in one pass over the text:

- the KNOWN TERMS given by the caller (from the engagement's own records): a company's name, with and
  without its legal form (株式会社, ㈱, 有限会社 …), and its kana → 「A社」; a person's name, full
  (丸山 太郎, 丸山太郎, 丸山　太郎) or family name alone, with or without an honorific (丸山様, 丸山社長,
  丸山さん) → a role label (「社長」「工場長」); any other term (a counterparty, a support body) → its
  given label;
- by pattern: e-mail addresses, phone numbers (03-1234-5678, 0312345678, (03)1234-5678, 090-…, +81 …),
  postal codes (〒123-4567), addresses (都道府県 + 市区町村 + 番地 → the prefecture only), 法人番号 (13
  digits), amounts in 円 / 千円 / 万円 / 億円 (→ a range such as 「3〜5億円」) and exact dates, 和暦 included
  (令和6年4月1日, R6.4.1, 2024/4/1 → 「支援開始から4か月目」 given the start of the support, else 「20XX年」).

The result is the new text and every replacement with its span IN THE NEW TEXT, so a page can highlight
each one; `undo` puts one original back, `add_terms` replaces a term the supporter adds, `rebase` keeps
the spans of the replacements right after the supporter edits the text by hand, and `terms_found`
says which known terms still appear (what a reviewer's approval is refused on).

Matching folds full-width letters and digits to half-width character by character (so the spans of
the folded text are the spans of the original) and ignores spaces inside names.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from banso.core.japanese import PREFECTURES, fold
from banso.core.japanese import compact as _compact
from banso.core.japanese import prefecture_of as prefecture_of  # re-exported for the domain

# Kinds of replacement (also the CSS class of the highlight).
COMPANY = "company"
PERSON = "person"
TERM = "term"
PHONE = "phone"
EMAIL = "email"
POSTAL = "postal"
ADDRESS = "address"
CORPORATE_NUMBER = "corporate_number"
AMOUNT = "amount"
DATE = "date"

KIND_LABELS = {
    COMPANY: "会社名",
    PERSON: "人名",
    TERM: "固有名詞",
    PHONE: "電話番号",
    EMAIL: "メールアドレス",
    POSTAL: "郵便番号",
    ADDRESS: "住所",
    CORPORATE_NUMBER: "法人番号",
    AMOUNT: "金額",
    DATE: "日付",
}

PHONE_LABEL = "（電話番号）"
EMAIL_LABEL = "（メールアドレス）"
POSTAL_LABEL = "（郵便番号）"
CORPORATE_NUMBER_LABEL = "（法人番号）"
ADDRESS_LABEL = "（所在地）"
UNKNOWN_YEAR_LABEL = "20XX年"

LEGAL_FORMS = (
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "社会福祉法人",
    "医療法人",
    "(株)",
    "(有)",
    "(同)",
    "㈱",
    "㈲",
)
HONORIFICS = (
    "様",
    "さま",
    "さん",
    "氏",
    "殿",
    "君",
    "くん",
    "ちゃん",
    "社長",
    "会長",
    "専務",
    "常務",
    "部長",
    "課長",
    "係長",
    "工場長",
    "店長",
    "所長",
    "取締役",
    "先生",
)


@dataclass(frozen=True)
class Term:
    """A known term to remove: `text` (as recorded) → `replacement` (a role label such as 「A社」「社長」)."""

    text: str
    replacement: str
    kind: str = TERM


@dataclass(frozen=True)
class Replacement:
    """One replacement; `start`/`end` are its span in the NEW text (text[start:end] == replacement)."""

    start: int
    end: int
    original: str
    replacement: str
    kind: str

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Replacement:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            original=str(data["original"]),
            replacement=str(data["replacement"]),
            kind=str(data.get("kind", TERM)),
        )


@dataclass(frozen=True)
class Result:
    text: str
    replacements: tuple[Replacement, ...]


# ---------------------------------------------------------------------------------------------- folding


# ------------------------------------------------------------------------------------------ known terms


def strip_legal_form(name: str) -> str:
    compact = _compact(name)
    for form in sorted({_compact(f) for f in LEGAL_FORMS}, key=len, reverse=True):
        if compact.startswith(form):
            compact = compact[len(form) :]
        if compact.endswith(form):
            compact = compact[: -len(form)]
    return compact


def variants(term: Term) -> list[str]:
    """The spellings of a known term to look for (compact, folded), longest first."""
    compact = _compact(term.text)
    found = {compact} if compact else set()
    if term.kind == COMPANY:
        bare = strip_legal_form(term.text)
        if len(bare) >= 2:
            found.add(bare)
    elif term.kind == PERSON:
        parts = fold(term.text).split()
        if len(parts) >= 2 and len(parts[0]) >= 2:
            found.add(parts[0])  # the family name alone (丸山), honorifics handled by the pattern
        elif len(parts) == 1 and len(compact) >= 4 and _is_kanji(compact):
            # 丸山太郎 with no space: no reliable split; the caller passes the family name separately.
            pass
    return sorted((v for v in found if v), key=len, reverse=True)


def _is_kanji(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" or c in "々ヶ" for c in text)


def _term_pattern(spelling: str) -> str:
    # Allow spaces (half / full width) between the characters of a recorded name: 丸山 太郎 / 丸山太郎.
    return r"[ \u3000]*".join(re.escape(c) for c in spelling)


_HONORIFIC_RE = "(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    replacement: str
    kind: str
    priority: int


def _known_matches(folded: str, terms: Sequence[Term]) -> list[_Match]:
    matches: list[_Match] = []
    for term in terms:
        if not term.text.strip():
            continue
        for spelling in variants(term):
            if term.kind != PERSON and len(spelling) < 2:
                continue
            pattern = _term_pattern(spelling)
            if term.kind == PERSON:
                pattern += f"(?:[ \u3000]?{_HONORIFIC_RE})?"
            for m in re.finditer(pattern, folded):
                matches.append(_Match(m.start(), m.end(), term.replacement, term.kind, 100 + len(spelling)))
    return matches


def terms_found(text: str, terms: Iterable[Term]) -> list[Term]:
    """The known terms that still appear in `text` (any of their spellings, spaces and width ignored)."""
    compact = _compact(text)
    return [term for term in terms if term.text.strip() and any(v in compact for v in variants(term))]


# ---------------------------------------------------------------------------------------------- patterns

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PHONE = re.compile(
    r"(?<![\d\-])(?:"
    r"\+81[ \-]?\(?\d{1,4}\)?[ \-]?\d{1,4}[ \-]?\d{3,4}"
    r"|\(0\d{1,4}\)[ \-]?\d{1,4}[ \-]?\d{3,4}"
    r"|0\d{1,4}-\d{1,4}-\d{3,4}"
    r"|0\d{9,10}"
    r")(?![\d\-])"
)
_POSTAL = re.compile(r"(?:〒|郵便番号[:：]?)[ \u3000]?\d{3}-?\d{4}(?!\d)")
_CORPORATE_NUMBER = re.compile(r"(?<!\d)\d{13}(?!\d)")
_PREFECTURE_RE = "(?P<pref>" + "|".join(PREFECTURES) + ")"
_BANCHI = r"(?:[0-9一二三四五六七八九十〇]+(?:丁目|番地|番|号|-|の)?)+"
_ADDRESS = re.compile(
    _PREFECTURE_RE
    + r"[ \u3000]?(?P<rest>(?:[^\s、。,，()「」0-9]{1,8}?郡)?[^\s、。,，()「」0-9]{1,8}?[市区町村]"
    + r"(?:[^\s、。,，()「」0-9]{0,10}?"
    + _BANCHI
    + r")?)"
)
_CITY_ADDRESS = re.compile(
    r"(?<![一-龥])[一-龥]{1,5}[市区町村][一-龥ぁ-ん]{0,6}?[0-9]+(?:丁目)?(?:-[0-9]+){1,3}"
)
_AMOUNT = re.compile(
    r"(?<![〜~\d.,])(?P<num>\d[\d,]*(?:\.\d+)?)[ ]?(?P<unit>億|万|千)?"
    r"(?:(?P<num2>\d[\d,]*(?:\.\d+)?)(?P<unit2>千万|万|千))?円"
)
_ERA_YEAR = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
_DATE_ERA = re.compile(r"(?P<era>令和|平成|昭和)(?P<y>\d{1,2}|元)年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
_DATE_ERA_SHORT = re.compile(
    r"(?<![A-Za-z])(?P<era>[RHS])(?P<y>\d{1,2})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?!\d)"
)
_DATE_WESTERN = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:/(?P<m1>\d{1,2})/(?P<d1>\d{1,2})|-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    r"|年(?P<m3>\d{1,2})月(?:(?P<d3>\d{1,2})日)?)(?!\d)"
)


def _amount_yen(match: re.Match) -> Decimal | None:
    units = {
        None: Decimal(1),
        "千": Decimal(1000),
        "万": Decimal(10_000),
        "千万": Decimal(10_000_000),
        "億": Decimal(100_000_000),
    }
    try:
        value = Decimal(match.group("num").replace(",", "")) * units[match.group("unit")]
        if match.group("num2"):
            value += Decimal(match.group("num2").replace(",", "")) * units[match.group("unit2")]
    except (InvalidOperation, KeyError):
        return None
    return value


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    whole, _, frac = text.partition(".")
    whole = f"{int(whole):,}"
    return f"{whole}.{frac}" if frac else whole


def amount_range(yen: Decimal) -> str:
    """A range that holds the amount, on a 1–3–5–10 scale: 4.2億円 → 「3〜5億円」,
    800万円 → 「500〜1,000万円」."""
    if yen <= 0:
        return "0円"
    exponent = len(str(int(yen))) - 1 if yen >= 1 else 0
    decade = Decimal(10) ** exponent
    mantissa = yen / decade
    low, high = (1, 3) if mantissa < 3 else (3, 5) if mantissa < 5 else (5, 10)
    low_yen, high_yen = decade * low, decade * high
    for unit_yen, unit in ((Decimal(100_000_000), "億円"), (Decimal(10_000), "万円"), (Decimal(1), "円")):
        if low_yen >= unit_yen:
            return f"{_plain(low_yen / unit_yen)}〜{_plain(high_yen / unit_yen)}{unit}"
    return f"{_plain(low_yen)}〜{_plain(high_yen)}円"


def _safe_date(year: int, month: int, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day or 1)
    except ValueError:
        return None


def relative_label(date: dt.date, start_date: dt.date | None) -> str:
    """「支援開始から4か月目」 (the month of the start is the first), 「支援開始の2か月前」, or 「20XX年」."""
    if start_date is None:
        return UNKNOWN_YEAR_LABEL
    months = (date.year - start_date.year) * 12 + (date.month - start_date.month)
    if months >= 0:
        return f"支援開始から{months + 1}か月目"
    return f"支援開始の{-months}か月前"


def _date_matches(folded: str, start_date: dt.date | None) -> list[_Match]:
    found: list[_Match] = []
    for m in _DATE_ERA.finditer(folded):
        year = 1 if m.group("y") == "元" else int(m.group("y"))
        date = _safe_date(
            _ERA_YEAR[m.group("era")] + year, int(m.group("m")), m.group("d") and int(m.group("d"))
        )
        if date:
            found.append(_Match(m.start(), m.end(), relative_label(date, start_date), DATE, 50))
    for m in _DATE_ERA_SHORT.finditer(folded):
        date = _safe_date(_ERA_YEAR[m.group("era")] + int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if date:
            found.append(_Match(m.start(), m.end(), relative_label(date, start_date), DATE, 50))
    for m in _DATE_WESTERN.finditer(folded):
        month = m.group("m1") or m.group("m2") or m.group("m3")
        day = m.group("d1") or m.group("d2") or m.group("d3")
        date = _safe_date(int(m.group("y")), int(month), day and int(day))
        if date:
            found.append(_Match(m.start(), m.end(), relative_label(date, start_date), DATE, 50))
    return found


def _pattern_matches(folded: str, start_date: dt.date | None) -> list[_Match]:
    found: list[_Match] = []
    for m in _EMAIL.finditer(folded):
        found.append(_Match(m.start(), m.end(), EMAIL_LABEL, EMAIL, 90))
    for m in _POSTAL.finditer(folded):
        found.append(_Match(m.start(), m.end(), POSTAL_LABEL, POSTAL, 85))
    for m in _CORPORATE_NUMBER.finditer(folded):
        found.append(_Match(m.start(), m.end(), CORPORATE_NUMBER_LABEL, CORPORATE_NUMBER, 80))
    for m in _PHONE.finditer(folded):
        found.append(_Match(m.start(), m.end(), PHONE_LABEL, PHONE, 70))
    for m in _ADDRESS.finditer(folded):
        if m.group("rest"):
            found.append(_Match(m.start(), m.end(), m.group("pref"), ADDRESS, 60))
    for m in _CITY_ADDRESS.finditer(folded):
        found.append(_Match(m.start(), m.end(), ADDRESS_LABEL, ADDRESS, 55))
    found.extend(_date_matches(folded, start_date))
    for m in _AMOUNT.finditer(folded):
        yen = _amount_yen(m)
        if yen is not None:
            found.append(_Match(m.start(), m.end(), amount_range(yen), AMOUNT, 40))
    return found


# ------------------------------------------------------------------------------------------------ apply


def _choose(matches: list[_Match]) -> list[_Match]:
    """Non-overlapping matches: the higher priority first, then the longer, then the earlier."""
    chosen: list[_Match] = []
    taken: list[tuple[int, int]] = []
    for match in sorted(matches, key=lambda m: (-m.priority, -(m.end - m.start), m.start)):
        if match.end <= match.start:
            continue
        if any(match.start < end and start < match.end for start, end in taken):
            continue
        chosen.append(match)
        taken.append((match.start, match.end))
    return sorted(chosen, key=lambda m: m.start)


def _apply(text: str, matches: list[_Match], kept: Sequence[Replacement] = ()) -> Result:
    """Replace the chosen matches in text; `kept` are earlier replacements (spans in `text`) that stay."""
    out: list[str] = []
    replacements: list[Replacement] = []
    events = sorted(
        [(m.start, m.end, "new", m) for m in matches] + [(r.start, r.end, "kept", r) for r in kept],
        key=lambda e: e[0],
    )
    cursor = 0
    length = 0
    for start, end, what, item in events:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        length += start - cursor
        if what == "new":
            replacement = Replacement(
                length, length + len(item.replacement), text[start:end], item.replacement, item.kind
            )
            out.append(item.replacement)
            length += len(item.replacement)
        else:
            replacement = Replacement(
                length, length + (end - start), item.original, item.replacement, item.kind
            )
            out.append(text[start:end])
            length += end - start
        replacements.append(replacement)
        cursor = end
    out.append(text[cursor:])
    return Result("".join(out), tuple(replacements))


def anonymise(
    text: str,
    terms: Sequence[Term] = (),
    *,
    start_date: dt.date | None = None,
    patterns: bool = True,
) -> Result:
    """Replace the known terms and (unless `patterns` is False) the patterns in `text`."""
    text = text or ""
    folded = fold(text)
    matches = _known_matches(folded, terms)
    if patterns:
        matches += _pattern_matches(folded, start_date)
    return _apply(text, _choose(matches))


def add_terms(text: str, replacements: Sequence[Replacement], terms: Sequence[Term]) -> Result:
    """Replace `terms` (added by the supporter) in an already anonymised text, keeping the earlier
    replacements (and never replacing inside one of them)."""
    folded = fold(text)
    kept = [
        r
        for r in replacements
        if 0 <= r.start <= r.end <= len(text) and text[r.start : r.end] == r.replacement
    ]
    new = [
        m
        for m in _choose(_known_matches(folded, terms))
        if not any(m.start < r.end and r.start < m.end for r in kept)
    ]
    return _apply(text, new, kept)


def undo(text: str, replacements: Sequence[Replacement], index: int) -> Result:
    """Put the original of replacement `index` back; the others keep (shifted) spans."""
    if not 0 <= index < len(replacements):
        raise IndexError(index)
    target = replacements[index]
    if text[target.start : target.end] != target.replacement:
        raise ValueError("the replacement is no longer in the text")
    new_text = text[: target.start] + target.original + text[target.end :]
    shift = len(target.original) - len(target.replacement)
    others = []
    for i, r in enumerate(replacements):
        if i == index:
            continue
        if r.start >= target.end:
            r = Replacement(r.start + shift, r.end + shift, r.original, r.replacement, r.kind)
        others.append(r)
    return Result(new_text, tuple(r for r in others if new_text[r.start : r.end] == r.replacement))


def rebase(replacements: Sequence[Replacement], old_text: str, new_text: str) -> tuple[Replacement, ...]:
    """The replacements whose text the supporter left untouched, with their spans moved to `new_text`."""
    if old_text == new_text:
        return tuple(replacements)
    matcher = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False)
    blocks = [(a, b, size) for a, b, size in matcher.get_matching_blocks() if size]
    kept = []
    for r in replacements:
        for a, b, size in blocks:
            if a <= r.start and r.end <= a + size:
                moved = Replacement(r.start - a + b, r.end - a + b, r.original, r.replacement, r.kind)
                if new_text[moved.start : moved.end] == moved.replacement:
                    kept.append(moved)
                break
    return tuple(kept)


def segments(text: str, replacements: Sequence[Replacement]) -> list[tuple[str, int | None]]:
    """The text cut into (piece, index of its replacement or None), for highlighting."""
    pieces: list[tuple[str, int | None]] = []
    cursor = 0
    for index, r in sorted(enumerate(replacements), key=lambda item: item[1].start):
        if r.start < cursor or text[r.start : r.end] != r.replacement:
            continue
        if r.start > cursor:
            pieces.append((text[cursor : r.start], None))
        pieces.append((text[r.start : r.end], index))
        cursor = r.end
    if cursor < len(text):
        pieces.append((text[cursor:], None))
    return pieces
