"""What the owner portal (banso.portal) shows from other areas, without importing them.

Areas do not import each other. Each area that has something for the company side registers a
`PortalProvider` in its AppConfig.ready() (engagements/portal.py, monitoring/portal.py,
diagnosis/portal.py); the portal asks this module. Every provider loads through the access rule
with the signed-in membership, so the visibility rule (core.visibility) decides what is shown.
Without an area the portal still works; it shows nothing from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404

from banso.core.access import not_found_message


@dataclass(frozen=True)
class PortalReview:
    reviewed_on: dt.date
    status_label: str
    result: str
    learning: str
    next_step: str
    by_company: bool
    by_name: str


@dataclass(frozen=True)
class PortalAction:
    """An action of the company's action plan as the company side sees it."""

    id: int
    version: int
    what: str
    how_much: str
    how: str
    expected_effect: str
    due_on: dt.date
    status: str
    status_label: str
    owner_name: str
    root_issue: str
    overdue: bool
    reviews: list[PortalReview] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class PortalKeyAction:
    """This month's key action (次月重点アクション) from the monthly meeting."""

    title: str
    owner: str
    measure: str
    month: dt.date


@dataclass(frozen=True)
class PortalItem:
    """A dated line of text: an agreed root issue, a dialogue's agreements, a meeting, a document."""

    title: str
    on: dt.date | None = None
    text: str = ""
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class PortalTarget:
    label: str
    value_text: str
    yardstick: str
    judgement_text: str
    explanation: str


@dataclass(frozen=True)
class PortalProvider:
    """Callables an area offers; each takes the membership (and the organization slug for URLs)."""

    area: str
    actions: Callable | None = None  # (membership) -> list[PortalAction]
    action: Callable | None = None  # (membership, pk) -> PortalAction (Http404 when not visible)
    review_action: Callable | None = None  # (membership, pk, *, expected_version, status, ...) -> None
    status_choices: Callable | None = None  # () -> list[(value, label)]
    key_actions: Callable | None = None  # (membership, month) -> list[PortalKeyAction]
    root_issues: Callable | None = None  # (membership) -> list[PortalItem]
    agreements: Callable | None = None  # (membership) -> list[PortalItem], newest first
    meetings: Callable | None = None  # (membership, today) -> list[PortalItem], upcoming
    targets: Callable | None = None  # (membership) -> list[PortalTarget]
    documents: Callable | None = None  # (membership, org_slug) -> list[PortalItem]
    surveys: Callable | None = None  # (membership) -> list[PortalItem]: open 満足度調査 (url = the link)


_providers: dict[str, PortalProvider] = {}


def register_portal_provider(provider: PortalProvider) -> PortalProvider:
    """Add an area's provider (registering the same area again replaces it)."""
    _providers[provider.area] = provider
    return provider


def _collect(name: str, *args, **kwargs) -> list:
    items: list = []
    for provider in _providers.values():
        function = getattr(provider, name)
        if function is not None:
            items.extend(function(*args, **kwargs))
    return items


def _one(name: str) -> Callable | None:
    return next((getattr(p, name) for p in _providers.values() if getattr(p, name) is not None), None)


def actions(membership) -> list[PortalAction]:
    return _collect("actions", membership)


def action(membership, pk: int) -> PortalAction:
    function = _one("action")
    if function is None:
        raise Http404(not_found_message("アクション"))
    return function(membership, pk)


def review_action(membership, pk: int, **entry) -> None:
    function = _one("review_action")
    if function is None:
        raise Http404(not_found_message("アクション"))
    function(membership, pk, **entry)


def status_choices() -> list[tuple[str, str]]:
    function = _one("status_choices")
    return list(function()) if function else []


def key_actions(membership, month: dt.date) -> list[PortalKeyAction]:
    return _collect("key_actions", membership, month)


def root_issues(membership) -> list[PortalItem]:
    return _collect("root_issues", membership)


def agreements(membership) -> list[PortalItem]:
    return sorted(_collect("agreements", membership), key=lambda i: i.on or dt.date.min, reverse=True)


def meetings(membership, today: dt.date) -> list[PortalItem]:
    return sorted(_collect("meetings", membership, today), key=lambda i: i.on or dt.date.max)


def targets(membership) -> list[PortalTarget]:
    return _collect("targets", membership)


def documents(membership, org_slug: str) -> list[PortalItem]:
    return sorted(
        _collect("documents", membership, org_slug), key=lambda i: i.on or dt.date.min, reverse=True
    )


def surveys(membership) -> list[PortalItem]:
    return _collect("surveys", membership)
