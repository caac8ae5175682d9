"""Who may do what in monitoring (改善計画, 実績, 取込, 乖離, 次月アクション, KPI, 資金繰り, 報告書).

Seeing follows the company: whoever may see a company (banso.core.access) sees its monitoring.
Changing needs both a writing role for the kind of record (`WRITE_ROLES` of the model, checked by
`may_write`; default 管理者 and 支援者) and the right to change that company (管理者: any company of
the organization; 支援者: the companies they are assigned to). Viewers and company-side users read
only. Pages and the API ask these functions and nothing else.
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


def may_issue_report(membership: MembershipLike | None, company) -> bool:
    """Issuing a monitoring report: 管理者, and 支援者 assigned to the company."""
    from banso.monitoring.models import MonitoringReport

    return may_edit(membership, company, MonitoringReport)


def ensure_may_issue_report(membership: MembershipLike | None, company) -> None:
    if not may_issue_report(membership, company):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)


def may_change_thresholds(membership: MembershipLike | None) -> bool:
    """The organization's thresholds: 管理者 only."""
    from banso.core.roles import Role

    return membership is not None and membership.is_active and membership.role == Role.ORG_ADMIN


def may_enter_owner_figures(membership: MembershipLike | None, company) -> bool:
    """The owner's monthly figures (売上高, 売上総利益, 現預金, KPI actuals) from the portal: the
    company's own 経営者 only (not 従業員, not the support side, which uses the actuals grid)."""
    from banso.core.roles import Role

    return (
        membership is not None
        and membership.is_active
        and membership.role == Role.OWNER
        and membership.company_id == company.pk
    )
