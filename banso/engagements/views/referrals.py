"""Referrals (橋渡し) of one engagement: the list with status and outcome, record and edit."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.core.urls import org_reverse
from banso.engagements import queries
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.forms.referrals import ReferralForm
from banso.engagements.models import Referral
from banso.engagements.views._common import engagement_context, load_child, load_engagement, saved, submit


def _list_url(request, company, engagement):
    return org_reverse(
        request, "engagements:referral_list", company_pk=company.pk, engagement_pk=engagement.pk
    )


def referral_list(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    referrals = queries.referrals_of(engagement)
    directory_size = queries.directory(request.membership).filter(is_active=True).count()
    return render(
        request,
        "engagements/referrals_list.html",
        engagement_context(
            request,
            company,
            engagement,
            "referrals",
            referrals=referrals,
            directory_size=directory_size,
            sees_directory=request.membership.role in SUPPORT_SIDE_ROLES,
        ),
    )


def _form_context(request, company, engagement, form, referral=None):
    return engagement_context(request, company, engagement, "referrals", form=form, referral=referral)


@require_http_methods(["GET", "POST"])
def referral_create(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    initial = {"referred_on": timezone.localdate()}
    if request.GET.get("issue", "").isdigit():
        initial["issue"] = int(request.GET["issue"])
    form = ReferralForm(
        request.POST or None, engagement=engagement, organization=request.organization, initial=initial
    )
    return submit(
        form,
        lambda data: referral_domain.refer(engagement, by=request.user, **form.domain_fields()),
        done=lambda referral: saved(
            request,
            f"「{referral.support_body.name}」への橋渡しを記録しました。",
            _list_url(request, company, engagement),
        ),
        page=lambda: _form_page(request, company, engagement, form),
    )


@require_http_methods(["GET", "POST"])
def referral_edit(request, company_pk, engagement_pk, pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    referral = load_child(Referral.objects.all(), request, engagement, change=True, pk=pk)
    form = ReferralForm(
        request.POST or None, instance=referral, engagement=engagement, organization=request.organization
    )
    return submit(
        form,
        lambda data: referral_domain.update_referral(
            referral, by=request.user, expected_version=data.get("version"), **form.domain_fields()
        ),
        done=lambda _: saved(
            request, "橋渡しの記録を保存しました。", _list_url(request, company, engagement)
        ),
        page=lambda: _form_page(request, company, engagement, form, referral),
    )


def _form_page(request, company, engagement, form, referral=None):
    return render(
        request,
        "engagements/referrals_form.html",
        _form_context(request, company, engagement, form, referral),
    )
