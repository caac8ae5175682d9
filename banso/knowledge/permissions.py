"""Who may do what in the knowledge area, on top of the access rule (core.access).

Cases (published_case_filter, case_draft_filter): the domain functions check the same rules again
when they write.

Consultations (相談) and the question bank (knowledge_audience_filter, knowledge_hidden_filter):
- Reading: support-side members (管理者, 支援者, 閲覧者) of the organization a consultation or an item
  belongs to, and of every organization in the network it is addressed to; company-side users never.
  A hidden post: only its author and the 管理者 of the author's organization.
- Asking, answering, commenting, voting: 管理者 and 支援者 (閲覧者 read only).
- Accepting an answer: the asker only.
- Hiding (moderation): the 管理者 of the post's author's organization.
- The question bank: every support-side member uses it; the 管理者 curates the organization's copy
  (add, edit, hide) and shares an own item with a network the organization may publish to.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from banso.core.access import DEFAULT_WRITE_ROLES, NOT_ALLOWED_MESSAGE
from banso.core.roles import SUPPORT_SIDE_ROLES, Role, is_org_admin
from banso.knowledge.models import CaseStatus
from banso.knowledge.models.cases import is_case_reviewer

SETTINGS_ONLY = "ナレッジの設定を変更できるのは管理者だけです。"
DRAFTS_ONLY = "事例の下書きを扱えるのは管理者と支援者です。"


def may_draft(membership) -> bool:
    return membership is not None and membership.is_active and membership.role in DEFAULT_WRITE_ROLES


def may_edit(membership, draft) -> bool:
    if draft.status in (CaseStatus.APPROVED, CaseStatus.PUBLISHED, CaseStatus.WITHDRAWN):
        return False
    return draft.author_id == membership.user_id or is_case_reviewer(membership)


def may_submit(membership, draft) -> bool:
    return draft.author_id == membership.user_id and draft.status in (CaseStatus.DRAFT, CaseStatus.RETURNED)


def may_review(membership, draft) -> bool:
    return (
        draft.status == CaseStatus.SUBMITTED
        and draft.author_id != membership.user_id
        and is_case_reviewer(membership)
    )


def may_publish(membership, draft) -> bool:
    return draft.status == CaseStatus.APPROVED and (
        draft.author_id == membership.user_id or is_case_reviewer(membership)
    )


def may_change_settings(membership) -> bool:
    return is_org_admin(membership)


# --- consultations and the question bank ---
WRITERS = frozenset({Role.ORG_ADMIN, Role.SUPPORTER})

ONLY_ASKER_MESSAGE = "回答を採用できるのは、相談した方だけです。"
ONLY_ADMIN_MESSAGE = "この操作は管理者だけが行えます。"


def is_support_side(membership) -> bool:
    return membership is not None and membership.is_active and membership.role in SUPPORT_SIDE_ROLES


def may_post(membership) -> bool:
    return membership is not None and membership.is_active and membership.role in WRITERS


def ensure_may_post(membership) -> None:
    if not may_post(membership):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)


def may_accept(membership, consultation) -> bool:
    return may_post(membership) and consultation.author_id == membership.user_id


def may_moderate(membership, post) -> bool:
    """The 管理者 of the organization whose member wrote the post."""
    return (
        membership is not None
        and membership.is_active
        and membership.role == Role.ORG_ADMIN
        and post.organization_id == membership.organization_id
    )


def ensure_may_moderate(membership, post) -> None:
    if not may_moderate(membership, post):
        raise PermissionDenied(ONLY_ADMIN_MESSAGE)


def may_curate(membership) -> bool:
    return membership is not None and membership.is_active and membership.role == Role.ORG_ADMIN


def ensure_may_curate(membership) -> None:
    if not may_curate(membership):
        raise PermissionDenied(ONLY_ADMIN_MESSAGE)
