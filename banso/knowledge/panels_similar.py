"""The engagement page's 「似ている事例」 panel (core.engagement_panels, registered in
KnowledgeConfig.ready()): the three most similar published cases the supporter may read, each with
why it is similar."""

from __future__ import annotations

from django.urls import NoReverseMatch

from banso.core.engagement_panels import EngagementPanel, PanelLine, PanelLink
from banso.core.urls import org_reverse
from banso.knowledge import search_index
from banso.knowledge.similar import similar_cases


def similar_cases_panel(request, company, engagement_id: int, kind: str) -> EngagementPanel | None:
    membership = getattr(request, "membership", None)
    if not search_index.may_search(membership):
        return None
    found = similar_cases(membership, engagement_id)
    if found is None:
        return None
    lines = []
    for item in found:
        try:
            url = org_reverse(request, "knowledge:case", pk=item.case.pk)
        except NoReverseMatch:  # the case pages are not installed
            url = ""
        lines.append(PanelLine(label=item.case.title, value="・".join(item.reasons), url=url))
    return EngagementPanel(
        key="similar-cases",
        title="似ている事例",
        lines=tuple(lines),
        links=(PanelLink("ナレッジ検索", org_reverse(request, "knowledge:search")),),
        empty="まだ似ている事例はありません。事例が公開されると、業種・5つの壁・課題の近いものがここに出ます。",
    )
