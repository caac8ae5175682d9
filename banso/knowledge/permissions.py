"""Who may do what with cases, on top of the access rule (core.access: published_case_filter,
case_draft_filter). The domain functions check the same rules again when they write."""

from __future__ import annotations

from banso.core.access import DEFAULT_WRITE_ROLES
from banso.core.roles import is_org_admin
from banso.knowledge.models import CaseStatus
from banso.knowledge.models.cases import is_case_reviewer

SETTINGS_ONLY = "ナレッジの設定を変更できるのは管理者だけです。"
DRAFTS_ONLY = "事例の下書きを扱えるのは管理者と支援者です。"


def may_draft(membership) -> bool:
    return membership is not None and membership.is_active and membership.role in DEFAULT_WRITE_ROLES


def may_edit(membership, draft) -> bool:
    if draft.status in (CaseStatus.APPROVED, CaseStatus.PUBLISHED):
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
