"""Does a text still name a client? The check before a consultation (相談) leaves the organization.

Pure code: the caller passes the known terms (company names and kana, representatives, and — when the
consultation's context is drawn from an engagement — the engagement's own known terms). Both sides
are compared after the search normalisation of core.text (NFKC, width, hiragana → katakana, case,
spaces, legal forms), so 「(株)丸山精工」「丸山精工」「ﾏﾙﾔﾏｾｲｺｳ」 and 「まるやませいこう」 all match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from banso.core.text import LEGAL_FORMS, search_key

MIN_TERM_LENGTH = 2
# A surname followed by one of these names a person even without the given name. *(Banso rule)*
HONORIFICS = (
    "様",
    "さま",
    "さん",
    "氏",
    "殿",
    "社長",
    "会長",
    "専務",
    "常務",
    "部長",
    "課長",
    "工場長",
    "店長",
)
_MARKS = re.compile("|".join(re.escape(mark) for mark in LEGAL_FORMS))


@dataclass(frozen=True)
class KnownTerm:
    text: str  # as typed in the record (shown in the message)
    person: bool = False  # a person's name: its surname with an honorific also counts


def _key(text: str) -> str:
    return _MARKS.sub("", search_key(text))


def _needles(term: KnownTerm) -> list[str]:
    needles = [_key(term.text)]
    if term.person:
        parts = term.text.replace("\u3000", " ").split()
        if len(parts) >= 2:
            needles += [_key(parts[0] + honorific) for honorific in HONORIFICS]
    return [needle for needle in needles if len(needle) >= MIN_TERM_LENGTH]


def find_known_terms(texts: Iterable[str], terms: Iterable[KnownTerm]) -> list[str]:
    """The known terms (as typed, each once, in the given order) that any of the texts still contains."""
    haystack = "\n".join(_key(text) for text in texts if text)
    found: list[str] = []
    for term in terms:
        if term.text in found:
            continue
        if any(needle in haystack for needle in _needles(term)):
            found.append(term.text)
    return found
