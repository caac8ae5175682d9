"""Follow-up (step ⑦ 自走化): before / after side by side, the follow-ups with their findings, the
baseline; schedule the guideline's 3 / 6 / 12 months, record one. Rules live in domain.followups."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.access import ensure_may_change
from banso.core.errors import DomainError
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.engagements import queries
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.engines import guideline as g
from banso.engagements.forms.followups import BaselineForm, FollowUpForm
from banso.engagements.models import FollowUp, OutcomeBaseline
from banso.engagements.outcome_display import display_rows
from banso.engagements.views._common import engagement_context, load_child, load_engagement, saved, submit


def _list_url(request, company, engagement):
    return org_reverse(
        request, "engagements:followup_list", company_pk=company.pk, engagement_pk=engagement.pk
    )


def followup_list(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    ratings = dict(g.SELF_PROPULSION_RATING_CHOICES)
    follow_ups = queries.follow_ups_of(engagement, timezone.localdate())
    for f in follow_ups:
        f.months_after = follow_up_domain.months_after_support(engagement, f.scheduled_on)
        f.rating_items = [
            {"label": p.label, "value": getattr(f, p.key), "word": ratings.get(getattr(f, p.key), "")}
            for p in g.SELF_PROPULSION_POINTS
        ]
    baseline, done, comparisons = follow_up_domain.comparison(engagement, follow_ups)
    proposed = follow_up_domain.proposed_dates(engagement)
    scheduled = {f.scheduled_on for f in follow_ups}
    return render(
        request,
        "engagements/followups_list.html",
        engagement_context(
            request,
            company,
            engagement,
            "followups",
            follow_ups=follow_ups,
            baseline=baseline,
            done=done,
            comparisons=display_rows(comparisons),
            has_figures=baseline is not None or bool(done),
            proposed=[d for d in proposed if d not in scheduled],
        ),
    )


def followup_schedule(request, company_pk, engagement_pk):
    """POST only; the access rule comes first, so a foreign engagement is 404 whatever the method."""
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    if refusal := refuse_unless_post(request):
        return refusal
    ensure_may_change(request.membership, engagement)
    try:
        created = follow_up_domain.schedule_follow_ups(engagement, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        days = "、".join(f"{f.scheduled_on:%Y/%m/%d}" for f in created)
        messages.success(request, f"フォローアップを{len(created)}件予定しました（{days}）。")
    return redirect(_list_url(request, company, engagement))


def _save_follow_up(request, form, engagement, follow_up):
    fields = form.domain_fields()
    if follow_up is None:
        return follow_up_domain.add_follow_up(engagement, by=request.user, **fields)
    return follow_up_domain.update_follow_up(
        follow_up, by=request.user, expected_version=form.cleaned_data.get("version"), **fields
    )


@require_http_methods(["GET", "POST"])
def followup_form(request, company_pk, engagement_pk, pk=None):
    """Add a follow-up (pk None) or record / reschedule one."""
    if pk is None:
        company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
        follow_up = None
    else:
        company, engagement = load_engagement(request, company_pk, engagement_pk)
        follow_up = load_child(FollowUp.objects.all(), request, engagement, change=True, pk=pk)
    initial = {} if follow_up else {"scheduled_on": timezone.localdate()}
    if follow_up and not follow_up.is_done and follow_up.scheduled_on <= timezone.localdate():
        initial["done_on"] = timezone.localdate()
    form = FollowUpForm(request.POST or None, instance=follow_up, engagement=engagement, initial=initial)
    return submit(
        form,
        lambda data: _save_follow_up(request, form, engagement, follow_up),
        done=lambda _: saved(
            request, "フォローアップを保存しました。", _list_url(request, company, engagement)
        ),
        page=lambda: render(
            request,
            "engagements/followups_form.html",
            engagement_context(request, company, engagement, "followups", form=form, follow_up=follow_up),
        ),
    )


@require_http_methods(["GET", "POST"])
def baseline_form(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    baseline = OutcomeBaseline.objects.filter(engagement=engagement).first()
    form = BaselineForm(request.POST or None, instance=baseline)
    return submit(
        form,
        lambda data: follow_up_domain.set_baseline(
            engagement, by=request.user, expected_version=data.get("version"), **form.domain_fields()
        ),
        done=lambda _: saved(
            request, "支援開始時の数値を保存しました。", _list_url(request, company, engagement)
        ),
        page=lambda: render(
            request,
            "engagements/followups_baseline.html",
            engagement_context(request, company, engagement, "followups", form=form, baseline=baseline),
        ),
    )
