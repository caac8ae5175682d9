"""Role checks for company actions that are not about one visible object (create, assign, delete)."""

from banso.companies.models import Company
from banso.core.access import may_write
from banso.core.roles import is_org_admin


def may_create_company(membership) -> bool:
    return may_write(membership, Company)


def may_assign_supporters(membership) -> bool:
    return is_org_admin(membership)


def may_delete_company(membership) -> bool:
    return is_org_admin(membership)
