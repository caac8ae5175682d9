"""Who may do what with companies: create, assign supporters, delete, and who sees them all.

Seeing and changing one company is the core access rule (banso/core/access.py: `may_change`,
`get_changeable_or_404`); this file holds the role rules on top of it, for pages and API alike."""

from banso.companies.models import Company
from banso.core.access import may_write
from banso.core.roles import Role, is_org_admin


def may_create_company(membership) -> bool:
    return may_write(membership, Company)


def may_assign_supporters(membership) -> bool:
    return is_org_admin(membership)


def may_delete_company(membership) -> bool:
    return is_org_admin(membership)


def sees_all_companies(membership) -> bool:
    """管理者 and 閲覧者 see every company of the organization (支援者 only those assigned to them), so
    for them the company list offers a filter by assigned supporter."""
    return membership is not None and membership.role in (Role.ORG_ADMIN, Role.VIEWER)
