"""Roles a user can hold in an organization. The access rule (core.access) is written against these."""

from django.db import models


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", "管理者"
    SUPPORTER = "supporter", "支援者"
    VIEWER = "viewer", "閲覧者"
    OWNER = "owner", "経営者"
    EMPLOYEE = "employee", "従業員"


# Roles held by people of the client company itself; each is tied to exactly one company.
COMPANY_SIDE_ROLES = frozenset({Role.OWNER, Role.EMPLOYEE})
# Roles of the support organization's own staff.
SUPPORT_SIDE_ROLES = frozenset({Role.ORG_ADMIN, Role.SUPPORTER, Role.VIEWER})


def is_org_admin(membership) -> bool:
    """管理者 of the current organization: assigns supporters, deletes companies, sees the team's
    reflections and the activity log, loads benchmark tables."""
    return membership is not None and membership.is_active and membership.role == Role.ORG_ADMIN
