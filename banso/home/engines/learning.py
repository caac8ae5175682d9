"""Learning from the portfolio (組織の学び): what the organization's engagements have in common.

Pure code, no Django import, over the same per-company facts as engines/outcomes.py:

- root-issue themes: each agreed 裏課題 is matched (NFKC, case folded) against the theme keywords;
  a company counts once per theme however many of its root issues mention it;
- walls at start and at end: per wall, how many companies were at each level (0–3) at their first
  and at their latest assessment;
- time per step: the days each engagement spent in a step it has left (from the step log), with the
  number of stays, the mean and the median (a step still under way is not counted);
- outcomes by industry and by the approach taken (a referral used or not; the number of dialogues);
- the satisfaction survey (満足度調査): per supporter and for the organization, the number sent and
  answered, the response rate and the mean of each question (1–5).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from banso.home.engines.outcomes import bucket_of, mean

# (key, label, keywords) — an agreed root issue mentioning any keyword belongs to the theme.
THEMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "visibility",
        "経営の見える化・数字の把握",
        ("見える化", "可視化", "数字", "数値", "試算表", "管理会計", "原価計算"),
    ),
    ("organization", "組織運営・権限委譲", ("組織", "権限", "任せ", "プレイング", "幹部", "管理職", "役割")),
    ("vision", "ビジョン・計画の共有", ("ビジョン", "理念", "計画", "方針", "浸透", "共有")),
    ("people", "人材の育成・定着", ("人材", "育成", "採用", "定着", "教育", "技能", "承継者")),
    ("succession", "事業承継・後継者", ("承継", "後継", "跡継ぎ", "世代交代")),
    ("family", "親族・古参との関係", ("親族", "創業家", "古参", "先代", "家族")),
    ("sales", "営業・販路・価格", ("営業", "販路", "顧客", "価格", "単価", "受注", "取引先", "依存")),
    ("cost", "原価・在庫・生産性", ("原価", "在庫", "生産性", "歩留", "外注", "段取り", "工程")),
    ("finance", "資金繰り・借入", ("資金繰り", "借入", "返済", "キャッシュ", "資金")),
    ("communication", "社内のコミュニケーション", ("会議", "コミュニケーション", "報連相", "対話", "伝わ")),
)
THEME_LABELS = {key: label for key, label, _ in THEMES}

DIALOGUE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("d0_4", "対話 4回以下", 0, 4),
    ("d5_9", "対話 5〜9回", 5, 9),
    ("d10", "対話 10回以上", 10, None),
)
APPROACH_LABELS = {
    "referral": "橋渡しを使った",
    "no_referral": "橋渡しなし",
    **{key: label for key, label, _lo, _hi in DIALOGUE_BANDS},
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def themes_of(texts: Iterable[str]) -> set[str]:
    found = set()
    folded = [_fold(t) for t in texts]
    for key, _label, keywords in THEMES:
        if any(_fold(word) in text for text in folded for word in keywords):
            found.add(key)
    return found


@dataclass(frozen=True)
class ThemeCount:
    key: str
    label: str
    count: int


def theme_counts(facts: Mapping[int, Mapping]) -> list[ThemeCount]:
    """Themes by the number of companies whose agreed root issues mention them, most common first
    (ties in THEMES order); themes no company mentions are left out."""
    counts = dict.fromkeys(THEME_LABELS, 0)
    for f in facts.values():
        for key in themes_of(f.get("root_issues") or ()):
            counts[key] += 1
    order = list(THEME_LABELS)
    rows = [ThemeCount(k, THEME_LABELS[k], n) for k, n in counts.items() if n]
    return sorted(rows, key=lambda r: (-r.count, order.index(r.key)))


def company_theme(facts: Mapping, theme: str) -> bool:
    return theme in themes_of(facts.get("root_issues") or ())


@dataclass(frozen=True)
class WallDistribution:
    key: str
    label: str
    start: tuple[int, ...]  # companies at level 0, 1, 2, 3 at their first assessment
    end: tuple[int, ...]  # … at their latest assessment


def wall_distribution(
    facts: Mapping[int, Mapping], walls: Mapping[str, str], levels: int = 4
) -> list[WallDistribution]:
    rows = []
    for key, label in walls.items():
        start, end = [0] * levels, [0] * levels
        for f in facts.values():
            first = (f.get("walls_start") or {}).get(key)
            last = (f.get("walls_latest") or f.get("walls_start") or {}).get(key)
            if first is not None:
                start[int(first)] += 1
            if last is not None:
                end[int(last)] += 1
        rows.append(WallDistribution(key, label, tuple(start), tuple(end)))
    return rows


@dataclass(frozen=True)
class StepTime:
    step: int
    label: str
    n: int
    mean_days: Decimal | None
    median_days: Decimal | None


def step_times(facts: Mapping[int, Mapping], steps: Mapping[int, str]) -> list[StepTime]:
    per_step: dict[int, list[int]] = {}
    for f in facts.values():
        for step, days in (f.get("step_days") or {}).items():
            per_step.setdefault(int(step), []).extend(days)
    rows = []
    for step, label in steps.items():
        days = per_step.get(int(step), [])
        rows.append(
            StepTime(
                step=int(step),
                label=label,
                n=len(days),
                mean_days=mean(days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if days else None,
                median_days=Decimal(str(median(days))).quantize(Decimal("0.1")) if days else None,
            )
        )
    return rows


def approach_of(facts: Mapping) -> list[str]:
    """The approach buckets a company belongs to (one for referrals, one for dialogues) — only for
    companies with an engagement (a dialogue count in their facts)."""
    if "dialogue_count" not in facts:
        return []
    found = ["referral" if facts.get("referral_used") else "no_referral"]
    count = int(facts["dialogue_count"])
    for key, _label, low, high in DIALOGUE_BANDS:
        if count >= low and (high is None or count <= high):
            found.append(key)
    return found


@dataclass(frozen=True)
class OutcomeRow:
    """Outcomes of one group of companies (an industry, an approach)."""

    key: str
    label: str
    n: int
    sales_n: int  # companies with two years of sales
    sales_up: int
    operating_n: int
    operating_up: int
    walls_n: int  # companies with two wall assessments
    walls_improvement: Decimal | None  # mean of (Σ start ratings − Σ latest ratings), higher is better


def outcome_row(key: str, label: str, facts_list: list[Mapping], wall_keys: Iterable[str]) -> OutcomeRow:
    sales = [bucket_of(f, "sales") for f in facts_list]
    operating = [bucket_of(f, "operating") for f in facts_list]
    keys = list(wall_keys)
    improvements = []
    for f in facts_list:
        start, latest = f.get("walls_start") or {}, f.get("walls_latest") or {}
        if keys and all(start.get(k) is not None and latest.get(k) is not None for k in keys):
            improvements.append(sum(int(start[k]) for k in keys) - sum(int(latest[k]) for k in keys))
    return OutcomeRow(
        key=key,
        label=label,
        n=len(facts_list),
        sales_n=sum(1 for b in sales if b is not None),
        sales_up=sum(1 for b in sales if b == "up"),
        operating_n=sum(1 for b in operating if b is not None),
        operating_up=sum(1 for b in operating if b == "up"),
        walls_n=len(improvements),
        walls_improvement=mean(improvements),
    )


def outcomes_by(
    facts: Mapping[int, Mapping], groups: Mapping[str, tuple[str, Iterable[int]]], wall_keys: Iterable[str]
) -> list[OutcomeRow]:
    keys = list(wall_keys)
    return [
        outcome_row(key, label, [facts.get(cid, {}) for cid in ids], keys)
        for key, (label, ids) in groups.items()
    ]


def approach_groups(facts: Mapping[int, Mapping]) -> dict[str, tuple[str, list[int]]]:
    groups: dict[str, tuple[str, list[int]]] = {k: (label, []) for k, label in APPROACH_LABELS.items()}
    for cid, f in sorted(facts.items()):
        for key in approach_of(f):
            groups[key][1].append(cid)
    return groups


# --- 満足度調査 ---


@dataclass(frozen=True)
class SurveySummary:
    key: str
    label: str
    sent: int
    answered: int
    response_rate: Decimal | None  # answered ÷ sent × 100, one decimal
    question_means: tuple[tuple[str, str, Decimal | None], ...]  # (key, label, mean)
    overall_mean: Decimal | None  # mean of every answered score


def survey_summary(
    key: str, label: str, responses: Sequence, questions: Sequence[tuple[str, str]]
) -> SurveySummary:
    """`responses` have .answered and .scores ({question key: 1–5}); unanswered ones count as sent."""
    answered = [r for r in responses if r.answered]
    means = tuple((q, q_label, mean(r.scores.get(q) for r in answered)) for q, q_label in questions)
    every = [v for r in answered for q, _l in questions if (v := r.scores.get(q)) is not None]
    sent = len(responses)
    return SurveySummary(
        key=key,
        label=label,
        sent=sent,
        answered=len(answered),
        response_rate=(Decimal(len(answered)) / sent * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if sent
        else None,
        question_means=means,
        overall_mean=mean(every),
    )
