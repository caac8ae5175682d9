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


# --- Outcomes and learning (the portfolio's 成果 page and the organization's statistics) ---
# The home area aggregates per company facts it cannot load itself: each area registers a provider
# (companies queryset) -> {company id: {fact key: value}} running a constant number of queries.
# Fact keys (documented in banso/home/README.md): diagnosis gives rank_now, rank_year_ago,
# sales_first, sales_latest, operating_first, operating_latest (yen, confirmed statements);
# engagements gives walls_start, walls_latest ({wall key: 0–3}), step_days ({step: [days, …]}),
# root_issues ([text of agreed 裏課題]), referral_used, dialogue_count, salary_before, salary_latest,
# wage_rate_latest, engagement_ended.
FactProvider = Callable[[object], dict]
_fact_providers: list[FactProvider] = []


def register_outcome_facts(provider: FactProvider) -> FactProvider:
    if provider not in _fact_providers:
        _fact_providers.append(provider)
    return provider


def outcome_facts(companies) -> dict[int, dict]:
    """{company id: merged facts of every registered area}."""
    merged: dict[int, dict] = {}
    for provider in _fact_providers:
        for company_id, facts in provider(companies).items():
            merged.setdefault(company_id, {}).update(facts)
    return merged


@dataclass(frozen=True)
class SurveyResponse:
    """One satisfaction survey (満足度調査) as the statistics page aggregates it: never the owner's
    name. `scores` is {question key: 1–5} (empty while unanswered); `comment` is support-side only."""

    company_id: int
    supporter_id: int | None
    milestone: str
    answered: bool
    scores: dict = field(default_factory=dict)
    comment: str = ""
    answered_on: object = None


@dataclass(frozen=True)
class SurveySource:
    questions: tuple  # ((key, Japanese label), …)
    responses: Callable  # (companies) -> list[SurveyResponse], constant queries


_survey_source: list[SurveySource] = []


def register_survey_source(source: SurveySource) -> SurveySource:
    _survey_source[:] = [source]
    return source


def survey_source() -> SurveySource | None:
    return _survey_source[0] if _survey_source else None


# Labels the home area shows but cannot import (the walls' and steps' names from engagements):
# {"walls": {key: label}, "steps": {number: label}} in the order to show them.
_labels: dict[str, dict] = {}


def register_outcome_labels(kind: str, labels: dict) -> None:
    _labels[kind] = dict(labels)


def outcome_labels(kind: str) -> dict:
    return dict(_labels.get(kind, {}))
