"""Pages of consultations (相談): the list, asking, the thread (answers, comments, votes), accepting
and hiding. Thin: load through knowledge.queries, check knowledge.permissions, call the domain."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.access import not_found_message
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors, posted_version
from banso.core.pagination import paginate
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.knowledge import permissions, queries
from banso.knowledge.domain import consultation_context as context_domain
from banso.knowledge.domain import consultations as domain
from banso.knowledge.forms.consultations import AnswerForm, AskForm, CommentForm, HideForm
from banso.knowledge.models import consultations as m

SCOPES = (
    ("", "すべて"),
    ("organization", "自機関"),
    ("network", "ネットワーク"),
    ("resolved", "解決済み"),
    ("mine", "自分の相談"),
)


def support_side(request):
    """Company-side users (経営者・従業員) never reach the knowledge area: the same 404 as a missing page."""
    if not permissions.is_support_side(request.membership):
        raise Http404(not_found_message())


def _detail_url(request, consultation):
    return org_reverse(request, "knowledge:consultation_detail", pk=consultation.pk)


def consultation_list(request):
    support_side(request)
    scope = request.GET.get("scope", "")
    items = queries.consultations_for(request.membership)
    if scope == "organization":
        items = items.filter(audience=m.ORGANIZATION)
    elif scope == "network":
        items = items.filter(audience=m.NETWORK)
    elif scope == "resolved":
        items = items.filter(status=m.RESOLVED)
    elif scope == "mine":
        items = items.filter(author_id=request.user.pk)
    else:
        scope = ""
    page = paginate(request, items)
    return render(
        request,
        "knowledge/consultations/list.html",
        {
            "page": page,
            "scope": scope,
            "scopes": SCOPES,
            "can_post": permissions.may_post(request.membership),
        },
    )


def _engagement_id(request):
    """The engagement a background is drafted from (?engagement= or the form's hidden field), bounded."""
    text = (request.POST.get("engagement") if request.method == "POST" else None) or request.GET.get(
        "engagement"
    )
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= 2**53 else None


@require_http_methods(["GET", "POST"])
def consultation_create(request):
    support_side(request)
    permissions.ensure_may_post(request.membership)
    networks = list(queries.publishable_networks(request.membership.organization_id))
    engagement_id = _engagement_id(request)
    known_terms = []
    initial = {}
    if engagement_id:
        # 404 for an engagement the member may not see; its known names are checked on posting.
        known_terms = context_domain.engagement_terms(request.membership, engagement_id)
        if request.method == "GET":
            initial["context"] = context_domain.draft_context(request.membership, engagement_id)
    form = AskForm(request.POST or None, networks=networks, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = domain.ask(
                request.membership,
                by=request.user,
                title=data["title"],
                body=data["body"],
                audience=data["audience"],
                network_id=data.get("network"),
                context=data.get("context", ""),
                known_terms=known_terms,
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"相談「{consultation.title}」を投稿しました。")
            return redirect(_detail_url(request, consultation))
    return render(
        request,
        "knowledge/consultations/form.html",
        {"form": form, "networks": networks, "engagement_id": engagement_id},
    )


def _detail_context(request, consultation, **forms) -> dict:
    membership = request.membership
    return {
        "consultation": consultation,
        "answers": list(queries.answers_of(consultation, membership)),
        "comments": list(queries.consultation_comments(consultation, membership)),
        "answer_form": AnswerForm(),
        "comment_form": CommentForm(),
        "can_post": permissions.may_post(membership),
        "can_accept": permissions.may_accept(membership, consultation),
        "may_moderate_consultation": permissions.may_moderate(membership, consultation),
        "organization_id": membership.organization_id,
        "is_admin": permissions.may_curate(membership),
        **forms,
    }


def consultation_detail(request, pk):
    support_side(request)
    consultation = queries.consultation_or_404(request.membership, pk)
    return render(request, "knowledge/consultations/detail.html", _detail_context(request, consultation))


def _post_only(request, pk):
    support_side(request)
    consultation = queries.consultation_or_404(request.membership, pk)
    return consultation, refuse_unless_post(request)


def answer_create(request, pk):
    consultation, refused = _post_only(request, pk)
    permissions.ensure_may_post(request.membership)
    if refused:
        return refused
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            domain.answer(consultation, request.membership, by=request.user, body=form.cleaned_data["body"])
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "回答を投稿しました。")
            return redirect(_detail_url(request, consultation) + "#answers")
    return _detail_with_errors(request, consultation, answer_form=form)


def comment_create(request, pk):
    consultation, refused = _post_only(request, pk)
    permissions.ensure_may_post(request.membership)
    if refused:
        return refused
    form = CommentForm(request.POST)
    if form.is_valid():
        answer = None
        if form.cleaned_data.get("answer"):
            answer = queries.answer_or_404(consultation, request.membership, form.cleaned_data["answer"])
        try:
            domain.comment(
                consultation,
                request.membership,
                by=request.user,
                body=form.cleaned_data["body"],
                answer=answer,
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "コメントを投稿しました。")
            return redirect(_detail_url(request, consultation))
    return _detail_with_errors(request, consultation, comment_form=form)


def _detail_with_errors(request, consultation, **forms):
    context = _detail_context(request, consultation, **forms)
    return render(request, "knowledge/consultations/detail.html", context)


def answer_vote(request, pk, answer_pk):
    consultation, refused = _post_only(request, pk)
    answer = queries.answer_or_404(consultation, request.membership, answer_pk)
    permissions.ensure_may_post(request.membership)
    if refused:
        return refused
    try:
        domain.vote(answer, request.membership, by=request.user, up=request.POST.get("up", "1") != "0")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_detail_url(request, consultation) + f"#answer-{answer.pk}")


def answer_accept(request, pk, answer_pk):
    consultation, refused = _post_only(request, pk)
    answer = queries.answer_or_404(consultation, request.membership, answer_pk)
    if not permissions.may_accept(request.membership, consultation):
        raise PermissionDenied(permissions.ONLY_ASKER_MESSAGE)
    if refused:
        return refused
    try:
        domain.accept(
            consultation,
            request.membership,
            by=request.user,
            answer=answer,
            expected_version=posted_version(request.POST.get("version")) or -1,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "回答を採用しました。この相談は解決済みとしてナレッジに残ります。")
    return redirect(_detail_url(request, consultation) + f"#answer-{answer.pk}")


def _hide(request, consultation, post):
    permissions.ensure_may_moderate(request.membership, post)
    refused = refuse_unless_post(request)
    if refused:
        return refused
    form = HideForm(request.POST)
    form.is_valid()
    hidden = request.POST.get("hidden", "1") != "0"
    domain.hide(
        post, request.membership, by=request.user, reason=form.cleaned_data.get("reason", ""), hidden=hidden
    )
    messages.success(request, "非表示にしました。" if hidden else "非表示を解除しました。")
    return redirect(_detail_url(request, consultation))


def consultation_hide(request, pk):
    support_side(request)
    consultation = queries.consultation_or_404(request.membership, pk)
    return _hide(request, consultation, consultation)


def answer_hide(request, pk, answer_pk):
    support_side(request)
    consultation = queries.consultation_or_404(request.membership, pk)
    answer = queries.answer_or_404(consultation, request.membership, answer_pk)
    return _hide(request, consultation, answer)


def comment_hide(request, pk, comment_pk):
    support_side(request)
    consultation = queries.consultation_or_404(request.membership, pk)
    comment = queries.comment_or_404(consultation, request.membership, comment_pk)
    return _hide(request, consultation, comment)
