"""Sign-in, lock-out, organization resolution, security headers and the Content Security Policy."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from banso.orgs.middleware import SESSION_KEY
from banso.orgs.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.mark.django_db
class TestLogin:
    def test_login_page_is_japanese(self):
        body = Client().get("/accounts/login/").content.decode()
        assert "Banso にログイン" in body
        assert "ユーザー名" in body and "パスワード" in body
        assert '<html lang="ja">' in body

    def test_successful_login_lands_on_the_supporters_home(self, supporter, org):
        response = Client().post(
            "/accounts/login/", {"username": "supporter", "password": PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("home:today", kwargs={"org": "minato"})
        assert "今日やること" in response.content.decode()

    def test_wrong_password_gets_japanese_message(self, supporter):
        response = Client().post("/accounts/login/", {"username": "supporter", "password": "nope"})
        assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()

    def test_lock_out_after_repeated_failures_even_with_the_right_password(self, supporter, settings):
        client = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/accounts/login/", {"username": "supporter", "password": "wrong"})
        response = client.post("/accounts/login/", {"username": "supporter", "password": PASSWORD})
        assert response.status_code == 429
        assert "ログインが一時的に制限されています" in response.content.decode()
        # Another user from the same address is not locked out (lock is per user name and IP).
        UserFactory(username="other")
        assert client.post("/accounts/login/", {"username": "other", "password": PASSWORD}).status_code == 302

    def test_passwords_are_hashed_with_argon2_in_production_settings(self):
        from config import settings as production

        assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")

    def test_logout_requires_post_and_ends_the_session(self, login, supporter):
        client = login(supporter)
        assert client.post("/accounts/logout/").status_code == 302
        assert client.get(reverse("companies:list", kwargs={"org": "minato"})).status_code == 302

    def test_password_change_page_is_japanese(self, login, supporter):
        body = login(supporter).get("/accounts/password_change/").content.decode()
        assert "パスワード変更" in body
        assert "新しいパスワード" in body


@pytest.mark.django_db
class TestOrganizations:
    def test_unknown_organization_in_url_is_404_in_japanese(self, login, supporter):
        response = login(supporter).get("/o/no-such-org/companies/")
        assert response.status_code == 404
        assert "指定された支援機関は見つからないか" in response.content.decode()

    def test_user_switches_between_organizations(self, login, supporter, org):
        second = OrganizationFactory(name="第二商工会", slug="second")
        MembershipFactory(user=supporter, organization=second, role="org_admin")
        client = login(supporter)
        page = client.get(reverse("companies:list", kwargs={"org": "minato"})).content.decode()
        assert "第二商工会" in page  # the switcher lists the other organization
        client.get(reverse("orgs:home", kwargs={"org": "second"}))
        assert client.session[SESSION_KEY] == "second"
        assert client.get("/")["Location"] == reverse("home:today", kwargs={"org": "second"})

    def test_user_without_membership_is_told_what_to_do(self, db):
        user = UserFactory(username="lonely")
        client = Client()
        client.force_login(user)
        assert "所属する支援機関がありません" in client.get("/").content.decode()

    def test_deactivated_membership_loses_access(self, login, supporter, company):
        Membership.objects.filter(user=supporter).update(is_active=False)
        response = login(supporter).get(
            reverse("companies:detail", kwargs={"org": "minato", "pk": company.pk})
        )
        assert response.status_code == 404


@pytest.mark.django_db
class TestHeaders:
    def test_csp_forbids_inline_script_and_style(self, login, supporter):
        response = login(supporter).get(reverse("companies:list", kwargs={"org": "minato"}))
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp

    def test_pages_have_no_inline_script_or_style_attribute(self, login, admin_user, company):
        client = login(admin_user)
        for name, kwargs in [
            ("companies:list", {}),
            ("companies:detail", {"pk": company.pk}),
            ("companies:edit", {"pk": company.pk}),
            ("companies:history", {"pk": company.pk}),
            ("orgs:api_tokens", {}),
        ]:
            body = client.get(reverse(name, kwargs={"org": "minato", **kwargs})).content.decode()
            assert "style=" not in body, name
            for chunk in body.split("<script")[1:]:
                assert chunk.lstrip().startswith(("src=", 'type="application/json"')), name

    def test_security_headers(self, login, supporter):
        response = login(supporter).get(reverse("companies:list", kwargs={"org": "minato"}))
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"

    def test_htmx_is_served_by_the_app_not_a_cdn(self, login, supporter):
        body = login(supporter).get(reverse("companies:list", kwargs={"org": "minato"})).content.decode()
        assert "/static/django_htmx/htmx-2" in body
        # Every script and stylesheet comes from this origin; a random CSRF token may spell "cdn".
        external = re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"', body)
        assert external == []


@pytest.mark.django_db
def test_oversized_form_post_is_413_in_japanese_and_changes_nothing(login, supporter):
    from banso.companies.models import Company

    response = login(supporter).post(
        reverse("companies:create", kwargs={"org": "minato"}),
        {"name": "株式会社大きすぎ", "address": "あ" * (10 * 1024 * 1024 // 3)},
    )
    assert response.status_code == 413
    assert "送信されたデータが大きすぎます" in response.content.decode()
    assert not Company.objects.exists()


@pytest.mark.django_db
class TestPasswordChangeAndTokens:
    URL = "/accounts/password_change/"

    def _change(self, client, old, **extra):
        data = {
            "old_password": old,
            "new_password1": "a-new-long-secret-42",
            "new_password2": "a-new-long-secret-42",
        }
        return client.post(self.URL, data | extra)

    def test_wrong_current_passwords_lock_like_the_sign_in(self, login, supporter, settings):
        client = login(supporter)
        for attempt in range(1, settings.AXES_FAILURE_LIMIT):
            response = self._change(client, "wrong")
            assert response.status_code == 200, attempt
            assert "元のパスワードが間違っています" in response.content.decode()
        response = self._change(client, "wrong")
        assert response.status_code == 429
        assert "一時的に制限されています" in response.content.decode()
        # Locked: even the right current password is refused, and the password stays as it was.
        assert self._change(client, PASSWORD).status_code == 429
        supporter.refresh_from_db()
        assert supporter.check_password(PASSWORD)
        # The same lock-out applies to the sign-in form for that user name and address.
        response = Client().post("/accounts/login/", {"username": "supporter", "password": PASSWORD})
        assert response.status_code == 429

    def test_one_password_across_many_user_names_locks_the_address(self, supporter, settings):
        settings.BANSO_LOGIN_IP_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT + 3
        UserFactory(username="other")
        client = Client()
        for i in range(settings.BANSO_LOGIN_IP_FAILURE_LIMIT - 1):
            client.post("/accounts/login/", {"username": f"guess{i}", "password": "Summer2026!"})
        # Below the address limit a colleague behind the same address still signs in, and that
        # success does not clear the address's count.
        assert (
            client.post("/accounts/login/", {"username": "supporter", "password": PASSWORD}).status_code
            == 302
        )
        Client().post("/accounts/login/", {"username": "guess-last", "password": "Summer2026!"})
        response = Client().post("/accounts/login/", {"username": "other", "password": PASSWORD})
        assert response.status_code == 429
        assert "一時的に制限されています" in response.content.decode()
        # Another address is not affected.
        elsewhere = Client(REMOTE_ADDR="192.0.2.10")
        assert (
            elsewhere.post("/accounts/login/", {"username": "other", "password": PASSWORD}).status_code == 302
        )

    def test_ip_limit_must_be_above_the_per_user_limit(self):
        import subprocess
        import sys

        result = subprocess.run(
            [sys.executable, "-c", "import config.settings"],
            env={
                "BANSO_DEBUG": "true",
                "BANSO_LOGIN_FAILURE_LIMIT": "5",
                "BANSO_LOGIN_IP_FAILURE_LIMIT": "5",
                "PATH": "/usr/bin:/bin",
            },
            capture_output=True,
            text=True,
        )
        assert result.returncode != 0
        assert "BANSO_LOGIN_IP_FAILURE_LIMIT must be higher" in result.stderr

    def _tokens(self, user, n):
        from banso.orgs.domain import create_api_token

        return [create_api_token(user.memberships.get(), name=f"連携{i}")[1] for i in range(n)]

    def test_password_change_offers_revoking_tokens_checked_by_default(self, login, supporter):
        from banso.core.models import ActivityLog

        raw = self._tokens(supporter, 2)
        client = login(supporter)
        body = client.get(self.URL).content.decode()
        assert "有効な API トークン（2件）をすべて失効させる" in body
        assert re.search(r'<input type="checkbox" name="revoke_api_tokens"[^>]* checked>', body)
        response = self._change(client, PASSWORD, revoke_api_tokens="on")
        assert response.status_code == 302
        assert "API トークン2件を失効させました" in client.get(response["Location"]).content.decode()
        for key in raw:
            assert Client().get("/api/v1/companies", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
        entry = ActivityLog.objects.get(code="account.password.changed")
        assert (entry.actor, entry.message) == (
            supporter,
            "パスワードを変更しました。API トークン2件を失効させました。",
        )
        assert entry.data == {"tokens": 2, "revoked": 2}
        # The session survives the change; the new password works.
        supporter.refresh_from_db()
        assert supporter.check_password("a-new-long-secret-42")
        assert client.get(self.URL).status_code == 200

    def test_password_change_can_keep_tokens_and_says_so(self, login, supporter):
        from banso.core.models import ActivityLog

        (key,) = self._tokens(supporter, 1)
        response = self._change(login(supporter), PASSWORD)  # box unticked: not in the POST
        assert response.status_code == 302
        assert Client().get("/api/v1/companies", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
        entry = ActivityLog.objects.get(code="account.password.changed")
        assert entry.message == "パスワードを変更しました。API トークン1件は有効のままです。"

    def test_without_tokens_the_choice_is_not_shown(self, login, supporter):
        assert "revoke_api_tokens" not in login(supporter).get(self.URL).content.decode()
