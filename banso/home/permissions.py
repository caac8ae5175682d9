"""Who sees the home (今日やること), the portfolio and the alert settings, on top of core.access."""

from __future__ import annotations

from banso.core.roles import SUPPORT_SIDE_ROLES, Role, is_org_admin

PORTFOLIO_ROLES = frozenset({Role.ORG_ADMIN, Role.VIEWER})
PORTFOLIO_ONLY = "ポートフォリオを見られるのは管理者と閲覧者です。"
SETTINGS_ONLY = "今日やることの基準を変更できるのは管理者だけです。"


def sees_home(membership) -> bool:
    """The support side (管理者・支援者・閲覧者); company-side users have their own landing."""
    return membership is not None and membership.is_active and membership.role in SUPPORT_SIDE_ROLES


def sees_portfolio(membership) -> bool:
    return membership is not None and membership.is_active and membership.role in PORTFOLIO_ROLES


def sees_everyone(membership) -> bool:
    """May narrow the home to another supporter's companies (管理者・閲覧者 see every company)."""
    return sees_portfolio(membership)


def may_change_settings(membership) -> bool:
    return is_org_admin(membership)
