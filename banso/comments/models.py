"""A comment (コメント) in the thread of one record: an action, a gap, a next-month action or a
monitoring report. The record is named by its kind (core.commentables) and id; the company is a real
foreign key so the access rule reaches comments through COMPANY_PATH like every client record.

Comments are not edited (a thread reads as it was said); the author may delete theirs — a soft delete
that keeps the row (「このコメントは削除されました」), its history and an activity-log entry."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from banso.core.access import AccessQuerySet
from banso.core.commentables import commentable_kinds
from banso.core.history import audited_history
from banso.core.model_fields import company_field, user_field
from banso.core.records import ClientRecord
from banso.core.roles import COMPANY_SIDE_ROLES, Role
from banso.core.visibility import NOTHING

BODY_MAX = 2000


class CommentQuerySet(AccessQuerySet):
    def visible_to(self, membership):
        """The access rule, and for the company side only comments on records of a registered kind
        they may see themselves (core.visibility through each kind's loader): a comment on an internal
        record, or on an action not assigned to an employee, is never shown to them."""
        visible = super().visible_to(membership)
        if membership is not None and membership.role in COMPANY_SIDE_ROLES:
            condition = NOTHING
            for kind in commentable_kinds():
                condition |= Q(kind=kind.code, object_id__in=kind.visible_ids(membership))
            visible = visible.filter(condition)
        return visible

    def thread(self, kind: str, object_id: int):
        return (
            self.filter(kind=kind, object_id=object_id).select_related("author").order_by("created_at", "id")
        )


class AuthorSide(models.TextChoices):
    SUPPORT = "support", "支援者"
    COMPANY = "company", "事業者"


class Comment(ClientRecord):
    COMPANY_PATH = "company"
    # The company side writes too (on what is shared with them); viewers read only.
    WRITE_ROLES = frozenset({Role.ORG_ADMIN, Role.SUPPORTER, Role.OWNER, Role.EMPLOYEE})

    company = company_field("comments")
    kind = models.CharField("対象の種類", max_length=40)
    object_id = models.PositiveBigIntegerField("対象のID")
    author = user_field("書いた人")
    author_side = models.CharField("立場", max_length=10, choices=AuthorSide.choices)
    body = models.TextField("コメント", max_length=BODY_MAX)
    deleted_at = models.DateTimeField("削除日時", null=True, blank=True)

    objects = CommentQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "コメント"
        verbose_name_plural = "コメント"
        indexes = [models.Index(fields=["kind", "object_id", "created_at"], name="comment_thread")]

    def __str__(self):
        return f"{self.kind}#{self.object_id}: {self.body[:30]}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
