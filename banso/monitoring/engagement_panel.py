"""The monitoring schedule shown on the page of an 早期経営改善計画 / 405事業 engagement (registered in
banso.core.engagement_panels by MonitoringConfig.ready; the engagements area does not import this)."""

from __future__ import annotations

from django.utils import timezone

from banso.core.engagement_panels import EngagementPanel, PanelLine, PanelLink
from banso.core.urls import org_reverse
from banso.monitoring.domain import schedules as domain
from banso.monitoring.models import MonitoringSchedule
from banso.monitoring.permissions import may_edit

PROGRAMME_LABELS = {"early_plan": "早期経営改善計画", "plan_405": "経営改善計画（405事業）"}


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def monitoring_schedule_panel(request, company, engagement_id: int, kind: str) -> EngagementPanel | None:
    if kind not in domain.PROGRAMMES:
        return None
    today = timezone.localdate()
    schedules_url = org_reverse(request, "monitoring:schedules", company_pk=company.pk)
    title = f"モニタリング予定（{PROGRAMME_LABELS.get(kind, kind)}）"
    summary = domain.schedule_summary_for_engagement(company, engagement_id, today=today)
    if summary is None:
        links = []
        if may_edit(getattr(request, "membership", None), company, MonitoringSchedule):
            create_url = org_reverse(request, "monitoring:schedule_create", company_pk=company.pk)
            links.append(PanelLink("モニタリング予定を作成する", f"{create_url}?engagement={engagement_id}"))
        return EngagementPanel(
            key="monitoring-schedule",
            title=title,
            links=tuple(links),
            empty="この案件のモニタリング予定はまだありません。予定を作ると、期日と期限切れがここに表示されます。",
        )
    lines = []
    if summary.overdue:
        first = summary.overdue[0]
        more = f"ほか{len(summary.overdue) - 1}件" if len(summary.overdue) > 1 else ""
        lines.append(
            PanelLine(
                "期限切れ",
                f"{_day(first.due_on)}（{first.get_kind_display()}）{more} — 実施したら記録してください",
                tone="alert",
            )
        )
    if summary.next_due is not None:
        days = (summary.next_due.due_on - today).days
        when = "今日" if days == 0 else f"あと{days}日"
        lines.append(
            PanelLine(
                "次の期日",
                f"{_day(summary.next_due.due_on)}（{summary.next_due.get_kind_display()}・{when}）",
            )
        )
    elif not summary.overdue:
        lines.append(PanelLine("次の期日", "予定されたモニタリングはすべて実施済みです"))
    lines.append(PanelLine("実施済み", f"{summary.done}回 / 全{summary.total}回"))
    return EngagementPanel(
        key="monitoring-schedule",
        title=title,
        lines=tuple(lines),
        links=(PanelLink("モニタリング予定へ", schedules_url),),
    )
