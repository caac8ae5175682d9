"""/api/v1/comments/{kind}/{object_id} (a record's thread) and /api/v1/notifications (the signed-in
user's notifications in the token's organization). The same domain functions as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from banso.api.common import (
    PRECONDITION_REQUIRED,
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    paginate,
    required_version,
)
from banso.comments import domain, queries
from banso.comments.models import BODY_MAX, Comment
from banso.core import notifications
from banso.core.models import Notification

router = Router(tags=["comments"])

# The commentable kinds (core.commentables; add a kind here when an area registers one). A path value
# outside them names no record: a 404 like an unknown id (api.errors), checked before the body.
Kind = Literal["action", "gap", "next_month_action", "monitoring_report"]
KINDS_HELP = (
    "kind は action（アクション）、gap（乖離）、next_month_action（次月重点アクション）、"
    "monitoring_report（モニタリング報告書）のいずれかです。"
)


class CommentOut(Schema):
    id: int
    version: int
    kind: str
    object_id: int
    author_id: int
    author_name: str
    author_side: Literal["support", "company"]
    body: str
    deleted: bool
    created_at: dt.datetime

    @staticmethod
    def of(comment: Comment) -> CommentOut:
        return CommentOut(
            id=comment.pk,
            version=comment.version,
            kind=comment.kind,
            object_id=comment.object_id,
            author_id=comment.author_id,
            author_name=comment.author.display_name,
            author_side=comment.author_side,
            body="" if comment.is_deleted else comment.body,
            deleted=comment.is_deleted,
            created_at=comment.created_at,
        )


class CommentPage(Page):
    results: list[CommentOut]


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=BODY_MAX)


class CommentDeleteIn(Schema):
    version: int | None = Field(None, ge=1, le=2**31, description=VERSION_HELP)


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    link: str
    company_id: int | None
    actor_name: str
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def of(n: Notification) -> NotificationOut:
        return NotificationOut(
            id=n.pk,
            kind=n.kind,
            text=n.text,
            link=n.link,
            company_id=n.company_id,
            actor_name=n.actor_name,
            created_at=n.created_at,
            read_at=n.read_at,
        )


class NotificationPage(Page):
    results: list[NotificationOut]


class ReadOut(Schema):
    marked: int
    unread: int


@router.get(
    "/comments/{kind}/{object_id}",
    response=CommentPage,
    summary="記録のコメント（古い順）",
    description="見られる記録のコメントを古い順に返します。削除されたコメントは deleted=true・body は空です。"
    + KINDS_HELP,
)
def list_comments(request, kind: Kind, object_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    target = domain.load_target(request.membership, kind, object_id)
    return paginate(queries.thread(request.membership, target), page, page_size, CommentOut.of)


@router.post(
    "/comments/{kind}/{object_id}",
    response={201: CommentOut},
    summary="記録にコメントする（相手側に通知されます）",
    description="事業者側の利用者は共有されている記録にだけコメントできます（それ以外は 404）。閲覧者は 403。"
    + KINDS_HELP,
)
def create_comment(request, kind: Kind, object_id: Id, body: CommentIn):
    comment = domain.post_comment(
        request.membership, by=request.user, kind=kind, object_id=object_id, body=body.body
    )
    return Status(201, CommentOut.of(comment))


@router.post(
    "/comments/items/{comment_id}/delete",
    response=CommentOut,
    summary="自分のコメントを削除する（記録は残り、スレッドには「削除されました」と表示）",
    description="書いた本人だけが削除できます（他の方のコメントは 403）。",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def delete_comment(request, comment_id: Id, body: CommentDeleteIn | None = None):
    found = domain.get_comment_or_404(request.membership, comment_id)
    domain.ensure_may_delete(request.membership, found, by=request.user)
    version = required_version(request, body.version if body else None)
    comment = domain.delete_comment(
        request.membership, by=request.user, pk=comment_id, expected_version=version
    )
    return CommentOut.of(comment)


@router.get(
    "/notifications",
    response=NotificationPage,
    summary="自分の通知（新しい順）",
    description=(
        "トークンの支援機関での自分宛ての通知です。"
        "unread_only=true で未読だけ（count が未読の件数）を返します。"
    ),
)
def list_notifications(
    request, unread_only: bool = Query(False), page: PageNumber = 1, page_size: PageSize = 50
):
    rows = notifications.for_user(request.user, request.organization)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return paginate(rows, page, page_size, NotificationOut.of)


@router.post(
    "/notifications/{notification_id}/read",
    response=ReadOut,
    summary="通知を既読にする",
    description="自分宛て以外の通知は 404 です。既読の通知をもう一度送っても変わりません（marked=0）。",
)
def read_notification(request, notification_id: Id):
    from django.http import Http404

    from banso.core.access import not_found_message

    if not notifications.for_user(request.user, request.organization).filter(pk=notification_id).exists():
        raise Http404(not_found_message("通知"))
    marked = notifications.mark_read(request.user, request.organization, [notification_id])
    return ReadOut(marked=marked, unread=notifications.unread_count(request.user, request.organization))


class ReadAllIn(Schema):
    until: dt.datetime | None = Field(
        None,
        description="この日時までに届いた通知だけを既読にする（一覧を取得した時点を渡すと、その後の通知は未読のまま）",
    )


@router.post(
    "/notifications/read",
    response=ReadOut,
    summary="すべての通知を既読にする",
    description="本文は省略できます。until を渡すと、その日時までに届いた通知だけを既読にします。",
)
def read_all_notifications(request, body: ReadAllIn | None = None):
    until = body.until if body else None
    marked = notifications.mark_read(request.user, request.organization, until=until)
    return ReadOut(marked=marked, unread=notifications.unread_count(request.user, request.organization))
