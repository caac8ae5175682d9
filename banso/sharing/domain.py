"""Business actions of the consent ledger: grant, revoke, and log a grantee's access.

Every grant and revocation is audited (field history through `save_audited`, an activity-log entry
`sharing.*` on the company); every view, download and refused attempt of a grantee's member is one
`ShareAccessLog` row the owner and the supporter read on the 共有（同意） page.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from banso.core.errors import DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.core.roles import COMPANY_SIDE_ROLES, Role
from banso.core.shared_scopes import SCOPE_LABELS, scope_choices, scope_label
from banso.orgs.models import Organization
from banso.sharing.documents import check_document
from banso.sharing.models import ConsentGrant, ShareAccessLog

# A grant lasts at most this long (*Banso rule*): consent is renewed, never open-ended.
MAX_GRANT_DAYS = 3 * 366
UNKNOWN_ORGANIZATION = "共有先の機関が見つかりません。Banso に登録されている機関を一覧から選んでください。"
SAME_ORGANIZATION = (
    "自分の支援機関には共有できません（すでに閲覧できます）。共有先には別の機関を選んでください。"
)
ALREADY_REVOKED = "この共有はすでに取り消されています。"


def today() -> dt.date:
    return timezone.localdate()


def resolve_grantee(company, value) -> Organization:
    """The grantee organization by slug (or id): unknown, or the company's own organization, refused."""
    organization = None
    if isinstance(value, Organization):
        organization = value
    elif isinstance(value, int) and not isinstance(value, bool):
        organization = Organization.objects.filter(pk=value).first()
    elif isinstance(value, str) and value.strip() and len(value) <= 50:
        text = value.strip()
        organization = Organization.objects.filter(slug=text).first()
        if organization is None and text.isdigit() and len(text) <= 15:
            organization = Organization.objects.filter(pk=int(text)).first()
    if organization is None:
        raise ValidationError({"grantee_organization": UNKNOWN_ORGANIZATION})
    if organization.pk == company.organization_id:
        raise ValidationError({"grantee_organization": SAME_ORGANIZATION})
    return organization


def _check_scopes(scopes) -> list[str]:
    offered = {code for code, _ in scope_choices()}
    chosen = [str(s) for s in (scopes or [])]
    if not chosen:
        raise ValidationError({"scopes": "共有する範囲を1つ以上選んでください。"})
    unknown = [s for s in chosen if s not in offered]
    if unknown:
        raise ValidationError({"scopes": f"共有できない範囲です: {'、'.join(u[:40] for u in unknown[:5])}"})
    return [code for code in SCOPE_LABELS if code in chosen]


@transaction.atomic
def grant_consent(
    company,
    *,
    by,
    membership,
    grantee,
    scopes,
    expires_on: dt.date,
    starts_on: dt.date | None = None,
    consented_on: dt.date | None = None,
    document=None,
    note: str = "",
) -> ConsentGrant:
    """Record a grant. The owner (経営者) grants in Banso (consent date today, no document); 管理者 and
    支援者 record the owner's documented consent (consent date and document required). Refused: an
    unknown or the same organization, no scope, an expiry in the past or before the start, more than
    MAX_GRANT_DAYS. Side effects: one ConsentGrant (+ history), activity log `sharing.grant.created`."""
    now = today()
    errors: dict[str, str] = {}
    try:
        grantee_org = resolve_grantee(company, grantee)
    except ValidationError as error:
        errors.update({k: v[0].message for k, v in error.error_dict.items()})
        grantee_org = None
    try:
        chosen = _check_scopes(scopes)
    except ValidationError as error:
        errors.update({k: v[0].message for k, v in error.error_dict.items()})
        chosen = []
    starts_on = starts_on or now
    if expires_on is None:
        errors["expires_on"] = "共有の期限を入力してください。"
    elif expires_on < now:
        errors["expires_on"] = "共有の期限が過去の日付です。今日以降の日付を入力してください。"
    elif expires_on < starts_on:
        errors["expires_on"] = "共有の期限は開始日以降の日付にしてください。"
    elif (expires_on - starts_on).days > MAX_GRANT_DAYS:
        errors["expires_on"] = (
            "共有の期限は開始日から3年以内にしてください（必要なら期限の前に改めて同意を記録します）。"
        )
    if membership.role in COMPANY_SIDE_ROLES:
        if membership.role != Role.OWNER:
            raise DomainError("共有の同意は経営者だけが行えます。")
        method = ConsentGrant.Method.OWNER
        consented_on = now
        document = None
    else:
        method = ConsentGrant.Method.DOCUMENTED
        if consented_on is None:
            errors["consented_on"] = "経営者が同意した日を入力してください（書面の日付）。"
        elif consented_on > now:
            errors["consented_on"] = "同意した日に未来の日付は入力できません。"
        if document is None:
            errors["document"] = "経営者の同意を示す書面（同意書の PDF・写真）を添付してください。"
        else:
            try:
                check_document(document)
            except ValidationError as error:
                errors.update({k: v[0].message for k, v in error.error_dict.items()})
    if errors:
        raise ValidationError(errors)
    grant = ConsentGrant(
        company=company,
        grantee_organization=grantee_org,
        scopes=chosen,
        starts_on=starts_on,
        expires_on=expires_on,
        method=method,
        consented_on=consented_on,
        note=(note or "").strip()[:500],
        recorded_by=by,
    )
    if document is not None:
        grant.document_name = (getattr(document, "name", "") or "同意書")[-255:]
        grant.document_size = document.size
        grant.document.save(grant.document_name, document, save=False)
    save_audited(grant, by=by)
    labels = "、".join(scope_label(s) for s in chosen)
    log_company_event(
        company,
        code="sharing.grant.created",
        message=f"{grantee_org.name}に「{labels}」を{expires_on:%Y/%m/%d}まで共有しました（{grant.get_method_display()}）。",
        by=by,
        data={
            "grant": grant.pk,
            "grantee": grantee_org.pk,
            "scopes": chosen,
            "expires_on": expires_on.isoformat(),
        },
    )
    return grant


@transaction.atomic
def revoke_grant(grant: ConsentGrant, *, by, expected_version: int | None) -> ConsentGrant:
    """Revoke at once (the grantee's next request is a 404). Version-checked; revoking twice is
    refused. Side effects: revoked_at/by, version + history, activity log `sharing.grant.revoked`."""
    current = locked(ConsentGrant, grant.pk, expected_version)
    if current.revoked_at is not None:
        raise DomainError(ALREADY_REVOKED)
    current.revoked_at = timezone.now()
    current.revoked_by = by
    save_audited(current, by=by, bump_version=True)
    log_company_event(
        current.company,
        code="sharing.grant.revoked",
        message=f"{current.grantee_organization.name}への共有を取り消しました。",
        by=by,
        data={"grant": current.pk, "grantee": current.grantee_organization_id},
    )
    return current


def log_access(*, company, grant, membership, user, scope: str, action: str, object_label: str = ""):
    """One access-log row (a grantee's view, download, or a refused attempt)."""
    return ShareAccessLog.objects.create(
        company=company,
        grant=grant,
        organization_id=membership.organization_id,
        user=user,
        scope=scope[:40],
        object_label=(object_label or "")[:300],
        action=action,
    )
