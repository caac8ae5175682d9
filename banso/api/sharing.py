"""/api/v1/companies/{company_id}/consent-grants and /share-log: the consent ledger (同意) through the
same domain functions, permissions and loaders as the 共有（同意） page (banso.sharing).

A grant is created with JSON (the 経営者's own consent) or multipart/form-data (a supporter recording
the owner's documented consent: `consented_on` and the `document` file). Access is checked before the
body is read: another organization's company is 404, a read-only role 403. Revocation names the
version (`version` or If-Match) and is refused when stale (409)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from ninja.responses import Status

from banso.api.common import (
    PRECONDITION_REQUIRED,
    VERSION_HELP,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    paginate,
    required_version,
)
from banso.core.fiscal import DateFormatError, parse_japanese_date
from banso.sharing import domain, queries
from banso.sharing.models import ConsentGrant, ShareAccessLog
from banso.sharing.permissions import ensure_may_manage

router = Router(tags=["sharing"])

MAX_BODY_FIELD = 500


class GrantOut(Schema):
    id: int
    company: int
    grantee_organization: str = Field(description="共有先の機関の URL 名（slug）")
    grantee_organization_name: str
    scopes: list[str] = Field(
        description="monitoring_reports / monitoring_table / plan / cash_flow / local_benchmark"
    )
    starts_on: dt.date
    expires_on: dt.date
    method: str = Field(description="owner: 経営者が Banso で同意 / documented: 書面の同意を支援者が記録")
    consented_on: dt.date
    has_document: bool
    note: str
    recorded_by: int
    state: str = Field(description="live / scheduled / expired / revoked")
    revoked_at: dt.datetime | None
    revoked_by: int | None
    version: int
    created_at: dt.datetime

    @staticmethod
    def of(grant: ConsentGrant) -> GrantOut:
        return GrantOut(
            id=grant.pk,
            company=grant.company_id,
            grantee_organization=grant.grantee_organization.slug,
            grantee_organization_name=grant.grantee_organization.name,
            scopes=list(grant.scopes),
            starts_on=grant.starts_on,
            expires_on=grant.expires_on,
            method=grant.method,
            consented_on=grant.consented_on,
            has_document=bool(grant.document),
            note=grant.note,
            recorded_by=grant.recorded_by_id,
            state=grant.state(domain.today()),
            revoked_at=grant.revoked_at,
            revoked_by=grant.revoked_by_id,
            version=grant.version,
            created_at=grant.created_at,
        )


class GrantPage(Page):
    results: list[GrantOut]


class LogOut(Schema):
    id: int
    at: dt.datetime
    organization: str = Field(description="閲覧した機関の URL 名（slug）")
    organization_name: str
    user: int
    user_name: str
    scope: str
    object: str = Field(description="閲覧・ダウンロードした対象")
    action: str = Field(description="view / download / refused（共有されていない範囲の拒否）")
    grant: int | None

    @staticmethod
    def of(row: ShareAccessLog) -> LogOut:
        return LogOut(
            id=row.pk,
            at=row.at,
            organization=row.organization.slug,
            organization_name=row.organization.name,
            user=row.user_id,
            user_name=row.user.display_name,
            scope=row.scope,
            object=row.object_label,
            action=row.action,
            grant=row.grant_id,
        )


class LogPage(Page):
    results: list[LogOut]


class RevokeIn(Schema):
    model_config = {"extra": "forbid"}

    version: Version | None = Field(None, description=VERSION_HELP)


GRANT_BODY = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["grantee_organization", "scopes", "expires_on"],
                    "properties": {
                        "grantee_organization": {"type": "string", "description": "共有先の機関の URL 名"},
                        "scopes": {"type": "array", "items": {"type": "string"}},
                        "expires_on": {"type": "string", "format": "date"},
                        "note": {"type": "string", "maxLength": MAX_BODY_FIELD},
                    },
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["grantee_organization", "scopes", "expires_on", "consented_on", "document"],
                    "properties": {
                        "grantee_organization": {"type": "string"},
                        "scopes": {"type": "array", "items": {"type": "string"}},
                        "expires_on": {"type": "string", "format": "date"},
                        "consented_on": {"type": "string", "format": "date"},
                        "document": {"type": "string", "format": "binary"},
                        "note": {"type": "string", "maxLength": MAX_BODY_FIELD},
                    },
                }
            },
        }
    }
}


def _date(value, field: str, errors: dict) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 40:
        errors[field] = "日付は 2026-04-01 の形で指定してください。"
        return None
    try:
        return parse_japanese_date(value)
    except DateFormatError as error:
        errors[field] = str(error)
        return None


def _grant_arguments(request) -> dict:
    """The grant's fields from a JSON or multipart body; a malformed one is a 422 naming the field."""
    errors: dict[str, str] = {}
    document = None
    if request.content_type == "multipart/form-data":
        data = request.POST
        scopes = data.getlist("scopes")
        if len(scopes) == 1 and "," in scopes[0]:
            scopes = scopes[0].split(",")
        document = request.FILES.get("document")
        get = data.get
    else:
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError({"body": "本文を JSON として読めません。"}) from None
        if not isinstance(body, dict):
            raise ValidationError({"body": "本文は JSON のオブジェクトで送ってください。"})
        scopes = body.get("scopes") or []
        if not isinstance(scopes, list):
            errors["scopes"] = "scopes は範囲の名前の配列で指定してください。"
            scopes = []
        get = body.get
    grantee = get("grantee_organization")
    if isinstance(grantee, str) and len(grantee) > 50:
        grantee = None
    note = get("note") or ""
    if not isinstance(note, str) or len(note) > MAX_BODY_FIELD:
        errors["note"] = f"メモは{MAX_BODY_FIELD}文字以内の文字列で指定してください。"
    arguments = {
        "grantee": grantee,
        "scopes": [str(s)[:40] for s in scopes[:10]],
        "expires_on": _date(get("expires_on"), "expires_on", errors),
        "consented_on": _date(get("consented_on"), "consented_on", errors),
        "document": document,
        "note": note if isinstance(note, str) else "",
    }
    if get("expires_on") in (None, "") and "expires_on" not in errors:
        errors["expires_on"] = "共有の期限を指定してください。"
    if errors:
        raise ValidationError(errors)
    return arguments


