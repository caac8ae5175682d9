"""The comment actions: post a comment on a record's thread (and notify the other side), delete one's
own comment (soft, logged). Shared by the pages and the API, so both give the same errors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from banso.comments.models import BODY_MAX, AuthorSide, Comment
from banso.companies.models import Company
from banso.core.access import get_visible_or_404, may_write, not_found_message
from banso.core.commentables import CommentTarget, commentable
from banso.core.notifications import COMMENT, notify, one_line
from banso.core.pagination import MAX_ID
from banso.core.records import locked, log_company_event, save_audited
from banso.core.roles import COMPANY_SIDE_ROLES
from banso.core.visibility import is_company_side
from banso.orgs.models import Membership, User

NOT_AUTHOR_MESSAGE = "削除できるのはご自身のコメントだけです。"
EMPTY_MESSAGE = "コメントを入力してください。"
TOO_LONG_MESSAGE = f"コメントは {BODY_MAX} 文字以内で入力してください。"
ALREADY_DELETED_MESSAGE = "このコメントはすでに削除されています。"
SNIPPET = 60


def load_target(membership, kind: str, object_id) -> CommentTarget:
    """The record a thread hangs on, if the membership may see it; else 404 (an unknown kind, an id
    out of range, another organization's record, an internal record for the company side)."""
    registered = commentable(str(kind))
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        object_id = 0
    if registered is None or not 1 <= object_id <= MAX_ID:
        raise Http404(not_found_message("コメントの対象"))
    return registered.load(membership, object_id)


def thread_url(organization_slug: str, target: CommentTarget) -> str:
    return reverse(
        "comments:thread",
        kwargs={"org": organization_slug, "kind": target.kind, "object_id": target.object_id},
    )


def clean_body(body) -> str:
    text = str(body or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"body": EMPTY_MESSAGE})
    if len(text) > BODY_MAX:
        raise ValidationError({"body": TOO_LONG_MESSAGE})
    return text


def _recipients(target: CommentTarget, *, author, organization_id: int, company_side_author: bool):
    """(support-side users, company-side users) to tell: the thread's other participants, the record's
    supporters when the company side writes, the company's people who can see the record when a
    supporter writes. Only active members who may see the record themselves."""
    earlier = set(
        Comment.objects.filter(
            kind=target.kind, object_id=target.object_id, deleted_at__isnull=True
        ).values_list("author_id", flat=True)
    )
    candidates = set(earlier)
    if company_side_author:
        candidates |= set(target.supporter_ids)
    memberships = Membership.objects.filter(organization_id=organization_id, is_active=True).select_related(
        "user"
    )
    if not company_side_author:
        memberships_company = memberships.filter(
            company_id=target.company_id, role__in=sorted(COMPANY_SIDE_ROLES)
        )
        candidates |= set(memberships_company.values_list("user_id", flat=True))
    candidates.discard(author.pk)
    support, company = [], []
    registered = commentable(target.kind)
    for membership in memberships.filter(user_id__in=candidates):
        if not registered.visible_ids(membership).filter(pk=target.object_id).exists():
            continue
        (company if membership.role in COMPANY_SIDE_ROLES else support).append(membership.user)
    return support, company


def post_comment(membership, *, by: User, kind: str, object_id, body) -> Comment:
    """Add a comment to the thread of a record the membership may see and write on. Http404 when the
    record is not theirs to see; PermissionDenied (403) for a read-only role (閲覧者); ValidationError
    for an empty or too long text. Side effects: the comment (with history), an activity entry, one
    notification per other participant."""
    target = load_target(membership, kind, object_id)
    if not may_write(membership, Comment):
        raise PermissionDenied("閲覧者はコメントを書けません。")
    text = clean_body(body)
    company = get_visible_or_404(Company, membership, pk=target.company_id)
    company_side = is_company_side(membership)
    with transaction.atomic():
        comment = Comment(
            company=company,
            kind=target.kind,
            object_id=target.object_id,
            author=by,
            author_side=AuthorSide.COMPANY if company_side else AuthorSide.SUPPORT,
            body=text,
        )
        save_audited(comment, by=by)
        log_company_event(
            company,
            code="comment.posted",
            message=f"{target.title}にコメントしました",
            by=by,
            data={"kind": target.kind, "object_id": target.object_id, "comment_id": comment.pk},
        )
        support, company_people = _recipients(
            target, author=by, organization_id=company.organization_id, company_side_author=company_side
        )
        slug = company.organization.slug
        text_line = f"{by.display_name}さんが{target.title}にコメントしました：{one_line(text, SNIPPET)}"
        fallback = thread_url(slug, target)
        notify(
            support,
            kind=COMMENT,
            text=text_line,
            link=target.support_url or fallback,
            organization=company.organization_id,
            company_id=company.pk,
            by=by,
        )
        notify(
            company_people,
            kind=COMMENT,
            text=text_line,
            link=target.portal_url if target.kind == "action" and target.portal_url else fallback,
            organization=company.organization_id,
            company_id=company.pk,
            by=by,
        )
    return comment


def get_comment_or_404(membership, pk) -> Comment:
    return get_visible_or_404(Comment, membership, pk=pk)


def ensure_may_delete(membership, comment: Comment, *, by) -> None:
    """Only the author deletes a comment (403 for anyone else who can see it)."""
    if comment.author_id != by.pk or not may_write(membership, Comment):
        raise PermissionDenied(NOT_AUTHOR_MESSAGE)


def delete_comment(membership, *, by: User, pk, expected_version: int | None) -> Comment:
    """Soft-delete the author's own comment: the row stays (history, the thread says it was deleted).
    404 when not visible, 403 for someone else's comment, ConflictError on a stale version."""
    comment = get_visible_or_404(Comment, membership, pk=pk)
    ensure_may_delete(membership, comment, by=by)
    with transaction.atomic():
        current = locked(Comment, comment.pk, expected_version)
        if current.deleted_at is not None:
            raise ValidationError(ALREADY_DELETED_MESSAGE)
        current.deleted_at = timezone.now()
        save_audited(current, by=by, bump_version=True)
        log_company_event(
            current.company,
            code="comment.deleted",
            message="コメントを削除しました",
            by=by,
            data={"kind": current.kind, "object_id": current.object_id, "comment_id": current.pk},
        )
    return current
