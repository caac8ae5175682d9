"""API tokens: created and revoked in the UI, created by command; only a hash is stored."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from banso.orgs.models import ApiToken, Membership, hash_token
from tests.factories import MembershipFactory, OrganizationFactory

TOKENS = reverse("orgs:api_tokens", kwargs={"org": "minato"})


@pytest.mark.django_db
class TestTokenPages:
    def test_user_creates_a_token_that_is_shown_once_and_works(self, login, supporter, company):
        client = login(supporter)
        response = client.post(TOKENS, {"name": "融資管理システム", "expires_in_days": "90"})
        raw = response.context["new_key"]
        assert raw.startswith("bns_")
        token = ApiToken.objects.get()
        assert token.key_hash == hash_token(raw)
        assert raw not in str(token.__dict__)
        assert raw not in client.get(TOKENS).content.decode()  # not shown again
        api = Client().get("/api/v1/companies", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert api.status_code == 200

    def test_user_revokes_a_token(self, login, supporter, company):
        client = login(supporter)
        raw = client.post(TOKENS, {"name": "一時利用", "expires_in_days": "0"}).context["new_key"]
        token = ApiToken.objects.get()
        response = client.post(reverse("orgs:api_token_revoke", kwargs={"org": "minato", "pk": token.pk}))
        assert response.status_code == 302
        assert Client().get("/api/v1/companies", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
        assert "失効済み" in client.get(TOKENS).content.decode()

    def test_another_users_token_cannot_be_revoked(self, login, supporter, colleague, company):
        raw = login(supporter).post(TOKENS, {"name": "本人", "expires_in_days": "0"}).context["new_key"]
        token = ApiToken.objects.get()
        response = login(colleague).post(
            reverse("orgs:api_token_revoke", kwargs={"org": "minato", "pk": token.pk})
        )
        assert response.status_code == 404
        assert Client().get("/api/v1/companies", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


@pytest.mark.django_db
class TestCreateApiTokenCommand:
    def test_prints_only_the_token_on_one_line(self, supporter, company, capsys):
        call_command("create_api_token", "supporter")
        out = capsys.readouterr().out
        assert out.count("\n") == 1
        raw = out.strip()
        assert Client().get("/api/v1/companies", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["count"] == 1

    def test_unknown_user_is_a_japanese_error(self, db):
        with pytest.raises(CommandError, match="見つからない"):
            call_command("create_api_token", "nobody")

    def test_several_organizations_need_org(self, supporter, org):
        MembershipFactory(user=supporter, organization=OrganizationFactory(slug="second"), role="viewer")
        with pytest.raises(CommandError, match="--org"):
            call_command("create_api_token", "supporter")
        call_command("create_api_token", "supporter", "--org", "second")
        assert ApiToken.objects.get().membership == Membership.objects.get(
            user=supporter, organization__slug="second"
        )
