"""The action plan (step ⑥): list with overdue marks, add / edit, one action's PDCA history and its
review, the monthly review of several actions, and the Excel export. Rules live in domain.actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.access import get_changeable_or_404, get_visible_or_404
from banso.core.downloads import serve_export
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.urls import org_reverse
from banso.engagements.domain import actions as action_domain
from banso.engagements.engines import guideline as g
from banso.engagements.exports import ActionPlanXlsx
from banso.engagements.forms_execution import (
    ActionForm,
    ActionReviewForm,
    MonthlyReviewHeadForm,
    MonthlyReviewRowForm,
)
from banso.engagements.models import Action, ActionReview
from banso.engagements.views._execution import load_engagement, load_engagement_to_change, page_context

STATUS_FILTERS = [*g.ACTION_STATUS_CHOICES, ("overdue", "期限切れ")]


def _actions(engagement):
    return (
        Action.objects.filter(engagement=engagement)
        .select_related("owner", "root_issue")
        .annotate(
            review_count=Count("reviews"),
            last_reviewed_on=Max("reviews__reviewed_on"),
            success_count=Count("reviews", filter=Q(reviews__small_success=True)),
        )
        .order_by("due_on", "position", "id")
    )


def _list_url(request, company, engagement):
    return org_reverse(request, "engagements:action_list", company_pk=company.pk, engagement_pk=engagement.pk)


def _detail_url(request, company, engagement, action):
    return org_reverse(
        request, "engagements:action_detail", company_pk=company.pk, engagement_pk=engagement.pk, pk=action.pk
    )


def action_list(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    today = timezone.localdate()
    actions = list(_actions(engagement))
    counts = {key: 0 for key, _ in STATUS_FILTERS}
    for action in actions:
        action.overdue = action.is_overdue(today)
        action.overdue_days = (today - action.due_on).days if action.overdue else 0
        counts[action.status] += 1
        counts["overdue"] += action.overdue
    selected = [s for s in request.GET.getlist("status") if s in counts]
    if selected:
        actions = [a for a in actions if a.status in selected or ("overdue" in selected and a.overdue)]
    context = page_context(
        request,
        company,
        engagement,
        "actions",
        actions=actions,
        total=sum(counts[k] for k, _ in g.ACTION_STATUS_CHOICES),
        filters=[{"key": k, "label": label, "count": counts[k]} for k, label in STATUS_FILTERS],
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
    company, engagement = load_engagement_to_change(request, company_pk, engagement_pk)
    form = ActionForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            action = action_domain.create_action(engagement, by=request.user, **form.domain_fields())
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"アクション「{action.what}」を追加しました。")
            return redirect(_list_url(request, company, engagement))
    return render(
        request,
        "engagements/actions_form.html",
        page_context(request, company, engagement, "actions", form=form),
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, company_pk, engagement_pk, pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    action = get_changeable_or_404(Action.objects.filter(engagement=engagement), request.membership, pk=pk)
    form = ActionForm(request.POST or None, instance=action, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            action_domain.update_action(
                action,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                **form.domain_fields(),
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "アクションを保存しました。")
            return redirect(_detail_url(request, company, engagement, action))
    return render(
        request,
        "engagements/actions_form.html",
        page_context(request, company, engagement, "actions", form=form, action=action),
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
    action = get_visible_or_404(
        Action.objects.filter(engagement=engagement).select_related("owner", "root_issue", "created_by"),
        request.membership,
        pk=pk,
    )
    context = page_context(request, company, engagement, "actions", action=action)
    form = None
    if context["can_change"]:
        form = _review_form(request, engagement, action)
    if request.method == "POST":
        action = get_changeable_or_404(
            Action.objects.filter(engagement=engagement), request.membership, pk=pk
        )
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
    company, engagement = load_engagement_to_change(request, company_pk, engagement_pk)
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
        page_context(request, company, engagement, "actions", head=head, rows=rows),
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
    actions = _actions(engagement)
    return serve_export(
        request,
        ActionPlanXlsx().render(engagement=engagement, actions=actions),
        kind="engagements.action_plan.xlsx",
        company=company,
        obj=engagement,
    )
