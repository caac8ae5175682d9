"""Who may do what with a company's consent ledger (on top of core.access).

- See the 共有（同意） page (grants and access log): whoever sees the company on the support side
  (管理者, 閲覧者, assigned 支援者) and the company's 経営者; 従業員 do not (404).
- Grant and revoke: the 経営者 (their own consent, in Banso) and 管理者 / assigned 支援者 (recording
  the owner's documented consent). 閲覧者 read only (403).
- Grantees (another organization's members) never see the ledger; they read the shared scopes only
  through `queries.shared_company_or_404`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from banso.core.access import NOT_ALLOWED_MESSAGE, MembershipLike, may_change, may_write, not_found_message
from banso.core.roles import Role
from banso.sharing.models import ConsentGrant


def ensure_may_see_ledger(membership: MembershipLike | None) -> None:
    if membership is None or membership.role == Role.EMPLOYEE:
        raise Http404(not_found_message("共有の同意"))


def may_manage(membership: MembershipLike | None, company) -> bool:
    if not may_write(membership, ConsentGrant):
        return False
    if membership.role == Role.OWNER:
        return membership.company_id == company.pk
    return may_change(membership, company)


def ensure_may_manage(membership: MembershipLike | None, company) -> None:
    if not may_manage(membership, company):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
