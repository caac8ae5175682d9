"""The stakeholder map (step ⑤): the people involved, their stance toward the change (in words and
marks), influence, concerns and the dialogues they took part in; adding and editing people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.urls import org_reverse
from banso.engagements import domain, queries
from banso.engagements.engines import guideline as g
from banso.engagements.forms.stakeholders import StakeholderForm
from banso.engagements.models import Stakeholder
from banso.engagements.views._common import engagement_context, load_child, load_engagement

# Marks that say the stance without colour (◎ 推進, ○ 中立, △ 慎重, × 抵抗).
STANCE_MARKS = {"promoting": "◎", "neutral": "○", "cautious": "△", "resisting": "×"}


def _map_url(request, engagement):
    return org_reverse(
        request, "engagements:stakeholders", company_pk=engagement.company_id, engagement_pk=engagement.pk
    )


def stakeholder_map(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    people = list(queries.stakeholders_of(engagement))
    columns = [
        {
            "key": key,
            "label": label,
            "mark": STANCE_MARKS[key],
            "people": [p for p in people if p.stance == key],
        }
        for key, label in g.STANCE_CHOICES
    ]
    return render(
        request,
        "engagements/stakeholders/map.html",
        engagement_context(request, company, engagement, "stakeholders", columns=columns, count=len(people)),
    )


def _save(request, company, engagement, *, stakeholder=None):
    form = StakeholderForm(
        request.POST or None, stakeholder=stakeholder, logins=queries.company_side_logins(company)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if stakeholder is None:
                person = domain.add_stakeholder(engagement, by=request.user, **form.domain_fields())
                notice = f"関係者「{person.name}」を追加しました。"
            else:
                person = domain.update_stakeholder(
                    stakeholder,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.domain_fields(),
                )
                notice = f"関係者「{person.name}」を保存しました。"
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, notice)
            return redirect(_map_url(request, engagement))
    return render(
        request,
        "engagements/stakeholders/form.html",
        engagement_context(request, company, engagement, "stakeholders", form=form, stakeholder=stakeholder),
    )


@require_http_methods(["GET", "POST"])
def stakeholder_create(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    return _save(request, company, engagement)


@require_http_methods(["GET", "POST"])
def stakeholder_edit(request, company_pk, engagement_pk, stakeholder_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    person = load_child(Stakeholder.objects.all(), request, engagement, change=True, pk=stakeholder_pk)
    return _save(request, company, engagement, stakeholder=person)
