"""The 事例として共有 panel on an engagement's page (core.engagement_panels): the link to draft a case
and this engagement's drafts with their status. Writers of the support side only."""

from __future__ import annotations

from banso.core.engagement_panels import EngagementPanel, PanelLine, PanelLink
from banso.core.urls import org_reverse
from banso.knowledge import permissions, queries


def case_panel(request, company, engagement_id: int, kind: str) -> EngagementPanel | None:
    membership = getattr(request, "membership", None)
    if not permissions.may_draft(membership):
        return None
    drafts = list(queries.drafts_of_engagement(membership, engagement_id)[:5])
    return EngagementPanel(
        key="case-sharing",
        title="事例として共有",
        lines=tuple(PanelLine(label=d.get_status_display(), value=d.title) for d in drafts),
        links=(
            PanelLink(
                "事例として共有", org_reverse(request, "knowledge:draft_create", engagement_pk=engagement_id)
            ),
            *([PanelLink("下書き一覧", org_reverse(request, "knowledge:drafts"))] if drafts else []),
        ),
        empty="この案件の学びを、名前などを伏せた事例として組織やネットワークで共有できます。",
    )
