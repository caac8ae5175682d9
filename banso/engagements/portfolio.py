"""The engagements area's part of the portfolio page (registered in core.portfolio by
EngagementsConfig.ready): engagements by step and status, and open / overdue actions per supporter.
Each number links to the company list filtered to the companies behind it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count as DbCount
from django.db.models import Q
from django.utils import timezone

from banso.core.portfolio import Count, PortfolioRow, PortfolioTable, SupporterFigure
from banso.core.urls import org_reverse
from banso.engagements.engines import guideline as g
from banso.engagements.models import Action, Engagement


def _list_url(request, **params) -> str:
    return f"{org_reverse(request, 'companies:list')}?{urlencode(params)}"


def engagements_by_step(request, companies) -> PortfolioTable:
    counts = {
        (row["step"], row["status"]): row["n"]
        for row in Engagement.objects.filter(company__in=companies)
        .values("step", "status")
        .annotate(n=DbCount("id"))
        .order_by()
    }
    statuses = g.ENGAGEMENT_STATUS_CHOICES
    rows = tuple(
        PortfolioRow(
            label=f"{g.STEP_MARKS[step.number]} {step.title}",
            counts=tuple(
                Count(
                    counts.get((step.number, code), 0),
                    _list_url(request, step=step.number, engagement_status=code),
                )
                for code, _label in statuses
            ),
        )
        for step in g.STEPS
    )
    return PortfolioTable(
        key="engagements",
        title="伴走支援案件（ステップ別・状況別）",
        columns=tuple(label for _code, label in statuses),
        rows=rows,
        note="数字を押すと、その案件がある事業者の一覧を開きます。",
    )


def actions_per_supporter(request, companies, supporter_ids) -> list[SupporterFigure]:
    today = timezone.localdate()
    rows = (
        Action.objects.filter(
            engagement__company__in=companies,
            engagement__company__supporters__in=supporter_ids,
            engagement__status__in=g.OPEN_STATUSES,
            status__in=g.ACTION_OPEN_STATUSES,
        )
        .values("engagement__company__supporters")
        .annotate(
            open=DbCount("id", distinct=True),
            overdue=DbCount("id", filter=Q(due_on__lt=today), distinct=True),
        )
        .order_by()
    )
    open_counts, overdue_counts = {}, {}
    for row in rows:
        user_id = row["engagement__company__supporters"]
        open_counts[user_id] = Count(row["open"], _list_url(request, supporter=user_id))
        overdue_counts[user_id] = Count(row["overdue"], _list_url(request, supporter=user_id, overdue=1))
    return [
        SupporterFigure("未完了のアクション", open_counts),
        SupporterFigure("期限切れのアクション", overdue_counts),
    ]
