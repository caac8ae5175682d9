"""What areas add to the organization's portfolio page (banso/home): tables of counts (engagements
by step and status) and figures per supporter (open and overdue actions). The home area cannot import
the areas, so each registers providers here in its AppConfig.ready().

Every number carries the URL of the list behind it (the company list filtered, or the home filtered)
so the page never shows a count the reader cannot open. Providers get the companies the user may see
(a queryset) and must run a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Count:
    value: int
    url: str = ""


@dataclass(frozen=True)
class PortfolioRow:
    label: str
    counts: tuple[Count, ...]


@dataclass(frozen=True)
class PortfolioTable:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[PortfolioRow, ...]
    note: str = ""
    # Which column the chart draws (its total per row), -1 for the row's total.
    chart_column: int = -1

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(r.counts[i].value for r in self.rows) for i in range(len(self.columns)))


@dataclass(frozen=True)
class SupporterFigure:
    """One column of the per-supporter workload table: {user id: Count}."""

    label: str
    counts: dict = field(default_factory=dict)


# (request, companies) -> PortfolioTable | None
TableProvider = Callable[[object, object], "PortfolioTable | None"]
# (request, companies, supporter user ids) -> [SupporterFigure]; counts per supporter of the companies
# assigned to them (Company.supporters)
SupporterProvider = Callable[[object, object, list], list[SupporterFigure]]

_tables: list[TableProvider] = []
_supporter_figures: list[SupporterProvider] = []


def register_portfolio_table(provider: TableProvider) -> TableProvider:
    if provider not in _tables:
        _tables.append(provider)
    return provider


def register_supporter_figures(provider: SupporterProvider) -> SupporterProvider:
    if provider not in _supporter_figures:
        _supporter_figures.append(provider)
    return provider


def portfolio_tables(request, companies) -> list[PortfolioTable]:
    return [table for provider in _tables if (table := provider(request, companies)) is not None]


def supporter_figures(request, companies, supporter_ids: list[int]) -> list[SupporterFigure]:
    figures: list[SupporterFigure] = []
    for provider in _supporter_figures:
        figures.extend(provider(request, companies, supporter_ids))
    return figures
