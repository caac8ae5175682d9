"""The company's 伴走支援 tab (its engagements), starting one, the engagement overview, editing it
and changing its status. Thin: the rules live in banso.engagements.domain."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from banso.core.access import NOT_ALLOWED_MESSAGE
from banso.core.urls import org_reverse
from banso.engagements import domain, permissions, queries
from banso.engagements.domain._common import today
from banso.engagements.engines import guideline as g
from banso.engagements.forms.engagement import EngagementEditForm, EngagementStartForm, StatusForm
from banso.engagements.views._common import (
    engagement_context,
    load_company,
    load_engagement,
    picked,
    refuse_unless_post,
    saved,
    submit,
)


def _detail_url(request, engagement):
    return org_reverse(
        request, "engagements:detail", company_pk=engagement.company_id, engagement_pk=engagement.pk
    )


def engagement_list(request, company_pk):
    company = load_company(request, company_pk)
    engagements = list(queries.engagements_of(company))
    return render(
        request,
        "engagements/list.html",
        {
            "company": company,
            "tab": "engagements",
            "engagements": engagements,
            "can_start": permissions.may_start_engagement(request.membership, company),
        },
    )


@require_http_methods(["GET", "POST"])
def engagement_start(request, company_pk):
    company = load_company(request, company_pk)
    if not permissions.may_start_engagement(request.membership, company):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    form = EngagementStartForm(request.POST or None, company=company, user=request.user, today=today())
    return submit(
        form,
        lambda data: domain.start_engagement(
            company, by=request.user, step=data["step"], **_engagement_fields(data)
        ),
        done=lambda engagement: saved(
            request,
            f"伴走支援案件「{engagement}」を開始しました。まずはステップ①の確認から進めましょう。",
            _detail_url(request, engagement),
        ),
        page=lambda: render(
            request, "engagements/start.html", {"company": company, "tab": "engagements", "form": form}
        ),
    )


def _engagement_fields(data) -> dict:
    """What the start and edit forms both set, as keyword arguments for the domain."""
    fields = picked(data, "kind", "title", "started_on", "planned_months", "lead_supporter")
    return {**fields, "members": list(data["members"])}


def engagement_detail(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    assessments = list(queries.wall_assessments_of(engagement))
    context = engagement_context(
        request,
        company,
        engagement,
        "overview",
        steps=queries.stepper(engagement),
        team=engagement.team(),
        wall_ratings=queries.latest_wall_ratings(assessments),
        latest_assessment=assessments[-1] if assessments else None,
        dialogues=list(queries.dialogues_of(engagement)[: queries.RECENT_DIALOGUES]),
        dialogue_count=engagement.dialogues.count(),
        root_issues=list(queries.root_issues(engagement)),
        transitions=list(
            engagement.step_transitions.select_related("decided_by").order_by("-created_at", "-id")
        ),
        stakeholder_count=engagement.stakeholders.count(),
    )
    context["decision"] = domain.latest_decision(engagement)
    if context["can_manage"] and engagement.status in g.STATUS_CHANGES:
        context["status_form"] = StatusForm(engagement=engagement, today=today())
    return render(request, "engagements/detail.html", context)


@require_http_methods(["GET", "POST"])
def engagement_edit(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    form = EngagementEditForm(request.POST or None, engagement=engagement)
    return submit(
        form,
        lambda data: domain.update_engagement(
            engagement, by=request.user, expected_version=data["version"], **_engagement_fields(data)
        ),
        done=lambda _: saved(request, "案件の情報を保存しました。", _detail_url(request, engagement)),
        page=lambda: _overview_form(request, company, engagement, "engagements/edit.html", form),
    )


def _overview_form(request, company, engagement, template, form):
    return render(request, template, engagement_context(request, company, engagement, "overview", form=form))


def engagement_status(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    if refusal := refuse_unless_post(request):
        return refusal
    form = StatusForm(request.POST, engagement=engagement, today=today())

    def done(_):
        label = g.label_of(g.ENGAGEMENT_STATUS_CHOICES, form.cleaned_data["status"])
        return saved(request, f"案件の状況を「{label}」に変更しました。", _detail_url(request, engagement))

    return submit(
        form,
        lambda data: domain.change_status(
            engagement,
            by=request.user,
            expected_version=data["version"],
            **picked(data, "status", "reason", "on"),
        ),
        done=done,
        page=lambda: _overview_form(request, company, engagement, "engagements/status.html", form),
    )
