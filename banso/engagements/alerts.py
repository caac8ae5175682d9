"""The engagements area's alerts for the supporter's home (registered in core.alerts by
EngagementsConfig.ready): overdue actions, follow-ups due, dialogues planned soon, and companies with an
engagement under way but no dialogue for N days. Each provider runs one query whatever the number of
companies (the companies arrive as a queryset and are used as a subquery).

Each kind's condition is one queryset (`*_rows`, one row per alert); the provider turns its rows into
Alerts for the home and the counter hands the same queryset to the portfolio, which counts it in SQL."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from banso.core.alerts import (
    HIGH,
    LOW,
    MEDIUM,
    Alert,
    AlertContext,
    AlertKind,
    AlertRows,
    days_phrase,
    ymd,
)
from banso.core.urls import org_reverse
from banso.engagements.engines import guideline as g
from banso.engagements.models import Action, Dialogue, Engagement, FollowUp

ACTION_OVERDUE = AlertKind(
    "action_overdue",
    "期限切れのアクション",
    10,
    "期限を過ぎても完了・中止になっていないアクションプランの項目が表示されます。",
)
FOLLOWUP_DUE = AlertKind(
    "followup_due",
    "フォローアップの予定",
    30,
    "予定日が近い（または過ぎた）未実施のフォローアップが表示されます。",
)
DIALOGUE_PLANNED = AlertKind(
    "dialogue_planned",
    "近日の対話・面談",
    20,
    "これからの日時で登録した対話（面談の予定）が表示されます。",
)
NO_DIALOGUE = AlertKind(
    "no_dialogue",
    "対話が途絶えている事業者",
    60,
    "支援中の案件があるのに、一定の日数、対話記録がない事業者が表示されます。",
)
KINDS = (ACTION_OVERDUE, DIALOGUE_PLANNED, FOLLOWUP_DUE, NO_DIALOGUE)


def _engagement_record_rows(queryset, *fields, order: str):
    """The `values()` rows of records under an engagement (action, follow-up, dialogue), with what
    `_engagement_record_alert` needs to name the company and link to the record."""
    return queryset.values(
        "pk", *fields, "engagement_id", "engagement__company_id", "engagement__company__name"
    ).order_by(order, "pk")


def _engagement_record_alert(
    row, context: AlertContext, kind: AlertKind, url_name: str, pk_name="pk", **alert
):
    """An alert on a record under an engagement, linking to the record's page `url_name`."""
    return Alert(
        kind=kind.code,
        company_id=row["engagement__company_id"],
        company_name=row["engagement__company__name"],
        url=org_reverse(
            context.org_slug,
            url_name,
            company_pk=row["engagement__company_id"],
            engagement_pk=row["engagement_id"],
            **{pk_name: row["pk"]},
        ),
        **alert,
    )


def overdue_action_rows(companies, context: AlertContext):
    """Open actions of open engagements whose due date has passed."""
    return Action.objects.filter(
        engagement__company__in=companies,
        engagement__status__in=g.OPEN_STATUSES,
        status__in=g.ACTION_OPEN_STATUSES,
        due_on__lt=context.today,
    )


def overdue_actions(companies, context: AlertContext) -> list[Alert]:
    rows = _engagement_record_rows(overdue_action_rows(companies, context), "what", "due_on", order="due_on")
    return [
        _engagement_record_alert(
            row,
            context,
            ACTION_OVERDUE,
            "engagements:action_detail",
            text=f"「{row['what']}」の期限（{ymd(row['due_on'])}）を"
            f"{days_phrase(row['due_on'], context.today)}",
            on=row["due_on"],
            severity=HIGH,
        )
        for row in rows
    ]


def followup_due_rows(companies, context: AlertContext):
    """Follow-ups not done of open engagements, scheduled up to N days ahead (or past)."""
    return FollowUp.objects.filter(
        engagement__company__in=companies,
        engagement__status__in=g.OPEN_STATUSES,
        done_on__isnull=True,
        scheduled_on__lte=context.soon_until,
    )


def followups_due(companies, context: AlertContext) -> list[Alert]:
    rows = _engagement_record_rows(
        followup_due_rows(companies, context), "scheduled_on", order="scheduled_on"
    )
    alerts = []
    for row in rows:
        day = row["scheduled_on"]
        overdue = day < context.today
        alerts.append(
            _engagement_record_alert(
                row,
                context,
                FOLLOWUP_DUE,
                "engagements:followup_edit",
                text=f"フォローアップ予定日 {ymd(day)}（{days_phrase(day, context.today)}）"
                + ("— 実施したら記録してください" if overdue else ""),
                on=day,
                severity=HIGH if overdue else MEDIUM,
            )
        )
    return alerts


