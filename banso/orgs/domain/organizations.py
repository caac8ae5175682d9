"""Business actions on memberships and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from banso.core.models import log_activity
from banso.core.records import locked
from banso.core.roles import is_org_admin
from banso.orgs.models import ApiToken, DocumentEra, Membership, Organization, User, hash_token

TOKEN_BYTES = 32


def create_api_token(
    membership: Membership, *, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for this membership and return it with the raw key (shown once, never stored).

    Side effects: one ApiToken row; an `api.token.created` activity entry.
    """
    raw = "bns_" + secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken(
        membership=membership,
        name=name.strip() or "API トークン",
        key_prefix=raw[: ApiToken.PREFIX_LENGTH],
        key_hash=hash_token(raw),
        expires_at=expires_at,
    )
    token._history_user = membership.user
    token.save()
    log_activity(
        organization_id=membership.organization_id,
        code="api.token.created",
        message=f"API トークン「{token.name}」を作成しました。",
        by=membership.user,
        data={"token_id": token.pk},
    )
    return token, raw


def revoke_api_token(token: ApiToken, *, by) -> None:
    """Revoke a token; requests with it get 401 from now on. Side effect: an activity entry."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = by
        token.save(update_fields=["revoked_at"])
        log_activity(
            organization_id=token.membership.organization_id,
            code="api.token.revoked",
            message=f"API トークン「{token.name}」を失効させました。",
            by=by,
            data={"token_id": token.pk},
        )


def change_password(user: User, *, new_password: str, revoke_api_tokens: bool) -> int:
    """Set the user's new password and, when asked, revoke every API token they hold (tokens are
    not tied to the password, so a leaked one would outlive the change otherwise). Returns how
    many tokens were revoked.

    Side effects: the user row; each revoked token (with its `api.token.revoked` entry); one
    `account.password.changed` entry per organization the user belongs to, saying what happened
    to their tokens there.
    """
    from banso.orgs.queries import usable_tokens_of_user

    user.set_password(new_password)
    user.save(update_fields=["password"])
    tokens = list(usable_tokens_of_user(user))
    revoked = 0
    if revoke_api_tokens:
        for token in tokens:
            revoke_api_token(token, by=user)
            revoked += 1
    for membership in Membership.objects.filter(user=user).only("organization_id"):
        here = [t for t in tokens if t.membership.organization_id == membership.organization_id]
        if not here:
            note = ""
        elif revoke_api_tokens:
            note = f"API トークン{len(here)}件を失効させました。"
        else:
            note = f"API トークン{len(here)}件は有効のままです。"
        log_activity(
            organization_id=membership.organization_id,
            code="account.password.changed",
            message=f"パスワードを変更しました。{note}",
            by=user,
            data={"tokens": len(here), "revoked": len(here) if revoke_api_tokens else 0},
        )
    return revoked


def authenticate_token(raw: str) -> ApiToken | None:
    """The usable token for a raw Bearer value, or None. Side effect: updates last_used_at."""
    if not raw:
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("membership__user", "membership__organization")
        .filter(key_hash=hash_token(raw))
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def remember_organization(user, organization) -> None:
    """Open this organization at the user's next sign-in. Side effect: updates the user row."""
    if user.last_organization_id != organization.pk:
        User.objects.filter(pk=user.pk).update(last_organization=organization)
        user.last_organization_id = organization.pk


SETTINGS_ADMIN_ONLY = "支援機関の設定を変更できるのは管理者だけです。"


def may_change_settings(membership) -> bool:
    """Only the organization's 管理者 sees and changes its settings."""
    return is_org_admin(membership)


def change_organization_settings(
    organization: Organization,
    *,
    membership,
    by,
    expected_version: int,
    document_era: str,
    require_two_factor: bool | None = None,
) -> Organization:
    """Change the organization's settings: how its documents write dates (西暦 or 和暦) and whether
    its support-side members must sign in with two factors.

    Refuses (PermissionDenied) anyone but a 管理者 of this organization, and (ConflictError) when
    someone saved the settings since `expected_version`; nothing is
    written when nothing changes. Side effects: the organization row (version + 1); one
    `organization.settings.changed` activity entry naming the old and new values.
    """
    if not may_change_settings(membership) or membership.organization_id != organization.pk:
        raise PermissionDenied(SETTINGS_ADMIN_ONLY)
    if document_era not in DocumentEra.values:
        raise ValueError(f"unknown document era: {document_era!r}")
    with transaction.atomic():
        current = locked(Organization, organization.pk, expected_version)
        wanted = {"document_era": document_era}
        if require_two_factor is not None:
            wanted["require_two_factor"] = require_two_factor
        changed = {
            key: [getattr(current, key), value]
            for key, value in wanted.items()
            if getattr(current, key) != value
        }
        if not changed:
            return current
        words = []
        if "document_era" in changed:
            before = changed["document_era"][0]
            words.append(
                f"帳票の日付を{DocumentEra(before).label}から{DocumentEra(document_era).label}に変更しました。"
            )
        if "require_two_factor" in changed:
            words.append(
                "二段階認証を必須にしました。" if require_two_factor else "二段階認証の必須を解除しました。"
            )
        for key, (_, value) in changed.items():
            setattr(current, key, value)
        current.version += 1
        current.save(update_fields=[*changed, "version"])
        log_activity(
            organization_id=current.pk,
            code="organization.settings.changed",
            message="".join(words),
            by=by,
            data=changed,
        )
    organization.document_era, organization.version = current.document_era, current.version
    organization.require_two_factor = current.require_two_factor
    return current
