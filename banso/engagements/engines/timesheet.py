"""従事時間管理表: entries (a dialogue's duration per advisor, logged work) → totals per month, per kind
and per month × kind; minutes shown as 「3時間30分」 and as decimal hours (1.5). Pure; no Django."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

DIALOGUE = "dialogue"
# The kinds in the order of the sheet: dialogues first, then logged work (models.worklogs.WorkKind).
KIND_LABELS = {
    DIALOGUE: "面談・対話",
    "preparation": "準備",
    "travel": "移動",
    "report": "報告書作成",
    "other": "その他",
}


@dataclass(frozen=True)
class Entry:
    day: dt.date
    worker: str
    kind: str
    content: str
    minutes: int
    log_id: int | None = None  # a WorkLog (editable); None for a dialogue's time
    dialogue_id: int | None = None
    engagement_label: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def month(self) -> str:
        return f"{self.day:%Y-%m}"


@dataclass
class Totals:
    total: int = 0
    by_month: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_month_kind: dict[tuple[str, str], int] = field(default_factory=dict)

    def month_rows(self) -> list[dict]:
        """[{month, minutes, kinds: [minutes per KIND_LABELS order]}], oldest first."""
        return [
            {
                "month": month,
                "minutes": minutes,
                "kinds": [self.by_month_kind.get((month, kind), 0) for kind in KIND_LABELS],
            }
            for month, minutes in sorted(self.by_month.items())
        ]

    def kind_totals(self) -> list[int]:
        return [self.by_kind.get(kind, 0) for kind in KIND_LABELS]


def sort_entries(entries: list[Entry]) -> list[Entry]:
    order = list(KIND_LABELS)
    return sorted(
        entries,
        key=lambda e: (e.day, order.index(e.kind) if e.kind in order else 99, e.worker, e.log_id or 0),
    )


def totals(entries: list[Entry]) -> Totals:
    result = Totals()
    by_month: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    by_month_kind: dict[tuple[str, str], int] = defaultdict(int)
    for entry in entries:
        result.total += entry.minutes
        by_month[entry.month] += entry.minutes
        by_kind[entry.kind] += entry.minutes
        by_month_kind[(entry.month, entry.kind)] += entry.minutes
    result.by_month, result.by_kind, result.by_month_kind = dict(by_month), dict(by_kind), dict(by_month_kind)
    return result


def duration_text(minutes: int) -> str:
    """90 → 「1時間30分」, 45 → 「45分」, 120 → 「2時間」, 0 → 「0分」."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours}時間{rest}分"
    if hours:
        return f"{hours}時間"
    return f"{rest}分"


def hours(minutes: int) -> Decimal:
    """Decimal hours to 2 places (90 → 1.50), for the Excel sheet's 時間数 column."""
    return (Decimal(int(minutes)) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{int(year)}年{int(number)}月"
