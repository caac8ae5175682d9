"""The organization's directory of support bodies and experts (橋渡し先), under /o/<org>/support-bodies/.

Support-side members see it (閲覧者 read only); company-side users and other organizations get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.access import NOT_ALLOWED_MESSAGE, get_changeable_or_404, may_write
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.text import search_key
from banso.core.urls import org_reverse
from banso.engagements import permissions, queries
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.engines import guideline as g
from banso.engagements.forms.support_bodies import StandardBodiesForm, SupportBodyForm
from banso.engagements.models import SupportBody


def _directory(request):
    """The directory; 404 for company-side users (it is the support organization's own record)."""
    return queries.directory(request.membership)


def _ensure_may_write(request):
    if not permissions.may_edit_directory(request.membership):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)


def support_body_list(request):
    bodies = _directory(request)
    text = request.GET.get("q", "").strip()
    types = [t for t in request.GET.getlist("type") if t in dict(g.SUPPORT_BODY_TYPE_CHOICES)]
    show_inactive = request.GET.get("inactive") == "1"
    counts = dict(bodies.values_list("body_type").annotate(n=Count("id")).values_list("body_type", "n"))
    results = bodies.annotate(referral_count=Count("referrals"))
    if not show_inactive:
        results = results.filter(is_active=True)
    if types:
        results = results.filter(body_type__in=types)
    order = {key: index for index, (key, _) in enumerate(g.SUPPORT_BODY_TYPE_CHOICES)}
    rows = sorted(results, key=lambda b: (order.get(b.body_type, len(order)), b.profession, b.name))
    if text:
        key = search_key(text)
        rows = [
            b for b in rows if key in search_key(" ".join((b.name, b.region, b.specialties, b.contact_name)))
        ]
    context = {
        "bodies": rows,
        "text": text,
        "selected_types": types,
        "show_inactive": show_inactive,
        "type_filters": [
            {"key": key, "label": label, "count": counts.get(key, 0)}
            for key, label in g.SUPPORT_BODY_TYPE_CHOICES
            if counts.get(key)
        ],
        "total": sum(counts.values()),
        "can_change": may_write(request.membership, SupportBody),
        "add_standard_form": StandardBodiesForm(),
    }
    template = (
        "engagements/support_bodies_results.html"
        if request.htmx and request.htmx.target == "results"
        else None
    )
    response = render(request, template or "engagements/support_bodies_list.html", context)
    response["Vary"] = "HX-Request"
    return response


@require_http_methods(["GET", "POST"])
def support_body_create(request):
    _directory(request)
    _ensure_may_write(request)
    form = SupportBodyForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            body = referral_domain.create_support_body(
                request.organization, by=request.user, **form.domain_fields()
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"橋渡し先「{body.name}」を登録しました。")
            return redirect(org_reverse(request, "support_bodies:list"))
    return render(request, "engagements/support_bodies_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def support_body_edit(request, pk):
    body = get_changeable_or_404(_directory(request), request.membership, pk=pk)
    form = SupportBodyForm(request.POST or None, instance=body, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        fields = form.domain_fields()
        try:
            referral_domain.update_support_body(
                body, by=request.user, expected_version=form.cleaned_data.get("version"), **fields
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"橋渡し先「{fields['name']}」を保存しました。")
            return redirect(org_reverse(request, "support_bodies:list"))
    return render(request, "engagements/support_bodies_form.html", {"form": form, "body": body})


@require_http_methods(["GET", "POST"])
def support_body_add_standard(request):
    """「よく使う支援機関を追加」: the national bodies of one prefecture in one step."""
    _directory(request)
    _ensure_may_write(request)
    form = StandardBodiesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = referral_domain.add_standard_support_bodies(
                request.organization,
                by=request.user,
                prefecture=form.cleaned_data["prefecture"],
                body_types=form.cleaned_data["body_types"],
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            if added:
                messages.success(request, f"{len(added)}件を追加しました: {'、'.join(b.name for b in added)}")
            else:
                messages.info(request, "選んだ支援機関はすべて登録済みです。追加はありません。")
            return redirect(org_reverse(request, "support_bodies:list"))
    return render(request, "engagements/support_bodies_standard.html", {"form": form})
