"""The consent ledger's demo data: a third organization (みなと信用金庫, login `lender`) holding a live
grant from 有限会社丸山精工 for its monitoring reports, monitoring table and ローカルベンチマーク (given
by the owner in Banso), a few logged views, and an expired grant from another company. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from banso.core.records import save_audited
from banso.core.shared_scopes import LOCAL_BENCHMARK, MONITORING_REPORTS, MONITORING_TABLE, PLAN
from banso.demo.base import OWNER_COMPANY
from banso.demo.people import DEMO_PASSWORD, LENDER, SHINKIN
from banso.orgs.models import Membership, Organization
from banso.sharing import domain
from banso.sharing.models import ConsentGrant, ShareAccessLog

EXPIRED_FROM = "株式会社みなと水産加工"


def _lender():
    org, _ = Organization.objects.get_or_create(
        slug=SHINKIN["slug"], defaults={"name": SHINKIN["name"], "kind": SHINKIN["kind"]}
    )
    username, full_name, _, role, _ = LENDER
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"full_name": full_name}
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    membership, _ = Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role})
    return org, user, membership


def build(context: dict) -> None:
    org, lender, lender_membership = _lender()
    context.update(shinkin=org, lender=lender)
    companies = {c.name: c for c in context["bank_companies"]}
    maruyama = companies[OWNER_COMPANY]
    owner = context["users"]["owner"]
    owner_membership = Membership.objects.get(user=owner, organization=maruyama.organization)
    today = domain.today()
    grant = ConsentGrant.objects.filter(company=maruyama, grantee_organization=org).first()
    if grant is None:
        grant = domain.grant_consent(
            maruyama,
            by=owner,
            membership=owner_membership,
            grantee=org,
            scopes=[MONITORING_REPORTS, MONITORING_TABLE, LOCAL_BENCHMARK],
            expires_on=today + dt.timedelta(days=365),
            note="メインバンクとの協調融資にあたり、月次の状況を共有します。",
        )
        for scope, label in (
            (MONITORING_TABLE, "月次モニタリング表"),
            (LOCAL_BENCHMARK, "ローカルベンチマーク"),
        ):
            domain.log_access(
                company=maruyama,
                grant=grant,
                membership=lender_membership,
                user=lender,
                scope=scope,
                action=ShareAccessLog.Action.VIEW,
                object_label=label,
            )
    other = companies.get(EXPIRED_FROM) or next(c for c in context["bank_companies"] if c != maruyama)
    if not ConsentGrant.objects.filter(company=other, grantee_organization=org).exists():
        # A consent of last year that has run out: recorded then, expired now (the domain refuses a
        # new grant whose expiry is already past, so the old one is written as it stood).
        expired = ConsentGrant(
            company=other,
            grantee_organization=org,
            scopes=[MONITORING_REPORTS, PLAN],
            starts_on=today - dt.timedelta(days=400),
            expires_on=today - dt.timedelta(days=35),
            method=ConsentGrant.Method.DOCUMENTED,
            consented_on=today - dt.timedelta(days=402),
            note="前年度の借換え審査のための共有（期限切れ）",
            recorded_by=context["users"]["orgadmin"],
        )
        save_audited(expired, by=context["users"]["orgadmin"])
