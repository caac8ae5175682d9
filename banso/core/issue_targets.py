"""Where a surface issue (表課題) found in one area can be sent — e.g. from the 4つの視点 sheet
(diagnosis) to an engagement's issue tree (engagements).

Areas sit side by side (core ← companies ← engagements / diagnosis), so diagnosis cannot import
engagements. The receiving area registers a provider at start-up (AppConfig.ready); the sending page
asks `issue_targets(request, company)` and posts the issue's text to each target's URL. Without the
receiving area there are simply no targets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IssueTarget:
    label: str  # what the user picks, e.g. the engagement's title
    url: str  # accepts POST with `text`; creates a surface issue and shows where it landed


TargetProvider = Callable[[object, object], list[IssueTarget]]

_providers: list[TargetProvider] = []


def register_issue_target(provider: TargetProvider) -> TargetProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def issue_targets(request, company) -> list[IssueTarget]:
    """Targets the signed-in user may add to, for this (already visible) company."""
    targets: list[IssueTarget] = []
    for provider in _providers:
        targets.extend(provider(request, company))
    return targets
