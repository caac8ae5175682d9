"""Public programmes: a company's monitoring schedules (per 早期経営改善計画 / 405事業 engagement) with
what is due next and the fee caps; creating and editing a schedule's rule; recording a monitoring as
done; and the organization's 報告予定 (due in 30 days, overdue)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from banso.core import engagement_links
from banso.core.urls import org_reverse
from banso.monitoring import queries
from banso.monitoring.domain import schedules as domain
from banso.monitoring.domain.report_batch import batch_month
from banso.monitoring.engines import schedule as engine
from banso.monitoring.forms.schedules import DoneForm, ScheduleForm
from banso.monitoring.models import MonitoringDue, MonitoringSchedule
from banso.monitoring.permissions import ensure_may_edit, may_change_thresholds, may_edit
from banso.monitoring.views.common import company_for, page_context, run_domain


def _list_url(request, company):
    return org_reverse(request, "monitoring:schedules", company_pk=company.pk)


@login_required
@require_GET
def schedule_list(request, company_pk: int):
    company = company_for(request, company_pk)
    today = timezone.localdate()
    # the company's engagements asked for once (the provider queries on every call), not per schedule
    engagements = {ref.id: ref for ref in engagement_links.engagements_of(company)}
    rows = []
    for schedule in queries.schedules(company):
        rows.append(
            {
                "schedule": schedule,
                "engagement": engagements.get(schedule.engagement_id),
                "programme": engine.PROGRAMME_LABELS[schedule.programme],
                "caps": domain.fee_caps_of(schedule),
                "next_due": domain.next_due(schedule),
                "dues": list(schedule.dues.all()),
            }
        )
    context = page_context(
        company,
        "schedules",
        rows=rows,
        today=today,
        unscheduled=domain.engagements_without_schedule(company),
        can_edit=may_edit(request.membership, company, MonitoringSchedule),
    )
    return render(request, "monitoring/schedules.html", context)


def _save(request, company, form, schedule=None):
    def call(data):
        if schedule is None:
            return domain.create_schedule(
                company,
                by=request.user,
                engagement_id=data["engagement_id"],
                plan_fiscal_year_end=data["plan_fiscal_year_end"],
                interim_months=data["interim_months"],
                years=data.get("years"),
            )
        return domain.update_schedule(
            schedule,
            by=request.user,
            version=data.get("version"),
            plan_fiscal_year_end=data["plan_fiscal_year_end"],
            interim_months=data["interim_months"],
            years=data["years"],
        )

    return run_domain(form, call)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_create(request, company_pk: int):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, MonitoringSchedule)
    form = ScheduleForm(
        request.POST or None,
        engagements=domain.engagements_without_schedule(company),
        initial={"engagement_id": request.GET.get("engagement")},
    )
    if request.method == "POST" and _save(request, company, form):
        messages.success(request, "モニタリング予定を作成しました。")
        return redirect(_list_url(request, company))
    return render(request, "monitoring/schedule_form.html", page_context(company, "schedules", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request, company_pk: int, pk: int):
    company = company_for(request, company_pk)
    schedule = queries.schedule_or_404(request.membership, company, pk)
    ensure_may_edit(request.membership, company, MonitoringSchedule)
    form = ScheduleForm(request.POST or None, schedule=schedule)
    if request.method == "POST" and _save(request, company, form, schedule):
        messages.success(request, "モニタリング予定を変更しました。")
        return redirect(_list_url(request, company))
    context = page_context(company, "schedules", form=form, schedule=schedule)
    return render(request, "monitoring/schedule_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def due_done(request, company_pk: int, pk: int):
    company = company_for(request, company_pk)
    due = queries.due_or_404(request.membership, company, pk)
    ensure_may_edit(request.membership, company, MonitoringDue)
    form = DoneForm(request.POST or None, due=due, reports=domain.issued_reports(company))
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: domain.record_done(
                due,
                by=request.user,
                version=data.get("version"),
                done_on=data["done_on"],
                report_id=data.get("report"),
                fee_yen=data.get("fee_yen"),
            ),
        )
        if saved is not None:
            messages.success(request, "モニタリングを実施済みにしました。")
            return redirect(_list_url(request, company))
    context = page_context(company, "schedules", form=form, due=due)
    return render(request, "monitoring/due_done.html", context)


@login_required
@require_GET
def organization_due_list(request):
    """報告予定: reports due in the next 30 days and overdue ones, for the companies the member sees."""
    today = timezone.localdate()
    due_soon, overdue = domain.organization_dues(request.membership, today=today)
    return render(
        request,
        "monitoring/due_list.html",
        {
            "due_soon": due_soon,
            "overdue": overdue,
            "today": today,
            "days": domain.DUE_SOON_DAYS,
            "may_run_report_batch": may_change_thresholds(request.membership),
            "batch_month": batch_month(today),
        },
    )
