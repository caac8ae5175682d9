"""次月重点アクション: every month's actions and reviews on one page (the month to review, the next
month's actions, the history), and the pages that set, edit, review and delete an action.
Rules live in banso/monitoring/domain/next_month_actions.py."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from banso.core.engagement_links import actions_of
from banso.core.urls import org_reverse
from banso.monitoring import queries
from banso.monitoring.domain import next_month_actions as domain
from banso.monitoring.engines.months import Month, MonthError
from banso.monitoring.forms.fields import VersionOnlyForm
from banso.monitoring.forms.next_month_actions import NextMonthActionForm, NextMonthActionReviewForm
from banso.monitoring.models import NextMonthAction
from banso.monitoring.permissions import ensure_may_edit, may_edit
from banso.monitoring.views.common import company_for, page_context, run_domain
from banso.monitoring.views.panels import next_month_actions_panel


def default_review_month() -> Month:
    """The month whose actions a meeting reviews: by default the month that has just ended."""
    return Month.of(timezone.localdate()) - 1


def month_from(request, name: str = "month") -> Month:
    """`?month=YYYY-MM`, else the default review month; a malformed month is ignored."""
    try:
        return Month.parse(request.GET[name])
    except (KeyError, MonthError):
        return default_review_month()


def _list_url(request, company, month: Month) -> str:
    url = org_reverse(request, "monitoring:next_actions", company_pk=company.pk)
    return f"{url}?month={month}"


@require_GET
def action_list(request, company_pk: int):
    company = company_for(request, company_pk)
    month = month_from(request)
    can_edit = may_edit(request.membership, company, NextMonthAction)
    actions = list(NextMonthAction.objects.filter(company=company).order_by("-month", "order", "id"))
    links = {ref.id: ref.label for ref in actions_of(company)} if actions else {}
    history: dict[Month, list] = {}
    for action in actions:
        if action.engagement_action_id is not None:
            action.link_label = links.get(action.engagement_action_id, "（見つからないアクション）")
        history.setdefault(Month.of(action.month), []).append(action)
    context = page_context(
        company,
        "next_actions",
        panel=next_month_actions_panel(company, month, can_edit=can_edit),
        previous_month=month - 1,
        following_month=month + 1,
        history=[{"month": m, "actions": rows} for m, rows in history.items()],
        can_edit=can_edit,
        add_form=NextMonthActionForm(company=company) if can_edit else None,
    )
    return render(request, "monitoring/next_actions.html", context)


@require_http_methods(["GET", "POST"])
def action_create(request, company_pk: int):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, NextMonthAction)
    month = month_from(request)
    form = NextMonthActionForm(request.POST or None, company=company)
    if request.method == "POST":
        action = run_domain(
            form,
            lambda data: domain.create_next_month_action(
                company, by=request.user, month=month.first_day, **form.domain_fields()
            ),
        )
        if action is not None:
            messages.success(request, f"{month.label}の重点アクション「{action.title}」を設定しました。")
            return redirect(_list_url(request, company, month - 1))
    context = page_context(company, "next_actions", form=form, month=month)
    return render(request, "monitoring/next_action_form.html", context)


def _load(request, company_pk: int, pk: int):
    company = company_for(request, company_pk)
    action = queries.next_month_action_or_404(request.membership, company, pk)
    ensure_may_edit(request.membership, company, NextMonthAction)
    return company, action


@require_http_methods(["GET", "POST"])
def action_edit(request, company_pk: int, pk: int):
    company, action = _load(request, company_pk, pk)
    form = NextMonthActionForm(request.POST or None, instance=action, company=company)
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: domain.update_next_month_action(
                action, by=request.user, expected_version=data["version"], **form.domain_fields()
            ),
        )
        if saved is not None:
            messages.success(request, "重点アクションを保存しました。")
            return redirect(_list_url(request, company, Month.of(saved.month) - 1))
    context = page_context(company, "next_actions", form=form, action=action, month=Month.of(action.month))
    return render(request, "monitoring/next_action_form.html", context)


@require_http_methods(["GET", "POST"])
def action_review(request, company_pk: int, pk: int):
    company, action = _load(request, company_pk, pk)
    form = NextMonthActionReviewForm(request.POST or None, action=action)
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: domain.review_next_month_action(
                action,
                by=request.user,
                expected_version=data["version"],
                review=data["review"],
                review_note=data["review_note"],
            ),
        )
        if saved is not None:
            messages.success(
                request, f"「{saved.title}」を「{saved.get_review_display()}」と振り返りました。"
            )
            return redirect(_list_url(request, company, Month.of(saved.month)))
    context = page_context(company, "next_actions", form=form, action=action, month=Month.of(action.month))
    return render(request, "monitoring/next_action_review.html", context)


@require_http_methods(["GET", "POST"])
def action_delete(request, company_pk: int, pk: int):
    company, action = _load(request, company_pk, pk)
    form = VersionOnlyForm(request.POST or None, record=action)
    if request.method == "POST":
        month = Month.of(action.month)
        done = run_domain(
            form,
            lambda data: domain.delete_next_month_action(
                action, by=request.user, expected_version=data["version"]
            ),
        )
        if done is not None:
            messages.success(request, f"重点アクション「{action.title}」を削除しました。")
            return redirect(_list_url(request, company, month - 1))
    context = page_context(company, "next_actions", form=form, action=action, month=Month.of(action.month))
    return render(request, "monitoring/next_action_delete.html", context)
