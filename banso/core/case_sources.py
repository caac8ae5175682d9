"""What a case (事例) is drafted from, without the knowledge area importing the areas that hold it.

The engagements area registers a provider in its AppConfig.ready(): given the signed-in membership and
an engagement id, it returns the engagement's facts for a case (CaseFacts) — or None when the
membership may not see that engagement (the caller answers 404). Other areas (e.g. diagnosis, for the
counterparties of 商流) may add KNOWN TERMS of a company with `register_known_terms_provider`.

Everything here is plain data: the knowledge area copies what it needs into its draft, runs it through
its anonymisation engine, and keeps no link a reader of another organization could follow back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

# Kinds of known term (as the anonymisation engine names them).
COMPANY = "company"
PERSON = "person"
TERM = "term"


@dataclass(frozen=True)
class KnownTerm:
    """A name or identifier from the client's records that must not appear in a case: `text` → `label`."""

    text: str
    label: str
    kind: str = TERM


@dataclass(frozen=True)
class WallLevel:
    key: str
    label: str
    start: int | None  # 0 (乗り越えた) – 3 (強い壁) at the first assessment
    now: int | None  # at the latest assessment


@dataclass(frozen=True)
class CaseFacts:
    engagement_id: int
    company_id: int
    organization_id: int
    title: str
    industry_code: str
    size: str  # companies.engines.size key (small / medium)
    address: str  # the raw address: the knowledge area keeps the prefecture only
    started_on: dt.date | None
    ended_on: dt.date | None
    step: int
    step_label: str
    walls: list[WallLevel] = field(default_factory=list)
    surface_issues: list[str] = field(default_factory=list)
    root_issues: list[str] = field(default_factory=list)
    insights: list[str] = field(default_factory=list)
    owner_words: list[str] = field(default_factory=list)
    actions_worked: list[str] = field(default_factory=list)
    actions_not_worked: list[str] = field(default_factory=list)
    outcomes_before: dict = field(default_factory=dict)  # net_sales, operating_income, employees … (yen)
    outcomes_after: dict = field(default_factory=dict)
    known_terms: list[KnownTerm] = field(default_factory=list)


@dataclass(frozen=True)
class WallChoice:
    key: str
    label: str


_facts: list[Callable[[object, int], CaseFacts | None]] = []
_walls: list[WallChoice] = []
_term_providers: list[Callable[[int], list[KnownTerm]]] = []


def register_case_source(
    provider: Callable[[object, int], CaseFacts | None], walls: list[WallChoice]
) -> None:
    """Set the provider of an engagement's facts and the walls it rates (once; replaced on reload)."""
    _facts[:] = [provider]
    _walls[:] = list(walls)


def register_known_terms_provider(provider: Callable[[int], list[KnownTerm]]) -> None:
    """Add a provider of more known terms of a company (by id); registering the same one twice is a no-op."""
    if provider not in _term_providers:
        _term_providers.append(provider)


def case_facts(membership, engagement_id: int) -> CaseFacts | None:
    """The engagement's facts for a case, or None when there is no provider or the membership may not
    see the engagement."""
    if not _facts:
        return None
    return _facts[0](membership, engagement_id)


def wall_choices() -> list[WallChoice]:
    return list(_walls)


def more_known_terms(company_id: int) -> list[KnownTerm]:
    terms: list[KnownTerm] = []
    for provider in _term_providers:
        terms.extend(provider(company_id))
    return terms
