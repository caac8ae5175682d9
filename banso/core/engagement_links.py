"""Links from other areas to engagements (伴走支援案件) and their actions, without importing them.

Areas do not import each other. The engagements area registers a provider here when it starts
(AppConfig.ready); an area that links to engagements (monitoring: a plan's engagement, a measure's
or a next-month action's engagement action) stores the ids as plain integers and asks this module
for the choices and to validate an id. Without the engagements area there are no choices and every
id is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

ENGAGEMENT_NOT_FOUND_MESSAGE = "選んだ伴走支援案件が見つかりません。この事業者の案件から選んでください。"
ACTION_NOT_FOUND_MESSAGE = (
    "選んだ伴走支援のアクションが見つかりません。この事業者の案件のアクションから選んでください。"
)


@dataclass(frozen=True)
class EngagementRef:
    id: int
    title: str
    kind: str  # process / early_plan / plan_405 / other
    started_on: dt.date | None
    status: str


@dataclass(frozen=True)
class ActionRef:
    id: int
    engagement_id: int
    label: str
    due_on: dt.date | None
    status: str


@dataclass(frozen=True)
class EngagementProvider:
    engagements_of: Callable[[object], list[EngagementRef]]  # (company) -> the company's engagements
    actions_of: Callable[[object], list[ActionRef]]  # (company) -> the actions of its engagements


_provider: list[EngagementProvider] = []


def register_engagement_provider(provider: EngagementProvider) -> EngagementProvider:
    """Set the provider (once; registering again, e.g. when apps reload in tests, replaces it)."""
    _provider[:] = [provider]
    return provider


def engagements_of(company) -> list[EngagementRef]:
    return _provider[0].engagements_of(company) if _provider else []


def actions_of(company) -> list[ActionRef]:
    return _provider[0].actions_of(company) if _provider else []


def engagement_ref(company, engagement_id: int | None) -> EngagementRef | None:
    if engagement_id is None:
        return None
    return next((ref for ref in engagements_of(company) if ref.id == engagement_id), None)


def action_ref(company, action_id: int | None) -> ActionRef | None:
    if action_id is None:
        return None
    return next((ref for ref in actions_of(company) if ref.id == action_id), None)


def validate_engagement_id(company, engagement_id: int | None, field: str = "engagement_id") -> None:
    """ValidationError {field: Japanese message} unless None or an engagement of this company."""
    if engagement_id is not None and engagement_ref(company, engagement_id) is None:
        raise ValidationError({field: ENGAGEMENT_NOT_FOUND_MESSAGE})


def validate_action_id(company, action_id: int | None, field: str = "engagement_action_id") -> None:
    """ValidationError {field: Japanese message} unless None or an action of this company's engagements."""
    if action_id is not None and action_ref(company, action_id) is None:
        raise ValidationError({field: ACTION_NOT_FOUND_MESSAGE})
