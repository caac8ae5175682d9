"""The knowledge API: drafting from an engagement, editing with versions, approval, publishing, cases."""

import pytest
from django.test import Client

from banso.knowledge.models import CaseDraft, CaseReviewer
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership

pytestmark = pytest.mark.django_db


def api(user):
    _token, key = create_api_token(Membership.objects.get(user=user), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_draft_patch_approve_publish_and_read(engagement, supporter, admin_user, outsider, network):
    author, reviewer = api(supporter), api(admin_user)
    created = author.post(f"/api/v1/engagements/{engagement.pk}/case-drafts")
    assert created.status_code == 201, created.content
    draft = created.json()
    assert draft["replacements"]["insights"]
    assert draft["remaining_terms"] == {}
    assert "丸山" not in str({k: v for k, v in draft.items() if k not in ("replacements",)})

    url = f"/api/v1/case-drafts/{draft['id']}"
    assert author.patch(url, {"lessons": "x"}, content_type="application/json").status_code == 428
    patched = author.patch(
        url, {"lessons": "佐々木さんに任せた", "version": 1}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert patched.json()["remaining_terms"] == {"支援者への教訓": ["佐々木 健二"]}
    stale = author.patch(url, {"lessons": "y", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert "他の方が更新しました" in stale.json()["detail"]
    fixed = author.patch(url, {"lessons": "工場長に任せた", "version": 2}, content_type="application/json")
    version = fixed.json()["version"]
    submitted = author.post(f"{url}/submit", {"version": version}, content_type="application/json")
    assert submitted.status_code == 200
    own = author.post(f"{url}/approve", {"version": version + 1}, content_type="application/json")
    assert own.status_code == 403
    approved = reviewer.post(f"{url}/approve", {"version": version + 1}, content_type="application/json")
    assert approved.status_code == 200, approved.content
    published = author.post(
        f"{url}/publish",
        {"scope": "network", "network": network.pk, "version": version + 2},
        content_type="application/json",
    )
    assert published.status_code == 201, published.content
    case_id = published.json()["id"]

    reader = api(outsider)
    listing = reader.get("/api/v1/cases").json()
    assert [c["id"] for c in listing["results"]] == [case_id]
    case = reader.get(f"/api/v1/cases/{case_id}").json()
    assert "engagement" not in str(case.keys()) and "company" not in str(case.keys())
    assert reader.get(url).status_code == 404


def test_refusals(engagement, supporter, admin_user, colleague, owner, outsider, network):
    assert api(colleague).post(f"/api/v1/engagements/{engagement.pk}/case-drafts").status_code == 404
    assert api(outsider).post(f"/api/v1/engagements/{engagement.pk}/case-drafts").status_code == 404
    assert api(owner).post(f"/api/v1/engagements/{engagement.pk}/case-drafts").status_code == 404
    draft = api(supporter).post(f"/api/v1/engagements/{engagement.pk}/case-drafts").json()
    url = f"/api/v1/case-drafts/{draft['id']}"
    unapproved = api(supporter).post(
        f"{url}/publish", {"scope": "organization", "version": 1}, content_type="application/json"
    )
    assert unapproved.status_code == 400
    assert "承認されていない" in unapproved.json()["detail"]
    assert api(colleague).get(url).status_code == 404
    assert api(outsider).get(url).status_code == 404
    assert api(owner).get("/api/v1/cases").status_code == 404
    assert api(supporter).get("/api/v1/cases/999999").status_code == 404
    CaseReviewer.objects.create(organization=engagement.company.organization, user=colleague)
    assert api(colleague).get(url).status_code == 200
    extra = api(supporter).patch(url, {"source_company_id": 1, "version": 1}, content_type="application/json")
    assert extra.status_code == 422
    assert CaseDraft.objects.get().version == 1