def planned_dialogue_rows(companies, context: AlertContext):
    """Dialogues of open engagements held from today to N days ahead (Asia/Tokyo days)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(context.today, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(context.soon_until, dt.time.max, tzinfo=tz)
    return Dialogue.objects.filter(
        engagement__company__in=companies,
        engagement__status__in=g.OPEN_STATUSES,
        held_at__gte=start,
        held_at__lte=end,
    )


def dialogues_planned(companies, context: AlertContext) -> list[Alert]:
    tz = timezone.get_current_timezone()
    rows = _engagement_record_rows(
        planned_dialogue_rows(companies, context), "title", "held_at", order="held_at"
    )
    alerts = []
    for row in rows:
        when = timezone.localtime(row["held_at"], tz)
        title = row["title"] or "対話"
        alerts.append(
            _engagement_record_alert(
                row,
                context,
                DIALOGUE_PLANNED,
                "engagements:dialogue_detail",
                pk_name="dialogue_pk",
                text=f"{when.month}月{when.day}日 {when:%H:%M}「{title}」"
                f"（{days_phrase(when.date(), context.today)}）",
                on=when.date(),
                severity=MEDIUM,
            )
        )
    return alerts


def silent_engagement_rows(companies, context: AlertContext):
    """Per company, its most recent active engagement (進行中・フォローアップ) started more than N days ago,
    when no dialogue was held from N days ago until now: one row per company."""
    limit = context.today - dt.timedelta(days=context.no_dialogue_days)
    since = dt.datetime.combine(limit, dt.time.min, tzinfo=timezone.get_current_timezone())
    active = Engagement.objects.filter(
        company__in=companies, status__in=("active", "follow_up"), started_on__lt=limit
    )
    latest = (
        Engagement.objects.filter(
            company_id=OuterRef("company_id"), status__in=("active", "follow_up"), started_on__lt=limit
        )
        .order_by("-started_on", "-pk")
        .values("pk")[:1]
    )
    in_touch = Dialogue.objects.filter(
        engagement_id=OuterRef("pk"), held_at__gte=since, held_at__lte=timezone.now()
    )
    return active.filter(pk=Subquery(latest)).exclude(Exists(in_touch))


def companies_without_dialogue(companies, context: AlertContext) -> list[Alert]:
    """Companies whose most recent active engagement's last dialogue — or, without one, its start — is
    more than N days ago. One alert per company."""
    last_held = (
        Dialogue.objects.filter(engagement_id=OuterRef("pk"), held_at__lte=timezone.now())
        .order_by("-held_at")
        .values("held_at")[:1]
    )
    rows = (
        silent_engagement_rows(companies, context)
        .annotate(last_held=Subquery(last_held))
        .values("pk", "company_id", "company__name", "started_on", "last_held")
    )
    alerts = []
    for row in rows:
        last = timezone.localdate(row["last_held"]) if row["last_held"] else None
        since = last or row["started_on"]
        days = (context.today - since).days
        text = (
            f"最後の対話から{days}日経っています（{ymd(last)}）"
            if last
            else f"案件開始（{ymd(since)}）から{days}日、対話記録がありません"
        )
        alerts.append(
            Alert(
                kind=NO_DIALOGUE.code,
                company_id=row["company_id"],
                company_name=row["company__name"],
                text=text,
                on=since,
                severity=LOW,
                url=org_reverse(
                    context.org_slug,
                    "engagements:dialogue_create",
                    company_pk=row["company_id"],
                    engagement_pk=row["pk"],
                ),
            )
        )
    return alerts


def engagement_alerts(companies, context: AlertContext) -> list[Alert]:
    return [
        *overdue_actions(companies, context),
        *dialogues_planned(companies, context),
        *followups_due(companies, context),
        *companies_without_dialogue(companies, context),
    ]


# The portfolio's counters: the same querysets, counted in SQL (core.alerts.AlertRows).
COUNTERS = {
    ACTION_OVERDUE.code: lambda companies, context: AlertRows(
        overdue_action_rows(companies, context), "engagement__company"
    ),
    DIALOGUE_PLANNED.code: lambda companies, context: AlertRows(
        planned_dialogue_rows(companies, context), "engagement__company"
    ),
    FOLLOWUP_DUE.code: lambda companies, context: AlertRows(
        followup_due_rows(companies, context), "engagement__company"
    ),
    NO_DIALOGUE.code: lambda companies, context: AlertRows(silent_engagement_rows(companies, context)),
}
