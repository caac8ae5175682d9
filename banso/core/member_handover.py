"""A member's work across the areas, without the orgs area importing them.

The orgs area (members page) sits below companies and engagements in the layers, yet an org admin
must see and move what a leaving supporter holds there, and assign companies to supporters in bulk.
Each area registers here in its AppConfig.ready():

- a `HandoverStep` (companies: the companies the member is assigned to; engagements: the open
  engagements they lead or are on the team of). `items_of` lists the work, `move` hands it over.
  Work is planned per company (`WorkItem.company_id`): everything of one company goes to the same
  successor, so a company and its engagements stay together.
- one `CompanyDirectory` (companies): the organization's companies for the bulk assignment page and
  the assignment itself.

Without an area registered its work is simply not shown (and nothing of it moves).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    company_id: int
    company_name: str
    label: str  # what moves, e.g. 「担当事業者」 or the engagement's title


@dataclass(frozen=True)
class HandoverStep:
    key: str  # "companies", "engagements"
    label: str  # 「担当事業者」, 「伴走支援案件（主担当・チーム）」
    order: int
    # (organization, user) -> the member's open work of this kind
    items_of: Callable[[object, object], list[WorkItem]]
    # (organization, *, from_user, successors: {company_id: user}, by, membership) -> how many moved
    move: Callable[..., int]


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    name_kana: str
    supporter_ids: frozenset[int]
    supporter_names: tuple[str, ...]


@dataclass(frozen=True)
class CompanyDirectory:
    # (organization, *, text, supporter_id) -> rows (at most `limit`)
    companies: Callable[..., list[CompanyRow]]
    # (organization, *, company_ids, user, assign, by, membership) -> how many companies changed
    assign: Callable[..., int]


_steps: dict[str, HandoverStep] = {}
_directory: list[CompanyDirectory] = []


def register_handover_step(step: HandoverStep) -> HandoverStep:
    """Add (or, when apps reload in tests, replace) an area's handover step."""
    _steps[step.key] = step
    return step


def handover_steps() -> list[HandoverStep]:
    return sorted(_steps.values(), key=lambda s: s.order)


def register_company_directory(directory: CompanyDirectory) -> CompanyDirectory:
    _directory[:] = [directory]
    return directory


def company_directory() -> CompanyDirectory | None:
    return _directory[0] if _directory else None
