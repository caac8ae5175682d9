"""Outcomes across the portfolio (ポートフォリオの成果), from per-company facts.

Pure code, no Django import. Each company's facts are a dict the areas fill (core.portfolio
`outcome_facts`): ranks now and a year ago, the five walls at the first and the latest assessment,
sales and operating profit of the first and the latest confirmed statement, the average salary at
the baseline and at the latest follow-up.

Every figure is a count of companies in a bucket, and `bucket_of(facts, metric)` is the one function
that puts a company in a bucket: the page counts with it and the company list filters with it, so a
number and the list behind it never disagree.

Rules (docs/domain.md §5.3): a change is `latest − first`; a rate is `difference ÷ first` only when
the first is positive; a wall is better when its rating goes down (3 強い壁 → 0 乗り越えた); rank A is
the best. Money and averages in Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

RANKS = ("A", "B", "C", "D")
NO_RANK = "none"
RANK_BUCKETS = (*RANKS, NO_RANK)
RANK_LABELS = {"A": "A", "B": "B", "C": "C", "D": "D", NO_RANK: "ランクなし"}
CHANGE_BUCKETS = ("up", "same", "down")
CHANGE_LABELS = {"up": "増加", "same": "横ばい", "down": "減少"}
WALL_BUCKETS = ("improved", "same", "worsened")
WALL_LABELS = {"improved": "下がった（改善）", "same": "変わらない", "worsened": "上がった（悪化）"}
RANK_TREND_LABELS = {"up": "上がった", "same": "変わらない", "down": "下がった"}

# metric → (first fact, latest fact) for money changes
MONEY_METRICS = {
    "sales": ("sales_first", "sales_latest", "売上高"),
    "operating": ("operating_first", "operating_latest", "営業利益"),
    "salary": ("salary_before", "salary_latest", "平均給与（賃上げ）"),
}


def _sign(difference) -> str:
    if difference > 0:
        return "up"
    if difference < 0:
        return "down"
    return "same"


def bucket_of(facts: Mapping, metric: str) -> str | None:
    """The bucket a company falls in for a metric, or None when it has no figure for it.

    metric: "rank_now", "rank_year_ago" (A–D or "none" when a result exists without a rank),
    "rank_change" (up / same / down, A is best), "sales", "operating", "salary" (up / same / down,
    only with both figures), "wall:<key>" (improved / same / worsened, only with two assessments).
    """
    if metric in ("rank_now", "rank_year_ago"):
        if metric not in facts:
            return None
        return facts[metric] or NO_RANK
    if metric == "rank_change":
        now, ago = facts.get("rank_now"), facts.get("rank_year_ago")
        if not now or not ago:
            return None
        return _sign(RANKS.index(ago) - RANKS.index(now))
    if metric in MONEY_METRICS:
        first_key, latest_key, _label = MONEY_METRICS[metric]
        first, latest = facts.get(first_key), facts.get(latest_key)
        if first is None or latest is None:
            return None
        return _sign(Decimal(latest) - Decimal(first))
    if metric.startswith("wall:"):
        key = metric.removeprefix("wall:")
        start = (facts.get("walls_start") or {}).get(key)
        latest = (facts.get("walls_latest") or {}).get(key)
        if start is None or latest is None:
            return None
        difference = int(latest) - int(start)
        return "improved" if difference < 0 else "worsened" if difference > 0 else "same"
    return None


def rate(first, latest) -> Decimal | None:
    """(latest − first) ÷ first × 100, one decimal, only when first > 0."""
    if first is None or latest is None:
        return None
    first, latest = Decimal(first), Decimal(latest)
    if first <= 0:
        return None
    return ((latest - first) / first * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mean(values: Iterable) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BucketCount:
    metric: str
    bucket: str
    label: str
    count: int


@dataclass(frozen=True)
class MoneyChange:
    """Companies with both figures: how many went up / stayed / went down, the totals and the rate of
    the totals (Σ latest − Σ first) ÷ Σ first (none when Σ first ≤ 0)."""

    metric: str
    label: str
    n: int
    buckets: tuple[BucketCount, ...]
    first_total: Decimal | None
    latest_total: Decimal | None
    change_pct: Decimal | None


@dataclass(frozen=True)
class WallTrend:
    key: str
    label: str
    n: int
    start_mean: Decimal | None
    latest_mean: Decimal | None
    buckets: tuple[BucketCount, ...]


@dataclass(frozen=True)
class GroupOutcomes:
    key: str
    label: str
    company_count: int
    rank_now: tuple[BucketCount, ...]
    rank_year_ago: tuple[BucketCount, ...]
    rank_change: tuple[BucketCount, ...]
    walls: tuple[WallTrend, ...]
    money: tuple[MoneyChange, ...]
    extra: dict = field(default_factory=dict)


def _counts(facts_list: list[Mapping], metric: str, buckets, labels) -> tuple[BucketCount, ...]:
    found = [bucket_of(f, metric) for f in facts_list]
    return tuple(BucketCount(metric, b, labels[b], sum(1 for x in found if x == b)) for b in buckets)


def money_change(facts_list: list[Mapping], metric: str) -> MoneyChange:
    first_key, latest_key, label = MONEY_METRICS[metric]
    both = [f for f in facts_list if bucket_of(f, metric) is not None]
    first_total = sum((Decimal(f[first_key]) for f in both), Decimal(0)) if both else None
    latest_total = sum((Decimal(f[latest_key]) for f in both), Decimal(0)) if both else None
    return MoneyChange(
        metric=metric,
        label=label,
        n=len(both),
        buckets=_counts(both, metric, CHANGE_BUCKETS, CHANGE_LABELS),
        first_total=first_total,
        latest_total=latest_total,
        change_pct=rate(first_total, latest_total),
    )


def wall_trends(facts_list: list[Mapping], walls: Mapping[str, str]) -> tuple[WallTrend, ...]:
    rows = []
    for key, label in walls.items():
        metric = f"wall:{key}"
        both = [f for f in facts_list if bucket_of(f, metric) is not None]
        rows.append(
            WallTrend(
                key=key,
                label=label,
                n=len(both),
                start_mean=mean(f["walls_start"][key] for f in both),
                latest_mean=mean(f["walls_latest"][key] for f in both),
                buckets=_counts(both, metric, WALL_BUCKETS, WALL_LABELS),
            )
        )
    return tuple(rows)


def group_outcomes(
    key: str, label: str, facts_list: list[Mapping], walls: Mapping[str, str]
) -> GroupOutcomes:
    return GroupOutcomes(
        key=key,
        label=label,
        company_count=len(facts_list),
        rank_now=_counts(facts_list, "rank_now", RANK_BUCKETS, RANK_LABELS),
        rank_year_ago=_counts(facts_list, "rank_year_ago", RANK_BUCKETS, RANK_LABELS),
        rank_change=_counts(facts_list, "rank_change", CHANGE_BUCKETS, RANK_TREND_LABELS),
        walls=wall_trends(facts_list, walls),
        money=tuple(money_change(facts_list, metric) for metric in MONEY_METRICS),
    )


def grouped_outcomes(
    facts: Mapping[int, Mapping],
    groups: Iterable[tuple[str, str, Iterable[int]]],
    walls: Mapping[str, str],
) -> list[GroupOutcomes]:
    """One GroupOutcomes per (key, label, company ids); a company without facts counts with {}."""
    return [
        group_outcomes(key, label, [facts.get(cid, {}) for cid in company_ids], walls)
        for key, label, company_ids in groups
    ]


def matching(facts: Mapping[int, Mapping], metric: str, bucket: str) -> list[int]:
    """The companies (ids) a bucket count stands for: the list behind the number."""
    return sorted(cid for cid, f in facts.items() if bucket_of(f, metric) == bucket)


def known_metric(metric: str, walls: Iterable[str]) -> bool:
    return (
        metric in ("rank_now", "rank_year_ago", "rank_change")
        or metric in MONEY_METRICS
        or (metric.startswith("wall:") and metric.removeprefix("wall:") in set(walls))
    )


def bucket_label(metric: str, bucket: str, walls: Mapping[str, str]) -> str | None:
    """「ランク（現在）: A」 style label of a filter, or None for an unknown metric / bucket."""
    if metric in ("rank_now", "rank_year_ago"):
        if bucket not in RANK_LABELS:
            return None
        when = "現在" if metric == "rank_now" else "1年前"
        return f"ロカベンのランク（{when}）: {RANK_LABELS[bucket]}"
    if metric == "rank_change":
        return f"ロカベンのランク: {RANK_TREND_LABELS[bucket]}" if bucket in RANK_TREND_LABELS else None
    if metric in MONEY_METRICS:
        return f"{MONEY_METRICS[metric][2]}: {CHANGE_LABELS[bucket]}" if bucket in CHANGE_LABELS else None
    if metric.startswith("wall:"):
        key = metric.removeprefix("wall:")
        if key not in walls or bucket not in WALL_LABELS:
            return None
        return f"{walls[key]}: {WALL_LABELS[bucket]}"
    return None
