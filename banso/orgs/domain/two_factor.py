"""Two-factor sign-in (二段階認証): a TOTP authenticator app plus one-time recovery codes (django-otp).

The rule, decided once at sign-in and kept in the session (so a page costs no extra query):
- a user with a confirmed authenticator must enter a code after the password, on every sign-in;
- a support-side member (管理者, 支援者, 閲覧者) of an organization that requires two-factor sign-in
  (`Organization.require_two_factor`, set by its 管理者; banks do) and who has none must set one up
  before any page;
- everyone else may set one up on their own.

Wrong codes count as failed sign-ins in the same lock-out as wrong passwords (orgs.lockout), and every
enable, disable, success and failure is in each of the user's organizations' activity log.
API tokens are separate credentials and are not affected.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from banso.core.models import log_activity
from banso.core.roles import SUPPORT_SIDE_ROLES

SESSION_STATE = "banso_two_factor"
VERIFIED, NEEDS_CODE, NEEDS_SETUP, NOT_REQUIRED = "verified", "needs_code", "needs_setup", "not_required"
RECOVERY_CODE_COUNT = 10


def confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def required_for(user) -> bool:
    return user.memberships.filter(
        is_active=True, role__in=SUPPORT_SIDE_ROLES, organization__require_two_factor=True
    ).exists()


def state_at_sign_in(user) -> str:
    if confirmed_device(user) is not None:
        return NEEDS_CODE
    return NEEDS_SETUP if required_for(user) else NOT_REQUIRED


def start_setup(user):
    """A new, unconfirmed authenticator (replacing an earlier unconfirmed one); its key is shown as a
    QR code and as text until the user proves they stored it by entering a code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=False)


def pending_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def setup_uri(device) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code (issuer: OTP_TOTP_ISSUER)."""
    return device.config_url


def secret_text(device) -> str:
    """The key in base32, in groups of four, for typing into an app without a camera."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm_setup(user, device, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it; on success the earlier authenticator
    and recovery codes are replaced and the new recovery codes returned (shown once)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not _clean(code) or not device.verify_token(_clean(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name="リカバリーコード")
        codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c.replace("-", "")) for c in codes)
        _log(user, "auth.two_factor.enabled", "二段階認証を設定しました。")
    return codes


def verify(user, code: str):
    """The device that accepts the code (authenticator, or a recovery code, used up), else None."""
    from django_otp.plugins.otp_static.models import StaticDevice

    token = _clean(code)
    if not token:
        return None
    device = confirmed_device(user)
    if device is not None and device.verify_is_allowed()[0] and device.verify_token(token):
        _log(user, "auth.two_factor.verified", "二段階認証でログインしました。")
        return device
    for recovery in StaticDevice.objects.filter(user=user):
        if recovery.verify_is_allowed()[0] and recovery.verify_token(token.replace("-", "")):
            left = recovery.token_set.count()
            _log(
                user, "auth.two_factor.recovery_used", f"リカバリーコードでログインしました（残り{left}個）。"
            )
            return recovery
    _log(user, "auth.two_factor.failed", "二段階認証のコードが正しくありませんでした。")
    return None


def disable(user) -> bool:
    """Remove the authenticator and recovery codes; refused where an organization requires them."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if required_for(user):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _log(user, "auth.two_factor.disabled", "二段階認証を解除しました。")
    return True


def recovery_codes_left(user) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user).count()


def _clean(code: str) -> str:
    """Codes as typed on a phone: full-width digits, spaces and hyphens are fine; at most 20 characters."""
    import unicodedata

    text = unicodedata.normalize("NFKC", code or "").replace(" ", "").strip().lower()
    return text[:20] if text.replace("-", "").isalnum() else ""


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _log(user, code: str, message: str) -> None:
    for organization_id in user.memberships.filter(is_active=True).values_list("organization_id", flat=True):
        log_activity(organization_id=organization_id, code=code, message=message, by=user)
