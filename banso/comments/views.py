"""Thin views: a record's comment thread (a fragment for htmx, a page without it), deleting one's own
comment, the notification list (opening it marks them read) and the digest setting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.comments import domain, queries
from banso.comments.forms import CommentForm, DeleteForm, DigestPreferenceForm
from banso.comments.models import Comment
from banso.companies.queries import visible_company_or_404
from banso.core import notifications
from banso.core.access import may_write
from banso.core.commentables import kind_label
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.urls import org_reverse
from banso.core.visibility import is_company_side

NOTIFICATION_PAGE = 50


def _page_extras(request) -> dict:
    """The full pages use the portal's layout for the company side (it shows their company)."""
    membership = request.membership
    if not is_company_side(membership):
        return {"base_template": "base.html", "section": "", "is_company_side": False}
    return {
        "base_template": "portal/_base.html",
        "is_company_side": True,
        "section": "",
        "company": visible_company_or_404(membership, membership.company_id),
    }


def _next(request) -> str:
    return notifications.safe_link(request.POST.get("next") or request.GET.get("next") or "")


def _thread_context(request, target, form=None) -> dict:
    membership = request.membership
    comments = list(queries.thread(membership, target))
    can_write = may_write(membership, Comment)
    return {
        "target": target,
        "kind_label": kind_label(target.kind),
        "comments": comments,
        "count": sum(1 for c in comments if not c.is_deleted),
        "form": form if form is not None else (CommentForm() if can_write else None),
        "can_write": can_write,
        "next": _next(request),
        "record_url": target.portal_url if is_company_side(membership) else target.support_url,
        "is_company_side": is_company_side(membership),
    }


def _answer(request, target, *, form=None, status=200):
    context = _thread_context(request, target, form)
    if request.htmx:
        # htmx swaps only 2xx answers: a refused form comes back as the thread with its message (200),
        # nothing written; without htmx the page answers 400.
        return render(request, "comments/_thread.html", context)
    context.update(_page_extras(request))
    return render(request, "comments/thread.html", context, status=status)


@require_http_methods(["GET", "POST"])
def thread(request, kind: str, object_id: int):
    membership = request.membership
    target = domain.load_target(membership, kind, object_id)
    if request.method == "GET":
        return _answer(request, target)
    if not may_write(membership, Comment):
        raise PermissionDenied("閲覧者はコメントを書けません。")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            domain.post_comment(
                membership,
                by=request.user,
                kind=target.kind,
                object_id=target.object_id,
                body=form.cleaned_data["body"],
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            if request.htmx:
                return _answer(request, target)
            messages.success(request, "コメントを送りました。")
            return redirect(_next(request) or domain.thread_url(request.organization.slug, target))
    return _answer(request, target, form=form, status=400)


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    membership = request.membership
    # Access first: a comment the user may not see is a 404 whatever the method.
    comment = domain.get_comment_or_404(membership, pk)
    target = domain.load_target(membership, comment.kind, comment.object_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    domain.ensure_may_delete(membership, comment, by=request.user)
    form = DeleteForm(request.POST, comment=comment)
    try:
        if not form.is_valid():
            raise ValidationError(form.non_field_errors())
        domain.delete_comment(
            membership, by=request.user, pk=pk, expected_version=form.cleaned_data["version"]
        )
    except (ValidationError, DomainError) as exc:
        message = exc.message if isinstance(exc, DomainError) else " ".join(exc.messages)
        if request.htmx:
            context = _thread_context(request, target)
            context["error"] = message
            return render(request, "comments/_thread.html", context)  # 200: htmx swaps it in
        messages.error(request, message)
    else:
        if request.htmx:
            return _answer(request, target)
        messages.success(request, "コメントを削除しました。")
    return redirect(_next(request) or domain.thread_url(request.organization.slug, target))


@require_http_methods(["GET", "POST"])
def notification_list(request):
    if request.method == "POST":  # すべて既読にする
        notifications.mark_read(request.user, request.organization)
        messages.success(request, "すべての通知を既読にしました。")
        return redirect(org_reverse(request, "comments:notifications"))
    rows = list(notifications.for_user(request.user, request.organization)[:NOTIFICATION_PAGE])
    unread_ids = [n.pk for n in rows if n.is_unread]
    context = {
        "notifications": rows,
        "unread_ids": set(unread_ids),
    }
    context.update(_page_extras(request))
    # Opening the list marks what it shows read (they are still highlighted as 新着 on this page, and
    # the bell in its header already counts without them).
    notifications.mark_read(request.user, request.organization, unread_ids)
    return render(request, "comments/notifications.html", context)


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    current = notifications.digest_preference(request.user)
    form = DigestPreferenceForm(request.POST or None, initial={"digest": current.digest}, preference=current)
    if request.method == "POST" and form.is_valid():
        try:
            notifications.set_digest_preference(
                request.user,
                digest=form.cleaned_data["digest"],
                expected_version=form.cleaned_data.get("version"),
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "通知の設定を保存しました。")
            return redirect(org_reverse(request, "comments:notification_settings"))
    context = {"form": form}
    context.update(_page_extras(request))
    status = 400 if request.method == "POST" else 200
    return render(request, "comments/notification_settings.html", context, status=status)
