"""Pages of the question bank (質問バンク): the list with filters, the pickers beside the engagement's
dialogue and action forms (htmx fragments), and the 管理者's curation (add, edit, hide, share)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors, posted_version
from banso.core.pagination import paginate
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.knowledge import permissions, queries
from banso.knowledge.domain import questions as domain
from banso.knowledge.engines import question_bank as qb
from banso.knowledge.forms.questions import BankFilterForm, BankItemForm
from banso.knowledge.views.consultations import support_side

# The ids of the action form's fields an action template fills (banso.engagements.forms.actions).
ACTION_FIELDS = {"what": "id_what", "how": "id_how", "measure": "id_expected_effect"}
TARGET_MAX = 60


def bank_list(request):
    support_side(request)
    is_admin = permissions.may_curate(request.membership)
    filters = BankFilterForm(request.GET or None)
    items = queries.bank_items_for(request.membership, include_hidden=is_admin, **filters.filters())
    page = paginate(request, items, per_page=50)
    return render(
        request,
        "knowledge/questions/list.html",
        {
            "page": page,
            "filters": filters,
            "is_admin": is_admin,
            "networks": list(queries.publishable_networks(request.membership.organization_id)),
            "organization_id": request.membership.organization_id,
        },
    )


def _target(request) -> str:
    """The id of the field a picked question goes into: letters, digits, _ and - only."""
    target = request.GET.get("target", "")[:TARGET_MAX]
    return target if target and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in target) else ""


def _int(text, low, high):
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def question_picker(request):
    """The 質問バンク beside the dialogue form: questions for the step, the high walls and the industry."""
    support_side(request)
    step = _int(request.GET.get("step"), 1, 7)
    walls = [w for w in request.GET.get("walls", "").split(",")[:5] if w in qb.WALL_LABELS]
    industry = qb.industry_group_of(request.GET.get("industry", "")[:4])
    groups = queries.picker_questions(request.membership, step=step, walls=walls, industry_group=industry)
    response = render(
        request,
        "knowledge/questions/_picker.html",
        {"groups": groups, "target": _target(request), "step": step, "walls": walls},
    )
    response["Vary"] = "HX-Request"
    return response


def template_picker(request):
    """Action templates beside the action form: those of the step first, then the rest."""
    support_side(request)
    step = _int(request.GET.get("step"), 1, 7)
    items = list(queries.bank_items_for(request.membership, kind=qb.ACTION_TEMPLATE))
    items.sort(key=lambda item: (item.step != step, item.step or 9, item.pk))
    rows = [
        (
            item,
            json.dumps(
                {
                    ACTION_FIELDS["what"]: item.text,
                    ACTION_FIELDS["how"]: item.how,
                    ACTION_FIELDS["measure"]: (f"指標: {item.measure}" if item.measure else ""),
                },
                ensure_ascii=False,
            ),
        )
        for item in items
    ]
    return render(request, "knowledge/questions/_templates.html", {"rows": rows, "step": step})


def _list_url(request):
    return org_reverse(request, "knowledge:bank_list")


@require_http_methods(["GET", "POST"])
def bank_item_create(request):
    support_side(request)
    permissions.ensure_may_curate(request.membership)
    form = BankItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = domain.add_item(request.membership, by=request.user, **form.cleaned_data)
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"「{item.text[:40]}」を追加しました。")
            return redirect(_list_url(request))
    return render(request, "knowledge/questions/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def bank_item_edit(request, pk):
    support_side(request)
    item = queries.bank_item_or_404(request.membership, pk, include_hidden=True)
    permissions.ensure_may_curate(request.membership)
    initial = {name: getattr(item, name) for name in domain.FIELDS}
    form = BankItemForm(request.POST or None, initial=initial, item=item)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            saved = domain.edit_item(
                item,
                request.membership,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **values,
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"「{saved.text[:40]}」を保存しました。")
            return redirect(_list_url(request))
    return render(request, "knowledge/questions/form.html", {"form": form, "item": item})


def bank_item_hide(request, pk):
    support_side(request)
    item = queries.bank_item_or_404(request.membership, pk, include_hidden=True)
    permissions.ensure_may_curate(request.membership)
    refused = refuse_unless_post(request)
    if refused:
        return refused
    hidden = request.POST.get("hidden", "1") != "0"
    try:
        domain.set_hidden(
            item,
            request.membership,
            by=request.user,
            expected_version=posted_version(request.POST.get("version")) or -1,
            hidden=hidden,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "非表示にしました。" if hidden else "再び表示するようにしました。")
    return redirect(_list_url(request))


def bank_item_share(request, pk):
    support_side(request)
    item = queries.bank_item_or_404(request.membership, pk, include_hidden=True)
    permissions.ensure_may_curate(request.membership)
    refused = refuse_unless_post(request)
    if refused:
        return refused
    network_id = _int(request.POST.get("network"), 1, 2**53)
    try:
        shared = domain.share_item(
            item,
            request.membership,
            by=request.user,
            expected_version=posted_version(request.POST.get("version")) or -1,
            network_id=network_id,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{shared.network.name}に共有しました。" if shared.network else "共有をやめました。"
        )
    return redirect(_list_url(request))
