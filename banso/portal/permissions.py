"""Who uses the owner portal: the company side (経営者・従業員) of their own company only.

Support-side members work on the supporter's pages; for them the portal's URLs do not exist (404,
the same answer as for anything else they may not open). What a company-side user sees inside the
portal is decided by the access rule and its visibility rule (core.access, core.visibility).
"""

from __future__ import annotations

from django.http import Http404

from banso.core.access import NOT_FOUND_MESSAGE
from banso.core.roles import COMPANY_SIDE_ROLES, Role


def is_company_side(membership) -> bool:
    return (
        membership is not None
        and membership.is_active
        and membership.role in COMPANY_SIDE_ROLES
        and membership.company_id is not None
    )


def ensure_company_side(membership) -> None:
    if not is_company_side(membership):
        raise Http404(NOT_FOUND_MESSAGE)


def is_owner(membership) -> bool:
    """The 経営者 sees the whole shared action plan; an employee only the actions assigned to them."""
    return membership is not None and membership.role == Role.OWNER
