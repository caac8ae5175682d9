"""Which records carry a comment thread (コメント), without the comments area importing the areas.

Each area that offers threads registers a `CommentableKind` in its AppConfig.ready() (engagements:
`action`; monitoring: `gap`, `next_month_action`, `monitoring_report`). The comments area
(banso/comments) asks this module to load the record a thread hangs on — through the area's own
access rule, so a record the user may not see is a 404 — and to list the records of a kind a
company-side user may see (a comment on anything else is never shown to them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CommentTarget:
    """The record a thread hangs on, as the comments area needs it."""

    kind: str
    object_id: int
    company_id: int
    organization_id: int
    title: str  # e.g. アクション「新規顧客の開拓」
    support_url: str  # the supporter's page of the record ("" when there is none)
    portal_url: str = ""  # the owner portal's page of the record ("" when there is none)
    supporter_ids: frozenset[int] = field(default_factory=frozenset)  # who to tell of the company's word


@dataclass(frozen=True)
class CommentableKind:
    code: str  # "action"
    label: str  # アクション
    # (membership, object_id) -> CommentTarget; Http404 when the membership may not see the record.
    load: Callable
    # (membership) -> queryset of the ids of this kind's records the membership may see (a subquery).
    visible_ids: Callable


_kinds: dict[str, CommentableKind] = {}


def register_commentable(kind: CommentableKind) -> CommentableKind:
    """Add (or replace) a kind; safe to call again when apps are reloaded in tests."""
    _kinds[kind.code] = kind
    return kind


def commentable(code: str) -> CommentableKind | None:
    return _kinds.get(code)


def commentable_kinds() -> list[CommentableKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def kind_label(code: str) -> str:
    kind = _kinds.get(code)
    return kind.label if kind else code
