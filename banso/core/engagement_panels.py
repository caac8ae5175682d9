"""Panels other areas add to an engagement's page (e.g. the monitoring schedule of an 早期経営改善計画 /
405事業 engagement).

Imports flow one way (core ← engagements ← …), and the engagements area must not import the areas
beside it. So an area registers a provider here when it starts (AppConfig.ready) and the engagement
page renders whatever the providers return through the `{% engagement_panels company engagement %}`
tag (banso.core.templatetags.engagement_panels). Removing an area removes its panels; the page keeps
working. A provider decides itself whether the engagement concerns it (returns None otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PanelLine:
    """One row of a panel: a label and its value; `tone` "alert" highlights it (e.g. 期限切れ);
    `url` makes the label a link."""

    label: str
    value: str
    tone: str = ""
    url: str = ""


@dataclass(frozen=True)
class PanelLink:
    label: str
    url: str


@dataclass(frozen=True)
class EngagementPanel:
    key: str  # stable identifier, used in the page's data-testid
    title: str
    lines: tuple[PanelLine, ...] = ()
    links: tuple[PanelLink, ...] = ()
    empty: str = ""  # shown when there are no lines
    extra: dict = field(default_factory=dict)


# A provider receives the request, the (already visible) company and the engagement's id and kind.
PanelProvider = Callable[[object, object, int, str], "EngagementPanel | None"]

_providers: list[PanelProvider] = []


def register_engagement_panel(provider: PanelProvider) -> PanelProvider:
    """Add a provider once (safe to call again, e.g. when apps are reloaded in tests)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def engagement_panels(request, company, engagement_id: int, kind: str) -> list[EngagementPanel]:
    panels = []
    for provider in _providers:
        panel = provider(request, company, engagement_id, kind)
        if panel is not None:
            panels.append(panel)
    return panels
