"""Business actions on organizations and their people. Views, the API and commands call these.

Modules, one per concept: organizations (API tokens, passwords, the remembered organization, the
organization's settings), members (invitations, roles, 支店, assignments, handover, deactivation),
two_factor (TOTP devices, recovery codes and the second-factor rule). Who may call them is answered
in each function and in banso.orgs.queries.
"""

from banso.orgs.domain.organizations import (
    authenticate_token,
    change_organization_settings,
    change_password,
    create_api_token,
    may_change_settings,
    remember_organization,
    revoke_api_token,
)

__all__ = [
    "authenticate_token",
    "change_organization_settings",
    "change_password",
    "create_api_token",
    "may_change_settings",
    "remember_organization",
    "revoke_api_token",
]
