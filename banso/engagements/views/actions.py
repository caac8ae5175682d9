"""The action plan (step ⑥): list with overdue marks, add / edit, one action's PDCA history and its
review, the monthly review of several actions, and the Excel export. Rules live in domain.actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.downloads import serve_export
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.urls import org_reverse
from banso.engagements import jobs as engagement_jobs
from banso.engagements import queries
from banso.engagements.domain import actions as action_domain
from banso.engagements.domain.reports import action_plan_in_background
from banso.engagements.engines import guideline as g
from banso.engagements.exports import ActionPlanXlsx
from banso.engagements.form_aids import action_aids
from banso.engagements.forms.actions import (
    ActionForm,
    ActionReviewForm,
    MonthlyReviewHeadForm,
    MonthlyReviewRowForm,
)
from banso.engagements.models import Action, ActionReview
from banso.engagements.views._common import engagement_context, load_child, load_engagement, saved, submit


def _list_url(request, company, engagement):
    return org_reverse(request, "engagements:action_list", company_pk=company.pk, engagement_pk=engagement.pk)


def _detail_url(request, company, engagement, action):
    return org_reverse(
        request, "engagements:action_detail", company_pk=company.pk, engagement_pk=engagement.pk, pk=action.pk
    )


def action_list(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    plan = queries.action_plan(engagement, timezone.localdate())
    selected = [s for s in request.GET.getlist("status") if s in plan.counts]
    context = engagement_context(
        request,
        company,
        engagement,
        "actions",
        actions=plan.filtered(selected),
        total=plan.total,
        filters=[
            {"key": k, "label": label, "count": plan.counts[k]} for k, label in queries.ACTION_STATUS_FILTERS
        ],
        selected=selected,
        has_stakeholders=engagement.stakeholders.filter(role__in=g.INTERNAL_STAKEHOLDER_ROLES).exists(),
    )
    template = (
        "engagements/actions_list_results.html" if request.htmx and request.htmx.target == "results" else None
    )
    response = render(request, template or "engagements/actions_list.html", context)
    response["Vary"] = "HX-Request"
    return response


@require_http_methods(["GET", "POST"])
def action_create(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    form = ActionForm(request.POST or None, engagement=engagement)
    return submit(
        form,
        lambda data: action_domain.create_action(engagement, by=request.user, **form.domain_fields()),
        done=lambda action: saved(
            request, f"アクション「{action.what}」を追加しました。", _list_url(request, company, engagement)
        ),
        page=lambda: _form_page(request, company, engagement, form=form),
    )


def _form_page(request, company, engagement, **extra):
    return render(
        request,
        "engagements/actions_form.html",
        engagement_context(
            request, company, engagement, "actions", aid_context=action_aids(engagement), **extra
        ),
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, company_pk, engagement_pk, pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    action = load_child(Action.objects.all(), request, engagement, change=True, pk=pk)
    form = ActionForm(request.POST or None, instance=action, engagement=engagement)
    return submit(
        form,
        lambda data: action_domain.update_action(
            action, by=request.user, expected_version=data.get("version"), **form.domain_fields()
        ),
        done=lambda _: saved(
            request, "アクションを保存しました。", _detail_url(request, company, engagement, action)
        ),
        page=lambda: _form_page(request, company, engagement, form=form, action=action),
    )


def _review_form(request, engagement, action, data=None):
    return ActionReviewForm(
        data,
        engagement=engagement,
        action=action,
        initial={"reviewed_on": timezone.localdate(), "status": action.status},
    )


@require_http_methods(["GET", "POST"])
def action_detail(request, company_pk, engagement_pk, pk):
    """One action, its PDCA history (every review, oldest first) and, for those who may, the review form."""
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    action = load_child(
        Action.objects.select_related("owner", "root_issue", "created_by"), request, engagement, pk=pk
    )
    context = engagement_context(request, company, engagement, "actions", action=action)
    form = None
    if context["can_change"]:
        form = _review_form(request, engagement, action)
    if request.method == "POST":
        action = load_child(Action.objects.all(), request, engagement, change=True, pk=pk)
        form = _review_form(request, engagement, action, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                action_domain.review_action(
                    action,
                    by=request.user,
                    expected_version=data.get("version"),
                    reviewed_on=data["reviewed_on"],
                    status=data["status"],
                    result=data["result"],
                    learning=data["learning"],
                    next_step=data["next_step"],
                    small_success=data["small_success"],
                    dialogue=data["dialogue"],
                )
            except (ValidationError, DomainError) as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, "振り返りを記録しました。")
                return redirect(_detail_url(request, company, engagement, action))
    action.overdue = action.is_overdue()
    context.update(
        action=action,
        form=form,
        reviews=list(action.reviews.select_related("reviewed_by", "dialogue").order_by("reviewed_on", "id")),
    )
    return render(request, "engagements/actions_detail.html", context)


@require_http_methods(["GET", "POST"])
def action_monthly_review(request, company_pk, engagement_pk):
    """Check every open action on one page (the monthly meeting), all saved together."""
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(engagement=engagement, status__in=g.ACTION_OPEN_STATUSES)
        .select_related("owner")
        .order_by("due_on", "position", "id")
    )
    last_reviews = {}
    for review in ActionReview.objects.filter(action__in=actions).order_by("reviewed_on", "id"):
        last_reviews[review.action_id] = review
    data = request.POST if request.method == "POST" else None
    head = MonthlyReviewHeadForm(data, engagement=engagement, initial={"reviewed_on": today})
    rows = []
    for action in actions:
        action.overdue = action.is_overdue(today)
        form = MonthlyReviewRowForm(
            data, prefix=f"a{action.pk}", action=action, initial={"status": action.status}
        )
        rows.append({"action": action, "form": form, "last": last_reviews.get(action.pk)})
    if request.method == "POST" and head.is_valid() and all(row["form"].is_valid() for row in rows):
        entries = [{"action": row["action"], **_row_entry(row["form"])} for row in rows]
        try:
            reviews = action_domain.review_actions(
                engagement,
                by=request.user,
                reviewed_on=head.cleaned_data["reviewed_on"],
                dialogue=head.cleaned_data["dialogue"],
                entries=entries,
            )
        except ValidationError as exc:
            by_action = {str(row["action"].pk): row["form"] for row in rows}
            for key, errors in exc.message_dict.items():
                target = by_action.get(key)
                if target is not None:
                    target.add_error(None, errors)
                else:
                    head.add_error(key if key in head.fields else None, errors)
        except DomainError as exc:
            head.add_error(None, exc.message)
        else:
            messages.success(request, f"{len(reviews)}件のアクションの振り返りを記録しました。")
            return redirect(_list_url(request, company, engagement))
    return render(
        request,
        "engagements/actions_review.html",
        engagement_context(request, company, engagement, "actions", head=head, rows=rows),
    )


def _row_entry(form) -> dict:
    data = form.cleaned_data
    return {
        "expected_version": data["version"],
        "status": data["status"],
        "result": data["result"],
        "learning": data["learning"],
        "next_step": data["next_step"],
        "small_success": data["small_success"],
    }


def action_export(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    if action_plan_in_background(engagement):
        job = engagement_jobs.start_document(
            engagement_jobs.ACTION_PLAN, engagement, membership=request.membership
        )
        return redirect(org_reverse(request, "jobs:detail", pk=job.pk))
    actions = queries.actions_of(engagement)
    return serve_export(
        request,
        ActionPlanXlsx().render(engagement=engagement, actions=actions),
        kind="engagements.action_plan.xlsx",
        company=company,
        obj=engagement,
    )
