"""Two-factor sign-in: required per organization for the support side, optional for everyone,
a code after the password on every sign-in, recovery codes used once, wrong codes in the lock-out,
and every step in the activity log."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from banso.core.models import ActivityLog
from banso.orgs.domain import two_factor

PASSWORD = "correct-horse-battery"
COMPANIES = "/o/minato/companies/"

pytestmark = pytest.mark.django_db


def _code(device, *, steps_ahead=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _set_up(client, user) -> list[str]:
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "data:image/svg+xml" in page  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert re.sub(r"\s", "", two_factor.secret_text(device)) in re.sub(r"\s", "", page)
    response = client.post(reverse("two_factor_setup"), {"code": _code(device)})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())


def test_a_bank_that_requires_it_sends_its_supporter_to_set_it_up_first(org, supporter):
    org.require_two_factor = True
    org.save()
    client = _sign_in("supporter")
    response = client.get(COMPANIES)
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))
    assert client.get("/api/v1/companies").status_code == 401  # the session is never an API credential

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "コードが正しくありません" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=supporter, confirmed=True).exists()

    codes = _set_up(client, supporter)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(COMPANIES).status_code == 200
    assert ActivityLog.objects.filter(code="auth.two_factor.enabled", actor=supporter).exists()


def test_with_an_authenticator_every_sign_in_asks_for_a_code(org, supporter):
    codes = _set_up(_sign_in("supporter"), supporter)
    device = TOTPDevice.objects.get(user=supporter, confirmed=True)

    client = _sign_in("supporter")
    response = client.get(COMPANIES)
    assert response["Location"].startswith(reverse("two_factor_verify"))
    # The authenticator cannot be replaced before the current one is proven.
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(reverse("two_factor_verify"))

    wrong = client.post(reverse("two_factor_verify"), {"code": "123456", "next": COMPANIES})
    assert "コードが正しくありません" in wrong.content.decode()
    assert client.get(COMPANIES).status_code == 302

    right = client.post(
        reverse("two_factor_verify"), {"code": _code(device, steps_ahead=1), "next": COMPANIES}
    )
    assert right["Location"] == COMPANIES
    assert client.get(COMPANIES).status_code == 200

    # A recovery code, typed with full-width characters and spaces, works once.
    recovery = _sign_in("supporter")
    typed = codes[0].upper().replace("-", "－").replace("A", "Ａ") + " "
    assert recovery.post(reverse("two_factor_verify"), {"code": typed})["Location"] == reverse("home")
    again = _sign_in("supporter")
    assert (
        "コードが正しくありません"
        in again.post(reverse("two_factor_verify"), {"code": codes[0]}).content.decode()
    )
    assert two_factor.recovery_codes_left(supporter) == 9
    kinds = set(ActivityLog.objects.filter(actor=supporter).values_list("code", flat=True))
    assert {"auth.two_factor.verified", "auth.two_factor.recovery_used", "auth.two_factor.failed"} <= kinds


def test_wrong_codes_lock_the_sign_in_like_wrong_passwords(org, supporter, settings):
    _set_up(_sign_in("supporter"), supporter)
    client = _sign_in("supporter")
    statuses = [
        client.post(reverse("two_factor_verify"), {"code": "000000"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    device = TOTPDevice.objects.get(user=supporter, confirmed=True)
    locked = client.post(reverse("two_factor_verify"), {"code": _code(device, steps_ahead=1)})
    assert locked.status_code == 429  # even the right code, until the lock-out ends


def test_the_company_side_is_not_forced_and_may_turn_it_off(org, owner):
    org.require_two_factor = True
    org.save()
    client = _sign_in("owner")
    assert client.get(reverse("two_factor")).status_code == 200
    assert client.get(f"/o/minato/companies/{owner.memberships.get().company_id}/").status_code == 200
    _set_up(client, owner)
    assert client.post(reverse("two_factor_disable")).status_code == 302
    assert not TOTPDevice.objects.filter(user=owner).exists()


def test_a_required_second_factor_cannot_be_turned_off(org, supporter):
    org.require_two_factor = True
    org.save()
    client = _sign_in("supporter")
    _set_up(client, supporter)
    response = client.post(reverse("two_factor_disable"), follow=True)
    assert "解除できません" in response.content.decode()
    assert TOTPDevice.objects.filter(user=supporter, confirmed=True).exists()


def test_the_code_page_never_sends_a_user_to_another_site(org, supporter):
    _set_up(_sign_in("supporter"), supporter)
    device = TOTPDevice.objects.get(user=supporter, confirmed=True)
    client = _sign_in("supporter")
    response = client.post(
        reverse("two_factor_verify"), {"code": _code(device, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_the_admin_turns_the_requirement_on_in_the_settings(login, admin_user, org):
    client = login(admin_user)
    page = client.get(reverse("orgs:settings", kwargs={"org": "minato"})).content.decode()
    assert "二段階認証を必須にする" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    client.post(
        reverse("orgs:settings", kwargs={"org": "minato"}),
        {"version": version, "document_era": org.document_era, "require_two_factor": "on"},
    )
    org.refresh_from_db()
    assert org.require_two_factor
    assert (
        ActivityLog.objects.get(code="organization.settings.changed").message
        == "二段階認証を必須にしました。"
    )
