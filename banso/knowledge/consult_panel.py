"""The 相談 panel on an engagement's page (core.engagement_panels): ask the organization or the network
about this engagement, with a background drafted from it and anonymised. Writers of the support side."""

from __future__ import annotations

from banso.core.engagement_panels import EngagementPanel, PanelLink
from banso.core.urls import org_reverse
from banso.knowledge import permissions


def consult_panel(request, company, engagement_id: int, kind: str) -> EngagementPanel | None:
    if not permissions.may_post(getattr(request, "membership", None)):
        return None
    url = f"{org_reverse(request, 'knowledge:consultation_create')}?engagement={engagement_id}"
    return EngagementPanel(
        key="consultation",
        title="相談",
        links=(PanelLink("この案件について相談する", url),),
        empty="行き詰まったときは、自機関やネットワークの支援者に相談できます。背景は名前などを伏せて下書きします。",
    )
