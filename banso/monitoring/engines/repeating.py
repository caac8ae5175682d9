"""Repeating gaps (乖離分析, issue 9 part 5; docs/domain.md §5.2 item 3): a gap recorded on the same line
in consecutive months is *repeating*, and the review screen says so before the meeting.

Input is plain (line key, month) pairs — one per gap record; several records of one line and month
count once. A month is a Month, a date or 'YYYY-MM'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from banso.monitoring.engines.months import Month, months_between, to_month

__all__ = ["GapRun", "run_of", "runs", "streak_until"]


@dataclass(frozen=True)
class GapRun:
    """Consecutive months with a gap on one line."""

    line: str
    first_month: Month
    last_month: Month

    @property
    def length(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def repeating(self) -> bool:
        return self.length >= 2

    @property
    def months(self) -> list[Month]:
        return months_between(self.first_month, self.last_month)


def _by_line(gaps: Iterable[tuple[str, object]]) -> dict[str, list[Month]]:
    months: dict[str, set[Month]] = {}
    for line, month in gaps:
        months.setdefault(line, set()).add(to_month(month))
    return {line: sorted(found) for line, found in months.items()}


def runs(gaps: Iterable[tuple[str, object]]) -> list[GapRun]:
    """Every run of consecutive months per line (single months too), by line then first month."""
    result = []
    for line, months in sorted(_by_line(gaps).items()):
        start = previous = months[0]
        for month in months[1:]:
            if month - previous != 1:
                result.append(GapRun(line, start, previous))
                start = month
            previous = month
        result.append(GapRun(line, start, previous))
    return result


def run_of(gaps: Iterable[tuple[str, object]]) -> dict[tuple[str, Month], GapRun]:
    """{(line, month): the run that month belongs to} — e.g. to flag each gap record as repeating."""
    return {(run.line, month): run for run in runs(gaps) for month in run.months}


def streak_until(gaps: Iterable[tuple[str, object]], line: str, month) -> int:
    """How many consecutive months up to and including `month` have a gap on `line` (0 when `month`
    has none). Asked for the month before a meeting: ≥ 1 means a gap there would repeat."""
    months = set(_by_line(gaps).get(line, ()))
    current, count = to_month(month), 0
    while current in months:
        count, current = count + 1, current - 1
    return count
