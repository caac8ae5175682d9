"""従事時間管理表: the engagement's time (dialogues' durations + logged work) per month and kind, the
form to log work, change or delete an entry, the Excel export; and one supporter's month across
their engagements. Rules in domain/worklogs.py, totals in engines/timesheet.py."""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.access import ensure_may_change
from banso.core.downloads import serve_export
from banso.core.errors import DomainError
from banso.core.forms import posted_version
from banso.core.roles import Role
from banso.core.urls import org_reverse
from banso.engagements import permissions, queries
from banso.engagements.domain import worklogs as domain
from banso.engagements.engines import timesheet
from banso.engagements.exports import TimeSheetXlsx
from banso.engagements.forms.worklogs import WorkLogForm
from banso.engagements.models import WorkLog
from banso.engagements.views._common import (
    engagement_context,
    load_child,
    load_engagement,
    refuse_unless_post,
    saved,
    submit,
)

NO_VERSION_MESSAGE = (
    "どの時点の内容を削除するかが確認できないため、削除していません。画面を開き直してください。"
)


def _month(raw) -> str | None:
    """'YYYY-MM' within 2000–2100, else None (the whole period)."""
    try:
        day = dt.datetime.strptime(str(raw or "")[:7], "%Y-%m").date()
    except ValueError:
        return None
    return f"{day:%Y-%m}" if 2000 <= day.year <= 2100 else None


def _bounds(month: str | None) -> tuple[dt.date | None, dt.date | None]:
    if month is None:
        return None, None
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def _list_url(request, company, engagement, month: str | None = None) -> str:
    url = org_reverse(request, "engagements:worklogs", company_pk=company.pk, engagement_pk=engagement.pk)
    return f"{url}?month={month}" if month else url


def _period_label(engagement, month: str | None, entries) -> str:
    if month:
        return timesheet.month_label(month)
    if entries:
        return f"{entries[0].day:%Y/%m/%d}〜{entries[-1].day:%Y/%m/%d}"
    return f"{engagement.started_on:%Y/%m/%d}〜" if engagement.started_on else "全期間"


def _table(entries) -> dict:
    sums = timesheet.totals(entries)
    return {
        "entries": entries,
        "total": sums.total,
        "month_rows": [{**row, "label": timesheet.month_label(row["month"])} for row in sums.month_rows()],
        "kind_labels": list(timesheet.KIND_LABELS.values()),
        "kind_totals": sums.kind_totals(),
    }


