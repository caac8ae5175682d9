"""The seven steps: each step's page with its checklist, moving forward or back with who decided
and why (the go / no-go gate lives in the domain), and the suitability assessment of steps ①②."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.access import NOT_FOUND_MESSAGE
from banso.core.forms import add_domain_errors
from banso.core.urls import org_reverse
from banso.engagements import domain, permissions, queries
from banso.engagements.domain._common import today
from banso.engagements.engines import guideline as g
from banso.engagements.forms.steps import ChecklistForm, DecisionForm, StepMoveForm, SuitabilityForm
from banso.engagements.models import GoNoGoDecision, SuitabilityRating
from banso.engagements.views._common import (
    engagement_context,
    load_engagement,
    picked,
    refuse_unless_post,
    saved,
    submit,
)


def _step(number: int) -> g.Step:
    step = g.STEP_BY_NUMBER.get(number)
    if step is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return step


def _step_url(request, engagement, number: int) -> str:
    return org_reverse(
        request,
        "engagements:step",
        company_pk=engagement.company_id,
        engagement_pk=engagement.pk,
        step=number,
    )


def _move_forms(engagement, data=None, direction=None):
    forms = {}
    for name in ("forward", "back"):
        bound = data if direction == name else None
        forms[name] = StepMoveForm(bound, engagement=engagement, direction=name, today=today())
    return forms


def _render_step(request, company, engagement, step, *, checklist=None, move_forms=None, status=200):
    context = engagement_context(
        request,
        company,
        engagement,
        "steps",
        step=step,
        steps=queries.stepper(engagement),
        checklist=checklist or ChecklistForm(step=step, checks=queries.step_checks(engagement, step.number)),
        move_forms=move_forms or _move_forms(engagement),
        is_current=step.number == engagement.step,
        transitions=[
            t
            for t in engagement.step_transitions.select_related("decided_by").order_by("-created_at", "-id")
            if step.number in (t.from_step, t.to_step)
        ],
    )
    if step.number <= g.GO_DECISION_STEP:
        context["decision"] = domain.latest_decision(engagement)
        context["rated_count"] = SuitabilityRating.objects.filter(engagement=engagement).count()
        context["point_count"] = len(g.SUITABILITY_POINTS)
    return render(request, "engagements/step.html", context, status=status)


def step_detail(request, company_pk, engagement_pk, step):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    return _render_step(request, company, engagement, _step(step))


def step_checks(request, company_pk, engagement_pk, step):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    if refusal := refuse_unless_post(request):
        return refusal
    step_info = _step(step)
    current = queries.step_checks(engagement, step_info.number)
    form = ChecklistForm(request.POST, step=step_info, checks=current)
    if not form.is_valid():
        return _render_step(request, company, engagement, step_info, checklist=form)
    changed = 0
    for checkpoint, (done, note) in form.answers().items():
        row = current.get(checkpoint)
        if row is None and not done and not note:
            continue
        if row is not None and (row.done, row.note) == (done, note):
            continue
        domain.record_step_check(engagement, by=request.user, checkpoint=checkpoint, done=done, note=note)
        changed += 1
    if changed:
        messages.success(request, f"{step_info.label} の確認項目を保存しました（{changed}件）。")
    else:
        messages.info(request, "変更はありませんでした。")
    return redirect(_step_url(request, engagement, step_info.number))


def step_move(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    if refusal := refuse_unless_post(request):
        return refusal
    direction = "back" if request.POST.get("direction") == "back" else "forward"
    move_forms = _move_forms(engagement, request.POST, direction)
    form = move_forms[direction]
    move = domain.advance_step if direction == "forward" else domain.return_to_step
    verb = "進めました" if direction == "forward" else "戻しました"

    def done(_):
        to_step = form.cleaned_data["to_step"]
        messages.success(request, f"ステップを{g.step_label(to_step)}に{verb}。")
        return redirect(_step_url(request, engagement, to_step))

    return submit(
        form,
        lambda data: move(
            engagement,
            by=request.user,
            expected_version=data["version"],
            **picked(data, "to_step", "reason", "decided_on"),
        ),
        done=done,
        page=lambda: _render_step(request, company, engagement, engagement.step_info, move_forms=move_forms),
    )


def _suitability_context(request, company, engagement, *, form=None, decision_form=None):
    ratings = {
        r.point: r for r in SuitabilityRating.objects.filter(engagement=engagement).select_related("rated_by")
    }
    decisions = list(
        GoNoGoDecision.objects.filter(engagement=engagement)
        .select_related("decided_by")
        .order_by("-created_at", "-id")
    )
    return engagement_context(
        request,
        company,
        engagement,
        "steps",
        form=form or SuitabilityForm(ratings=ratings, today=today()),
        decision_form=decision_form or DecisionForm(engagement=engagement, today=today()),
        ratings=ratings,
        decisions=decisions,
        decision=decisions[0] if decisions else None,
        can_decide=permissions.can_decide(engagement),
        steps=queries.stepper(engagement),
    )


@require_http_methods(["GET", "POST"])
def suitability(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=request.method == "POST")
    if request.method == "POST":
        current = {r.point: r for r in SuitabilityRating.objects.filter(engagement=engagement)}
        form = SuitabilityForm(request.POST, ratings=current, today=today())
        if form.is_valid():
            changed = 0
            try:
                for point, (rating, evidence) in form.answers().items():
                    row = current.get(point)
                    if row is not None and (row.rating, row.evidence) == (rating, evidence):
                        continue
                    domain.rate_suitability(
                        engagement,
                        by=request.user,
                        point=point,
                        rating=rating,
                        evidence=evidence,
                        rated_on=form.cleaned_data["rated_on"],
                    )
                    changed += 1
            except ValidationError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, f"見極めの評価を保存しました（{changed}項目）。")
                return redirect(_suitability_url(request, company, engagement))
        return render(
            request,
            "engagements/suitability.html",
            _suitability_context(request, company, engagement, form=form),
        )
    return render(request, "engagements/suitability.html", _suitability_context(request, company, engagement))


def decision(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    if refusal := refuse_unless_post(request):
        return refusal
    form = DecisionForm(request.POST, engagement=engagement, today=today())

    def done(_):
        if form.cleaned_data["decision"] == "go":
            message = "「伴走支援を行う（Go）」と記録しました。ステップ③（伴走支援の開始）へ進められます。"
        else:
            message = "「見送る（No-Go）」と記録し、案件を中止にしました。"
        return saved(request, message, _suitability_url(request, company, engagement))

    return submit(
        form,
        lambda data: domain.decide_suitability(
            engagement,
            by=request.user,
            expected_version=data["version"],
            **picked(data, "decision", "reason", "decided_on"),
        ),
        done=done,
        page=lambda: render(
            request,
            "engagements/suitability.html",
            _suitability_context(request, company, engagement, decision_form=form),
        ),
    )


def _suitability_url(request, company, engagement):
    return org_reverse(request, "engagements:suitability", company_pk=company.pk, engagement_pk=engagement.pk)
