"""Company role rules (permissions.py) and loaders (queries.py) answer the page and the API alike."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from banso.companies.permissions import sees_all_companies
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership

pytestmark = pytest.mark.django_db


def api_for(user):
    _, raw = create_api_token(Membership.objects.get(user=user), name="test")
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    def call(method, path, body=None):
        data = json.dumps(body) if body is not None else ""
        response = client.generic(method, f"/api/v1{path}", data=data, content_type="application/json")
        return response.status_code, (response.json() if response.content else None)

    return call


def test_the_supporter_filter_follows_who_sees_all_companies(login, admin_user, viewer, supporter, owner):
    shown = {}
    for user in (admin_user, viewer, supporter):
        response = login(user).get(reverse("companies:list", kwargs={"org": "minato"}))
        shown[user.username] = response.context["show_supporter_filter"]
        assert shown[user.username] is sees_all_companies(Membership.objects.get(user=user))
    assert shown == {"admin": True, "viewer": True, "supporter": False}
    assert sees_all_companies(Membership.objects.get(user=owner)) is False


def test_a_viewer_may_not_edit_a_company_on_page_or_api(login, viewer, company):
    status, body = api_for(viewer)("PATCH", f"/companies/{company.pk}", {"name": "変更"})
    response = login(viewer).get(reverse("companies:edit", kwargs={"org": "minato", "pk": company.pk}))
    assert (status, response.status_code) == (403, 403)
    assert body["detail"] in response.content.decode()


def test_an_unassigned_supporter_and_an_outsider_get_404_on_page_and_api(login, colleague, outsider, company):
    for user in (colleague, outsider):
        status, _ = api_for(user)("PATCH", f"/companies/{company.pk}", {"name": "変更"})
        response = login(user).get(reverse("companies:edit", kwargs={"org": "minato", "pk": company.pk}))
        assert (user.username, status, response.status_code) == (user.username, 404, 404)
    company.refresh_from_db()
    assert company.name == "有限会社丸山精工"
