"""What a member may see of the consent ledger, and the one loader of the shared views.

`shared_company_or_404` is the only way a member of another organization reaches a company: it
applies core.access's sharing branch (`live_grant_filter` + `grant_covers`) for ONE scope and
answers 404 otherwise — logging the refused attempt when the company has (or had) granted that
organization anything, so the owner sees it in the access log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from banso.companies.models import Company
from banso.companies.queries import visible_company_or_404
from banso.core.access import (
    MembershipLike,
    get_visible_or_404,
    grant_covers,
    live_grant_filter,
    not_found_message,
)
from banso.core.pagination import MAX_ID
from banso.core.shared_scopes import SCOPE_LABELS, shared_scope
from banso.sharing.domain import log_access, today
from banso.sharing.models import ConsentGrant, ShareAccessLog
from banso.sharing.permissions import ensure_may_see_ledger

SHARED_NOT_FOUND = not_found_message("共有を受けている事業者")


# --- the company side (owner, supporters) ---


def ledger_company_or_404(membership: MembershipLike | None, company_pk: int) -> Company:
    company = visible_company_or_404(membership, company_pk)
    ensure_may_see_ledger(membership)
    return company


def grants(company):
    return (
        ConsentGrant.objects.filter(company=company)
        .select_related("grantee_organization", "recorded_by", "revoked_by")
        .order_by("-created_at", "-id")
    )


def grant_or_404(membership: MembershipLike | None, company, pk: int) -> ConsentGrant:
    return get_visible_or_404(grants(company), membership, pk=pk)


def access_log(company):
    return (
        ShareAccessLog.objects.filter(company=company)
        .select_related("organization", "user")
        .order_by("-at", "-id")
    )


# --- the grantee side ---


@dataclass
class SharedCompany:
    company: Company
    scopes: list[str]
    expires_on: object
    grants: list[ConsentGrant]

    @property
    def scope_labels(self) -> list[str]:
        return [SCOPE_LABELS[s] for s in self.scopes if s in SCOPE_LABELS]


def live_grants(membership: MembershipLike | None):
    return ConsentGrant.objects.filter(live_grant_filter(membership, today=today())).select_related(
        "company__organization", "grantee_organization"
    )


def shared_companies(membership: MembershipLike | None) -> list[SharedCompany]:
    """Companies shared with the membership's organization now, each with the union of its live
    grants' scopes (registered ones) and the latest expiry; ordered by フリガナ."""
    by_company: dict[int, SharedCompany] = {}
    for grant in live_grants(membership).order_by("company__name_kana", "company_id", "id"):
        entry = by_company.setdefault(
            grant.company_id, SharedCompany(grant.company, [], grant.expires_on, [])
        )
        entry.grants.append(grant)
        entry.expires_on = max(entry.expires_on, grant.expires_on)
        for scope in grant.scopes:
            if scope not in entry.scopes and shared_scope(scope) is not None:
                entry.scopes.append(scope)
    for entry in by_company.values():
        entry.scopes.sort(key=list(SCOPE_LABELS).index)
    return list(by_company.values())


def shared_company_or_404(
    membership: MembershipLike | None, company_pk: int, scope: str | None, *, user=None
) -> SharedCompany:
    """The company shared with the membership's organization, for `scope` (None: any live scope, for
    the company's shared overview). 404 without a live grant covering it; a refused attempt on a company
    that has granted this organization anything before is logged (action `refused`)."""
    if not isinstance(company_pk, int) or not 1 <= company_pk <= MAX_ID:
        raise Http404(SHARED_NOT_FOUND)
    live = [g for g in live_grants(membership).filter(company_id=company_pk)]
    covering = [
        g
        for g in live
        if (scope is None or grant_covers(g, scope)) and (scope is None or shared_scope(scope))
    ]
    if not covering:
        if membership is not None and user is not None:
            past = (
                ConsentGrant.objects.filter(
                    company_id=company_pk, grantee_organization_id=membership.organization_id
                )
                .select_related("company")
                .order_by("-id")
                .first()
            )
            if past is not None:
                log_access(
                    company=past.company,
                    grant=live[0] if live else past,
                    membership=membership,
                    user=user,
                    scope=(scope or "overview")[:40],
                    action=ShareAccessLog.Action.REFUSED,
                )
        raise Http404(SHARED_NOT_FOUND)
    scopes: list[str] = []
    for grant in live:
        scopes.extend(s for s in grant.scopes if s not in scopes and shared_scope(s) is not None)
    scopes.sort(key=list(SCOPE_LABELS).index)
    return SharedCompany(
        company=covering[0].company,
        scopes=scopes,
        expires_on=max(g.expires_on for g in live),
        grants=covering,
    )