@router.get(
    "/companies/{company_id}/consent-grants",
    response=GrantPage,
    summary="共有の同意の一覧（新しい順。取り消し・期限切れを含む）",
)
def list_grants(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    found = queries.ledger_company_or_404(request.membership, company_id)
    return paginate(queries.grants(found), page, page_size, GrantOut.of)


@router.post(
    "/companies/{company_id}/consent-grants",
    response={201: GrantOut},
    summary="共有の同意を記録する（経営者は JSON、支援者は同意書を添えて multipart）",
    openapi_extra=GRANT_BODY,
)
def create_grant(request, company_id: Id):
    found = queries.ledger_company_or_404(request.membership, company_id)
    ensure_may_manage(request.membership, found)
    grant = domain.grant_consent(
        found, by=request.user, membership=request.membership, **_grant_arguments(request)
    )
    return Status(201, GrantOut.of(grant))


@router.post(
    "/companies/{company_id}/consent-grants/{grant_id}/revoke",
    response=GrantOut,
    summary="共有を取り消す（その時点から共有先は閲覧できません）",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def revoke_grant(request, company_id: Id, grant_id: Id, body: RevokeIn | None = None):
    found = queries.ledger_company_or_404(request.membership, company_id)
    grant = queries.grant_or_404(request.membership, found, grant_id)
    ensure_may_manage(request.membership, found)
    version = required_version(request, body.version if body else None)
    return GrantOut.of(domain.revoke_grant(grant, by=request.user, expected_version=version))


@router.get(
    "/companies/{company_id}/share-log",
    response=LogPage,
    summary="共有データの閲覧記録（誰が・いつ・何を閲覧・ダウンロードしたか。新しい順）",
)
def share_log(request, company_id: Id, page: PageNumber = 1, page_size: PageSize = 100):
    found = queries.ledger_company_or_404(request.membership, company_id)
    return paginate(queries.access_log(found), page, page_size, LogOut.of)