@require_http_methods(["GET", "POST"])
def worklog_list(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    month = _month(request.GET.get("month"))
    first, last = _bounds(month)
    form = WorkLogForm(
        request.POST or None,
        candidates=queries.team_candidates(company),
        initial={"worked_on": timezone.localdate(), "worker": request.user.pk},
    )

    def page():
        entries = domain.engagement_entries(engagement, first=first, last=last)
        all_months = sorted({e.month for e in domain.engagement_entries(engagement)}, reverse=True)
        return render(
            request,
            "engagements/worklogs.html",
            engagement_context(
                request,
                company,
                engagement,
                "worklogs",
                form=form,
                month=month,
                month_choices=[(m, timesheet.month_label(m)) for m in all_months],
                period_label=_period_label(engagement, month, entries),
                **_table(entries),
            ),
            status=400 if form.is_bound and form.errors else 200,
        )

    if request.method == "POST":
        ensure_may_change(request.membership, engagement)
        return submit(
            form,
            lambda data: domain.add_work_log(engagement, by=request.user, **form.domain_fields()),
            done=lambda entry: saved(
                request, "従事時間を記録しました。", _list_url(request, company, engagement, month)
            ),
            page=page,
        )
    return page()


@require_http_methods(["GET", "POST"])
def worklog_edit(request, company_pk, engagement_pk, pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    entry = load_child(WorkLog.objects.select_related("worker"), request, engagement, change=True, pk=pk)
    form = WorkLogForm(request.POST or None, entry=entry, candidates=queries.team_candidates(company))
    return submit(
        form,
        lambda data: domain.update_work_log(
            entry, by=request.user, expected_version=data.get("version"), **form.domain_fields()
        ),
        done=lambda e: saved(
            request,
            "従事時間を変更しました。",
            _list_url(request, company, engagement, f"{e.worked_on:%Y-%m}"),
        ),
        page=lambda: render(
            request,
            "engagements/worklog_form.html",
            engagement_context(request, company, engagement, "worklogs", form=form, entry=entry),
        ),
    )


def worklog_delete(request, company_pk, engagement_pk, pk):
    """POST only; the access rule comes first, so a foreign entry is 404 whatever the method."""
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    entry = load_child(WorkLog.objects.all(), request, engagement, pk=pk)
    if refusal := refuse_unless_post(request):
        return refusal
    ensure_may_change(request.membership, entry)
    month = f"{entry.worked_on:%Y-%m}"
    version = posted_version(request.POST.get("version"))
    try:
        if version is None:
            raise DomainError(NO_VERSION_MESSAGE)
        domain.delete_work_log(entry, by=request.user, expected_version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "従事時間を削除しました。")
    return redirect(_list_url(request, company, engagement, month))


def worklog_xlsx(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    month = _month(request.GET.get("month"))
    first, last = _bounds(month)
    entries = domain.engagement_entries(engagement, first=first, last=last)
    title = f"{company.name}　{engagement.title}" if engagement.title else company.name
    return serve_export(
        request,
        TimeSheetXlsx().render(
            title=title,
            organization_name=company.organization.name,
            period=_period_label(engagement, month, entries),
            entries=entries,
        ),
        kind="engagements.timesheet.xlsx",
        company=company,
        obj=engagement,
    )


# --- one supporter's month across their engagements (/o/<org>/timesheet/) ---------------------------


def _supporters(membership):
    """Whose month the viewer may open: 管理者 and 閲覧者 anyone of the support side; a 支援者 only
    themself."""
    users = get_user_model().objects.filter(
        memberships__organization_id=membership.organization_id,
        memberships__is_active=True,
        memberships__role__in=[Role.ORG_ADMIN, Role.SUPPORTER],
    )
    if membership.role == Role.SUPPORTER:
        users = users.filter(pk=membership.user_id)
    return users.distinct().order_by("full_name", "username")


def _supporter_month(request):
    permissions.ensure_support_side(request.membership)
    today = timezone.localdate()
    month = _month(request.GET.get("month")) or f"{today:%Y-%m}"
    supporters = list(_supporters(request.membership))
    try:
        wanted = int(request.GET.get("user") or request.user.pk)
    except ValueError:
        wanted = request.user.pk
    chosen = next((u for u in supporters if u.pk == wanted), None) or next(
        (u for u in supporters if u.pk == request.user.pk), None
    )
    first, last = _bounds(month)
    entries = domain.supporter_entries(request.membership, chosen, first=first, last=last) if chosen else []
    return month, supporters, chosen, entries


def supporter_month(request):
    month, supporters, chosen, entries = _supporter_month(request)
    year, number = (int(part) for part in month.split("-"))
    previous = f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"
    following = f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"
    return render(
        request,
        "engagements/timesheet_month.html",
        {
            "month": month,
            "month_label": timesheet.month_label(month),
            "previous": previous,
            "following": following,
            "supporters": supporters,
            "chosen": chosen,
            **_table(entries),
        },
    )


def supporter_month_xlsx(request):
    month, _, chosen, entries = _supporter_month(request)
    return serve_export(
        request,
        TimeSheetXlsx().render(
            title=chosen.display_name if chosen else "",
            organization_name=request.organization.name,
            period=timesheet.month_label(month),
            entries=entries,
        ),
        kind="engagements.timesheet_month.xlsx",
    )
