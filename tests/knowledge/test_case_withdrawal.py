"""取り下げ: a published case withdrawn by its author or the publishing organization's 管理者 / reviewer
disappears from the lists, the search and the similar cases at once; another organization gets 404."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from banso.core.errors import ConflictError
from banso.core.models import ActivityLog, Notification
from banso.knowledge import queries, search_index, similar
from banso.knowledge.domain import cases as domain
from banso.knowledge.models import CaseDraft, CaseReviewer, CaseStatus, PublishedCase, SearchDocument
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.conftest import client_for
from tests.knowledge.test_cases import approved, m

pytestmark = pytest.mark.django_db


def published(engagement, supporter, admin_user, network):
    draft = approved(engagement, supporter, admin_user)
    return domain.publish(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        scope="network",
        network_id=network.pk,
    )


def api(user):
    _token, key = create_api_token(Membership.objects.get(user=user), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_withdrawn_case_disappears_everywhere_at_once(engagement, supporter, admin_user, outsider, network):
    case = published(engagement, supporter, admin_user, network)
    reader = m(outsider)
    assert SearchDocument.objects.filter(kind="case", object_id=case.pk).exists()
    assert [c.pk for c in queries.cases_for(reader)] == [case.pk]
    assert [h.object_id for h in search_index.search(reader, "在庫").object_list if h.kind == "case"] == [
        case.pk
    ]
    assert [s.case.pk for s in similar.similar_cases(m(supporter), engagement.pk)] == [case.pk]
    notifications = Notification.objects.count()

    withdrawn = domain.withdraw(
        case_id=case.pk, membership=m(supporter), by=supporter, version=case.version, reason="事業者の希望"
    )

    assert withdrawn.withdrawn_at is not None and withdrawn.version == case.version + 1
    assert not SearchDocument.objects.filter(kind="case", object_id=case.pk).exists()
    assert list(queries.cases_for(reader)) == []
    assert list(queries.cases_for(m(supporter))) == []
    assert [h for h in search_index.search(reader, "在庫").object_list if h.kind == "case"] == []
    assert similar.similar_cases(m(supporter), engagement.pk) == []
    assert (
        client_for(outsider)
        .get(reverse("knowledge:case", kwargs={"org": "sakura", "pk": case.pk}))
        .status_code
        == 404
    )
    assert api(outsider).get(f"/api/v1/cases/{case.pk}").status_code == 404
    draft = CaseDraft.objects.get()
    assert draft.status == CaseStatus.WITHDRAWN
    log = ActivityLog.objects.get(code="knowledge.case.withdrawn")
    assert log.organization_id == case.organization_id
    assert log.data["version"] == case.version and log.data["reason"] == "事業者の希望"
    assert f"版 {case.version}" in log.message
    assert Notification.objects.count() == notifications, "nothing is notified, in or outside the org"
    # the draft's history names the withdrawal
    latest = draft.history.order_by("-history_date").first()
    assert latest.status == CaseStatus.WITHDRAWN and latest.history_user_id == supporter.pk


def test_who_may_withdraw(engagement, supporter, admin_user, colleague, viewer, outsider, network):
    case = published(engagement, supporter, admin_user, network)
    for user in (colleague, viewer, outsider):  # not the author, not a reviewer, another organization
        assert not domain.may_withdraw(m(user), case)
        with pytest.raises(PermissionDenied):
            domain.withdraw(case_id=case.pk, membership=m(user), by=user, version=1, reason="理由")
    assert domain.may_withdraw(m(admin_user), case)
    assert domain.may_withdraw(m(supporter), case)
    CaseReviewer.objects.create(organization=case.organization, user=colleague)
    assert domain.may_withdraw(m(colleague), case)
    with pytest.raises(ValidationError):
        domain.withdraw(case_id=case.pk, membership=m(colleague), by=colleague, version=1, reason="  ")
    with pytest.raises(ConflictError):
        domain.withdraw(case_id=case.pk, membership=m(colleague), by=colleague, version=9, reason="理由")
    domain.withdraw(case_id=case.pk, membership=m(colleague), by=colleague, version=1, reason="古い内容")
    assert PublishedCase.objects.get().withdrawn_by == colleague


def test_the_api_withdraws_with_a_version_and_a_reason(
    engagement, supporter, admin_user, colleague, outsider, network
):
    case = published(engagement, supporter, admin_user, network)
    url = f"/api/v1/cases/{case.pk}/withdraw"
    body = {"version": case.version, "reason": "事業者の希望"}
    assert api(outsider).post(url, body, content_type="application/json").status_code == 403
    assert api(colleague).post(url, body, content_type="application/json").status_code == 403
    author = api(supporter)
    assert author.post(url, {"reason": "x"}, content_type="application/json").status_code == 428
    assert author.post(url, {"version": 1}, content_type="application/json").status_code == 422
    stale = author.post(url, {"version": 7, "reason": "x"}, content_type="application/json")
    assert stale.status_code == 409
    done = author.post(url, body, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["version"] == case.version + 1
    assert done.json()["case_draft"] == CaseDraft.objects.get().pk
    assert author.post(url, body, content_type="application/json").status_code == 404
    assert author.get("/api/v1/cases").json()["results"] == []


def test_the_page_asks_for_a_reason_and_confirmation(engagement, supporter, admin_user, viewer, network):
    case = published(engagement, supporter, admin_user, network)
    client = client_for(admin_user)
    detail = client.get(reverse("knowledge:case", kwargs={"org": "minato", "pk": case.pk})).content.decode()
    url = reverse("knowledge:case_withdraw", kwargs={"org": "minato", "pk": case.pk})
    assert url in detail
    assert (
        url
        not in client_for(viewer)
        .get(reverse("knowledge:case", kwargs={"org": "minato", "pk": case.pk}))
        .content.decode()
    )
    confirm = client.get(url)
    assert confirm.status_code == 200 and "事例を取り下げますか" in confirm.content.decode()
    empty = client.post(url, {"version": case.version, "reason": ""})
    assert empty.status_code == 400 and "取り下げの理由を入力" in empty.content.decode()
    assert PublishedCase.objects.get().withdrawn_at is None
    done = client.post(url, {"version": case.version, "reason": "<script>x</script>掲載の取りやめ"})
    draft = CaseDraft.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/knowledge/drafts/{draft.pk}/")
    page = client.get(done["Location"]).content.decode()
    assert "取り下げ" in page and "&lt;script&gt;x&lt;/script&gt;掲載の取りやめ" in page
    assert "<script>x</script>" not in page
    assert client.get(url).status_code == 404
