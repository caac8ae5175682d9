"""The engagements area's columns in the company list (registered in core.company_columns by
EngagementsConfig.ready): current step, last dialogue, next meeting (a dialogue dated ahead or a
follow-up not yet done) and overdue actions. One query per column for a page of companies."""

from __future__ import annotations

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from banso.core.company_columns import Cell, CompanyColumn
from banso.core.urls import org_reverse
from banso.engagements.engines import guideline as g
from banso.engagements.models import Action, Dialogue, Engagement, FollowUp


def _ymd(day) -> str:
    return f"{day:%Y/%m/%d}"


def _current_engagements():
    return Engagement.objects.filter(status__in=g.OPEN_STATUSES).order_by("-started_on", "-id")


def step_cells(request, company_ids) -> dict[int, Cell]:
    cells: dict[int, Cell] = {}
    for row in (
        _current_engagements().filter(company_id__in=company_ids).values("pk", "company_id", "step", "status")
    ):
        if row["company_id"] in cells:
            continue
        status = g.label_of(g.ENGAGEMENT_STATUS_CHOICES, row["status"])
        cells[row["company_id"]] = Cell(
            text=f"{g.STEP_MARKS.get(row['step'], '')} {g.STEP_BY_NUMBER[row['step']].title}（{status}）"
            if row["step"] in g.STEP_BY_NUMBER
            else status,
            url=org_reverse(
                request, "engagements:detail", company_pk=row["company_id"], engagement_pk=row["pk"]
            ),
            sort_value=row["step"],
        )
    return cells


def step_sort():
    return Subquery(_current_engagements().filter(company=OuterRef("pk")).values("step")[:1])


def last_dialogue_cells(request, company_ids) -> dict[int, Cell]:
    rows = (
        Dialogue.objects.filter(engagement__company_id__in=company_ids, held_at__lte=timezone.now())
        .values("engagement__company_id")
        .annotate(last=Max("held_at"))
    )
    return {
        row["engagement__company_id"]: Cell(
            text=_ymd(timezone.localdate(row["last"])), sort_value=row["last"]
        )
        for row in rows
    }


def last_dialogue_sort():
    return Subquery(
        Dialogue.objects.filter(engagement__company=OuterRef("pk"), held_at__lte=timezone.now())
        .order_by("-held_at")
        .values("held_at")[:1]
    )


def next_meeting_cells(request, company_ids) -> dict[int, Cell]:
    """The earliest of: a dialogue dated from now on, a follow-up not yet done (overdue ones too)."""
    found: dict[int, tuple] = {}
    for row in (
        Dialogue.objects.filter(
            engagement__company_id__in=company_ids,
            engagement__status__in=g.OPEN_STATUSES,
            held_at__gt=timezone.now(),
        )
        .values("engagement__company_id")
        .annotate(first=Min("held_at"))
    ):
        found[row["engagement__company_id"]] = (timezone.localdate(row["first"]), "対話")
    for row in (
        FollowUp.objects.filter(
            engagement__company_id__in=company_ids,
            engagement__status__in=g.OPEN_STATUSES,
            done_on__isnull=True,
        )
        .values("engagement__company_id")
        .annotate(first=Min("scheduled_on"))
    ):
        company_id, day = row["engagement__company_id"], row["first"]
        if company_id not in found or day < found[company_id][0]:
            found[company_id] = (day, "フォローアップ")
    today = timezone.localdate()
    return {
        company_id: Cell(
            text=f"{_ymd(day)} {what}" + ("（予定日超過）" if day < today else ""),
            tone="alert" if day < today else "",
            sort_value=day,
        )
        for company_id, (day, what) in found.items()
    }


def _overdue_actions():
    return Action.objects.filter(
        engagement__status__in=g.OPEN_STATUSES,
        status__in=g.ACTION_OPEN_STATUSES,
        due_on__lt=timezone.localdate(),
    )


def overdue_action_cells(request, company_ids) -> dict[int, Cell]:
    rows = (
        _overdue_actions()
        .filter(engagement__company_id__in=company_ids)
        .values("engagement__company_id")
        .annotate(n=Count("id"), engagement=Max("engagement_id"))
    )
    return {
        row["engagement__company_id"]: Cell(
            text=f"{row['n']}件",
            tone="alert",
            url=org_reverse(
                request,
                "engagements:action_list",
                company_pk=row["engagement__company_id"],
                engagement_pk=row["engagement"],
            ),
            sort_value=row["n"],
        )
        for row in rows
    }


def overdue_action_sort():
    counts = (
        _overdue_actions()
        .filter(engagement__company=OuterRef("pk"))
        .order_by()
        .values("engagement__company")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def step_filters(params) -> list:
    """?step=<1-7> and/or ?engagement_status=<status>: companies with an open (or that status's)
    engagement at that step."""
    step = params.get("step", "")
    status = params.get("engagement_status", "")
    statuses = dict(g.ENGAGEMENT_STATUS_CHOICES)
    found = []
    if step.isdigit() and int(step) in g.STEP_BY_NUMBER:
        lookup = {"step": int(step)}
        if status not in statuses:
            lookup["status__in"] = g.OPEN_STATUSES
        ids = Engagement.objects.filter(**lookup).values("company_id")
        found.append((Q(pk__in=ids), f"ステップ{g.STEP_MARKS[int(step)]}", "step"))
    if status in statuses:
        lookup = {"status": status}
        if step.isdigit() and int(step) in g.STEP_BY_NUMBER:
            lookup["step"] = int(step)
        ids = Engagement.objects.filter(**lookup).values("company_id")
        found.append((Q(pk__in=ids), f"案件の状況: {statuses[status]}", "engagement_status"))
    return found


def overdue_filters(params) -> list:
    if params.get("overdue") != "1":
        return []
    return [
        (Q(pk__in=_overdue_actions().values("engagement__company_id")), "期限切れのアクションあり", "overdue")
    ]


COLUMNS = (
    CompanyColumn("step", "現在のステップ", 10, step_cells, step_sort, filters=step_filters),
    CompanyColumn("last_dialogue", "最後の対話", 20, last_dialogue_cells, last_dialogue_sort),
    CompanyColumn("next_meeting", "次の予定", 30, next_meeting_cells),
    CompanyColumn(
        "overdue",
        "期限切れ",
        40,
        overdue_action_cells,
        overdue_action_sort,
        numeric=True,
        filters=overdue_filters,
    ),
)
