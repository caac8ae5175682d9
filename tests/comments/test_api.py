"""The comments and notifications API: the same rules as the pages (404 for what is not yours to see,
403 for a viewer or someone else's comment, 428 / 409 on delete), paging and mark-read."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from banso.comments.models import Comment
from banso.core.models import Notification
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>"


def _api(user):
    _, raw = create_api_token(Membership.objects.get(user=user), name="test")
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def call(method, path, body=None, **extra):
        return client.generic(
            method,
            f"/api/v1{path}",
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            **headers,
            **extra,
        )

    return call


def test_owner_comments_and_supporter_reads_replies_and_is_notified(owner, supporter, portal_world):
    action = portal_world.shared_action
    as_owner, as_supporter = _api(owner), _api(supporter)
    created = as_owner("POST", f"/comments/action/{action.pk}", {"body": HOSTILE})
    assert created.status_code == 201
    data = created.json()
    assert (data["author_side"], data["body"], data["deleted"], data["version"]) == (
        "company",
        HOSTILE,
        False,
        1,
    )
    listed = as_supporter("GET", f"/comments/action/{action.pk}").json()
    assert listed["count"] == 1 and listed["results"][0]["body"] == HOSTILE
    notes = as_supporter("GET", "/notifications?unread_only=true").json()
    assert notes["count"] == 1 and notes["results"][0]["kind"] == "comment"
    note_id = notes["results"][0]["id"]
    read = as_supporter("POST", f"/notifications/{note_id}/read").json()
    assert read == {"marked": 1, "unread": 0}
    assert as_supporter("POST", f"/notifications/{note_id}/read").json()["marked"] == 0


def test_owner_gets_404_on_another_companys_and_an_internal_action(owner, portal_world):
    as_owner = _api(owner)
    for action in (portal_world.foreign_action, portal_world.internal_action):
        assert as_owner("GET", f"/comments/action/{action.pk}").status_code == 404
        assert as_owner("POST", f"/comments/action/{action.pk}", {"body": "x"}).status_code == 404
    assert as_owner("GET", "/comments/unknown/1").status_code == 404
    assert not Comment.objects.exists()


def test_company_side_never_lists_a_comment_on_an_internal_record(owner, supporter, portal_world):
    internal = portal_world.internal_action
    assert _api(supporter)("POST", f"/comments/action/{internal.pk}", {"body": "内部メモ"}).status_code == 201
    assert _api(owner)("GET", f"/comments/action/{internal.pk}").status_code == 404
    assert not Notification.objects.filter(recipient=owner).exists()


def test_bad_bodies_are_422_and_write_nothing(owner, portal_world):
    as_owner = _api(owner)
    url = f"/comments/action/{portal_world.shared_action.pk}"
    assert as_owner("POST", url, {"body": ""}).status_code == 422
    assert as_owner("POST", url, {"body": "あ" * 2001}).status_code == 422
    blank = as_owner("POST", url, {"body": "   "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["message"] == "コメントを入力してください。"
    assert not Comment.objects.exists()


def test_delete_names_its_version_and_only_the_author(owner, supporter, portal_world):
    as_owner, as_supporter = _api(owner), _api(supporter)
    comment_id = as_owner(
        "POST", f"/comments/action/{portal_world.shared_action.pk}", {"body": "消す"}
    ).json()["id"]
    path = f"/comments/items/{comment_id}/delete"
    assert as_supporter("POST", path, {"version": 1}).status_code == 403
    assert as_owner("POST", path).status_code == 428
    assert as_owner("POST", path, {"version": 5}).status_code == 409
    deleted = as_owner("POST", path, HTTP_IF_MATCH='"1"')
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True and deleted.json()["body"] == ""
    listed = as_supporter("GET", f"/comments/action/{portal_world.shared_action.pk}").json()
    assert listed["results"][0]["deleted"] is True and listed["results"][0]["body"] == ""


def test_lender_and_outsider_get_404(lender, outsider, supporter, portal_world):
    action = portal_world.shared_action
    _api(supporter)("POST", f"/comments/action/{action.pk}", {"body": "x"})
    for user in (lender, outsider):
        call = _api(user)
        assert call("GET", f"/comments/action/{action.pk}").status_code == 404
        assert call("POST", f"/comments/action/{action.pk}", {"body": "x"}).status_code == 404
    assert Comment.objects.count() == 1


def test_someone_elses_notification_is_404_and_read_all(owner, supporter, portal_world):
    _api(owner)("POST", f"/comments/action/{portal_world.shared_action.pk}", {"body": "x"})
    note = Notification.objects.get(recipient=supporter)
    assert _api(owner)("POST", f"/notifications/{note.pk}/read").status_code == 404
    as_supporter = _api(supporter)
    assert as_supporter("POST", "/notifications/read", {"until": "2000-01-01T00:00:00+09:00"}).json() == {
        "marked": 0,
        "unread": 1,
    }
    assert as_supporter("POST", "/notifications/read", {"until": "yesterday"}).status_code == 422
    assert as_supporter("POST", "/notifications/read").json() == {"marked": 1, "unread": 0}
