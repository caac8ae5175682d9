"""Similar cases (似ている事例): explainable scoring of published cases against an engagement.

Plain Python, no Django. Every point a case earns comes with the sentence that explains it, so the
panel on the engagement page can say why a case is shown (「同じ業種」「向き合えない壁が高い」
「裏課題が近い: 経営の見える化」). The weights are a *(Banso rule)*, in `WEIGHTS`:

| signal | points | reason |
|---|---|---|
| industry: same ロカベン code / same major group | 3 / 1.5 | 同じ業種 / 同じ業種グループ（製造業） |
| size band (小規模 / 中規模) the same | 1 | 同じ規模（小規模事業者） |
| walls: 1 − mean distance / 3 over the walls rated on both, × 2 | 0–2 | 〇〇壁が高い (both ≥ 2) |
| root issues (裏課題): Dice overlap of bigrams, × 4 | 0–4 | 裏課題が近い: <the case's issue> |
| surface issues (表課題): Dice overlap of bigrams, × 2 | 0–2 | 表課題が近い: <the case's issue> |

Text is compared after the synonym groups map each spelling to one (見える化 and 可視化 count as the
same). The engagement's walls are its latest assessment; a case's are its walls at the start (a new
client resembles where a case began). Ties go to the more recently published case (higher id).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from banso.knowledge.engines import textsearch

WEIGHTS = {
    "industry": 3.0,
    "industry_group": 1.5,
    "size": 1.0,
    "walls": 2.0,
    "root": 4.0,
    "surface": 2.0,
}
HIGH_WALL = 2  # 壁がある / 強い壁
TEXT_MIN_OVERLAP = 0.15  # below this a text is not called close
REASON_TEXT_CHARS = 24
WALL_MAX = 3


@dataclass(frozen=True)
class Profile:
    industry_code: str = ""
    size: str = ""
    walls: dict[str, int | None] = field(default_factory=dict)
    surface_issues: tuple[str, ...] = ()
    root_issues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    text: str
    points: float


@dataclass(frozen=True)
class Match:
    case_id: int
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Labels:
    """Display names passed in by the caller (the engine knows no area's choice lists)."""

    industry_groups: dict[str, str] = field(default_factory=dict)  # "03" → 製造業
    sizes: dict[str, str] = field(default_factory=dict)  # small → 小規模事業者
    walls: dict[str, str] = field(default_factory=dict)  # unfaced → 向き合えない壁


@functools.lru_cache(maxsize=64)
def _canonical_pattern(groups: tuple[tuple[str, ...], ...]) -> tuple[re.Pattern | None, dict[str, str]]:
    first = {word: group[0] for group in groups for word in group[1:]}
    if not first:
        return None, first
    words = sorted(first, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in words)), first


def canonical(text: str, groups: Sequence[Sequence[str]]) -> str:
    """The normalised text with every synonym replaced by its group's first spelling (one pass)."""
    normalised = textsearch.normalize(text or "")
    key = groups if isinstance(groups, tuple) else tuple(tuple(g) for g in groups)
    pattern, first = _canonical_pattern(key)
    if pattern is None:
        return normalised
    return pattern.sub(lambda m: first[m.group()], normalised)


def _grams(texts: Iterable[str], groups) -> frozenset[str]:
    out: set[str] = set()
    for text in texts:
        out |= textsearch.bigram_set(canonical(text, groups))
    return frozenset(out)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _closest(texts: Sequence[str], other: frozenset[str], groups) -> tuple[float, str]:
    """The best overlap of one of `texts` with `other`, and that text."""
    best, best_text = 0.0, ""
    for text in texts:
        value = dice(_grams([text], groups), other)
        if value > best:
            best, best_text = value, text
    return best, best_text


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= REASON_TEXT_CHARS else text[: REASON_TEXT_CHARS - 1] + "…"


def score(
    engagement: Profile,
    case: Profile,
    *,
    labels: Labels = Labels(),
    groups: Sequence[Sequence[str]] = (),
    engagement_grams: dict[str, frozenset[str]] | None = None,
) -> tuple[float, tuple[Reason, ...]]:
    reasons: list[Reason] = []
    a, b = engagement.industry_code or "", case.industry_code or ""
    if a and a == b:
        reasons.append(Reason("同じ業種", WEIGHTS["industry"]))
    elif a and b and a[:2] == b[:2]:
        group = labels.industry_groups.get(a[:2], "")
        reasons.append(
            Reason(f"同じ業種グループ（{group}）" if group else "同じ業種グループ", WEIGHTS["industry_group"])
        )
    if engagement.size and engagement.size == case.size:
        size = labels.sizes.get(engagement.size, "")
        reasons.append(Reason(f"同じ規模（{size}）" if size else "同じ規模", WEIGHTS["size"]))

    both = [k for k, v in engagement.walls.items() if v is not None and case.walls.get(k) is not None]
    if both:
        distance = sum(abs(engagement.walls[k] - case.walls[k]) for k in both) / len(both)
        points = round(WEIGHTS["walls"] * (1 - distance / WALL_MAX), 3)
        high = [k for k in both if engagement.walls[k] >= HIGH_WALL and case.walls[k] >= HIGH_WALL]
        if high:
            names = "・".join(labels.walls.get(k, k) for k in high)
            reasons.append(Reason(f"{names}が高い", points))
        elif points >= WEIGHTS["walls"] * 0.75:
            reasons.append(Reason("5つの壁の状態が近い", points))
        elif points > 0:
            reasons.append(Reason("", points))  # counts without a sentence: not close enough to say

    for key, label in (("root", "裏課題"), ("surface", "表課題")):
        mine = (engagement_grams or {}).get(key)
        if mine is None:
            mine = _grams(engagement.root_issues if key == "root" else engagement.surface_issues, groups)
        theirs = case.root_issues if key == "root" else case.surface_issues
        if not mine or not theirs:
            continue
        value, text = _closest(theirs, mine, groups)
        if value >= TEXT_MIN_OVERLAP:
            reasons.append(Reason(f"{label}が近い: {_short(text)}", round(WEIGHTS[key] * value, 3)))

    total = round(sum(r.points for r in reasons), 3)
    return total, tuple(r for r in reasons if r.text)


def most_similar(
    engagement: Profile,
    cases: Iterable[tuple[int, Profile]],
    *,
    limit: int = 3,
    labels: Labels = Labels(),
    groups: Sequence[Sequence[str]] = (),
) -> list[Match]:
    """The `limit` best cases with a positive score, best first (ties: higher id first)."""
    groups = tuple(tuple(g) for g in groups)
    matches = []
    grams = {
        "root": _grams(engagement.root_issues, groups),
        "surface": _grams(engagement.surface_issues, groups),
    }
    for case_id, profile in cases:
        total, reasons = score(engagement, profile, labels=labels, groups=groups, engagement_grams=grams)
        if total > 0 and reasons:
            matches.append(Match(case_id, total, reasons))
    matches.sort(key=lambda m: (-m.score, -m.case_id))
    return matches[:limit]


def issue_lines(text: str) -> tuple[str, ...]:
    """A case's issue field (one issue per line, 「→」 chains allowed) as separate issues."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip(" ・-　")
        if line:
            out.append(line)
    return tuple(out)
