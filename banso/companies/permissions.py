"""Role checks for company actions that are not about one visible object (create, assign, delete)."""

from banso.companies.models import Company
from banso.core.access import may_write
from banso.core.roles import Role


def may_create_company(membership) -> bool:
    return may_write(membership, Company)


def may_assign_supporters(membership) -> bool:
    return membership is not None and membership.role == Role.ORG_ADMIN


def may_delete_company(membership) -> bool:
    return membership is not None and membership.role == Role.ORG_ADMIN
