"""What every engagement view does first: load the company through the access rule, then the
engagement (or its child) through that company; and the context the shared templates need.
Who may do what is answered by banso.engagements.permissions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect

from banso.companies.models import Company
from banso.companies.queries import visible_company_or_404
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.views import refuse_unless_post  # noqa: F401 (re-exported for the area's views)
from banso.engagements import permissions, queries
from banso.engagements.models import Engagement


def load_company(request, company_pk: int) -> Company:
    """The company, for the support side only: engagement pages are the support organization's
    working record (see models.base.SupportSideQuerySet); company-side users get the same 404."""
    permissions.ensure_support_side(request.membership)
    return visible_company_or_404(request.membership, company_pk)


def load_engagement(request, company_pk: int, engagement_pk: int, *, change: bool = False):
    """(company, engagement): 404 unless both are visible and belong together; 403 with `change`
    for someone who may see but not change them."""
    company = load_company(request, company_pk)
    engagement = queries.engagement_or_404(request.membership, engagement_pk, company=company, change=change)
    return company, engagement


def load_child(queryset, request, engagement: Engagement, *, change: bool = False, **lookup):
    """A record of `engagement` (dialogue, node, assessment, stakeholder…): see queries.record_or_404."""
    return queries.record_or_404(queryset, request.membership, engagement, change=change, **lookup)


def engagement_context(request, company, engagement, section: str, **extra) -> dict:
    """Context of every page under an engagement: the company hub's header and tab, the engagement
    navigation (`section` marks the current link) and what the user may do: `can_change` (add or
    change records: a writer, while the engagement is open) and `can_manage` (edit the engagement
    and its status, also once it has ended). Only support-side users reach these pages."""
    return {
        "company": company,
        "engagement": engagement,
        "tab": "engagements",
        "section": section,
        "can_change": permissions.may_add_records(request.membership, engagement),
        "can_manage": permissions.may_manage(request.membership, engagement),
        **extra,
    }


def htmx_partial(response: HttpResponse) -> HttpResponse:
    """Responses that differ for htmx and plain requests must say so to caches."""
    response["Vary"] = "HX-Request"
    return response


def submit(
    form: BaseForm,
    call: Callable[[dict], Any],
    *,
    done: Callable[[Any], HttpResponse],
    page: Callable[[], HttpResponse],
) -> HttpResponse:
    """The change pages' one shape: when the bound `form` is valid, `call(form.cleaned_data)` runs the
    domain function and `done(what it returned)` answers; what the domain refuses (ValidationError,
    DomainError) is put on the form, and `page()` renders it again (as it renders an unbound form)."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            return done(result)
    return page()


def picked(data: dict, *names: str) -> dict:
    """The named cleaned values, as keyword arguments for a domain function."""
    return {name: data[name] for name in names}


def saved(request, message: str, url: str) -> HttpResponse:
    """After a successful change: the Japanese success message, then the page at `url`."""
    messages.success(request, message)
    return redirect(url)
