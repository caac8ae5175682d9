"""Who may do what in diagnosis (決算書, ローカルベンチマーク, 非財務シート, 経営デザインシート).

Seeing follows the company: whoever may see a company (banso.core.access) sees its diagnosis.
Changing needs both a writing role for the kind of record (`WRITE_ROLES` of the model, checked by
`may_write`) and the right to change that company (管理者: any company of the organization; 支援者:
the companies they are assigned to). Pages and the API ask these two functions and nothing else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from banso.core.access import NOT_ALLOWED_MESSAGE, MembershipLike, may_change, may_write


def may_edit(membership: MembershipLike | None, company, model) -> bool:
    """Whether the member may create, change or delete `company`'s records of `model`."""
    return may_write(membership, model) and may_change(membership, company)


def ensure_may_edit(membership: MembershipLike | None, company, model) -> None:
    """PermissionDenied (403, Japanese message) unless may_edit; call after loading the company."""
    if not may_edit(membership, company, model):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
