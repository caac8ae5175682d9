"""The owner portal's pages: what the company side sees (and never sees), the owner's PDCA entry
and the supporter seeing it, versions, another company's action, employees."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import STALE_EDIT_MESSAGE
from banso.engagements.models import ActionReview
from banso.monitoring.models import NextMonthAction
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.conftest import client_for
from tests.engagements.factories import DialogueFactory
from tests.portal.conftest import portal_url

pytestmark = pytest.mark.django_db

INTERNAL_TEXTS = (
    "専務との関係を探る（支援者メモ）",  # internal action
    "創業家と古参幹部の関係",  # root issue not agreed
    "社長が権限を手放せない",  # agreed root issue marked internal
    "利益が出ない",  # surface issue
    "傾聴メモ",  # listening notes of a shared dialogue
    "専務の不満は社長に伝えない",  # agreements of an internal dialogue
    "他社のアクション",  # another company's action
)


def pages_text(client, org, pks):
    bodies = []
    for name in ("home", "actions", "goals", "documents"):
        response = client.get(portal_url(org, name))
        assert response.status_code == 200, name
        bodies.append(response.content.decode())
    for pk in pks:
        response = client.get(portal_url(org, "action", pk=pk))
        assert response.status_code == 200
        bodies.append(response.content.decode())
    return "\n".join(bodies)


def test_owner_lands_on_the_portal(org, owner):
    response = client_for(owner).get(reverse("orgs:home", kwargs={"org": org.slug}))
    assert response.status_code == 302
    assert response["Location"] == portal_url(org, "home")


def test_owner_sees_shared_records_and_never_internal_ones(org, owner, portal_world):
    w = portal_world
    text = pages_text(client_for(owner), org, [w.shared_action.pk, w.employee_action.pk])
    for shared in (
        "主要10品目の原価を計算する",
        "朝礼で不良件数を共有する",
        "経営が数字で見える化されていない",
        "3つのアクションを1か月試す",
        "次回、数字の変化を確認する",
    ):
        assert shared in text
    for internal in INTERNAL_TEXTS:
        assert internal not in text
    # No supporter menus, no API token menu, no company list.
    assert "事業者一覧" not in text
    assert "API トークン" not in text


def test_company_side_gets_404_for_internal_and_foreign_actions(org, owner, employee, portal_world):
    w = portal_world
    for pk in (w.internal_action.pk, w.foreign_action.pk):
        assert client_for(owner).get(portal_url(org, "action", pk=pk)).status_code == 404
    # An employee sees only the actions assigned to them.
    assert client_for(employee).get(portal_url(org, "action", pk=w.shared_action.pk)).status_code == 404
    assert client_for(employee).get(portal_url(org, "action", pk=w.employee_action.pk)).status_code == 200


def test_engagement_pages_and_api_stay_closed_to_the_company_side(org, owner, portal_world):
    w = portal_world
    client = client_for(owner)
    url = reverse(
        "engagements:action_detail",
        kwargs={
            "org": org.slug,
            "company_pk": w.engagement.company_id,
            "engagement_pk": w.engagement.pk,
            "pk": w.shared_action.pk,
        },
    )
    assert client.get(url).status_code == 404
    token = create_api_token(Membership.objects.get(user=owner), name="t")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for path in (
        f"/api/v1/engagements/{w.engagement.pk}/actions",
        f"/api/v1/engagements/{w.engagement.pk}/dialogues",
        f"/api/v1/engagements/{w.engagement.pk}/issues",
    ):
        assert client.get(path, **headers).status_code == 404, path


def test_company_history_shows_no_engagement_events(org, owner, supporter, portal_world):
    w = portal_world
    client_for(owner).post(
        portal_url(org, "action", pk=w.shared_action.pk),
        {"version": w.shared_action.version, "status": "in_progress", "result": "6品目まで計算した"},
    )
    history = reverse("companies:history", kwargs={"org": org.slug, "pk": w.engagement.company_id})
    text = client_for(owner).get(history).content.decode()
    assert "振り返りました" not in text
    assert "専務との関係" not in text


def test_owner_records_an_entry_the_supporter_sees(org, owner, supporter, portal_world):
    w = portal_world
    action = w.shared_action
    response = client_for(owner).post(
        portal_url(org, "action", pk=action.pk),
        {
            "version": action.version,
            "status": "in_progress",
            "result": "主要10品目のうち6品目の原価を計算した",
            "learning": "見積の根拠が曖昧な品目ほど赤字だった",
            "next_step": "残り4品目を今月中に",
        },
    )
    assert response.status_code == 302
    review = ActionReview.objects.get(action=action)
    assert review.by_company and review.reviewed_by == owner
    assert review.learning == "見積の根拠が曖昧な品目ほど赤字だった"
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.version == 2
    # The supporter sees it in the action's PDCA history as the company's entry.
    url = reverse(
        "engagements:action_detail",
        kwargs={
            "org": org.slug,
            "company_pk": w.engagement.company_id,
            "engagement_pk": w.engagement.pk,
            "pk": action.pk,
        },
    )
    text = client_for(supporter).get(url).content.decode()
    assert "主要10品目のうち6品目の原価を計算した" in text
    assert "事業者の記入" in text


def test_a_stale_entry_is_refused_and_nothing_is_written(org, owner, portal_world):
    w = portal_world
    client = client_for(owner)
    url = portal_url(org, "action", pk=w.shared_action.pk)
    first = {"version": 1, "status": "in_progress", "result": "一回目"}
    assert client.post(url, first).status_code == 302
    response = client.post(url, {"version": 1, "status": "done", "result": "古い画面から"})
    assert response.status_code == 200
    assert STALE_EDIT_MESSAGE[:20] in response.content.decode()
    assert ActionReview.objects.filter(action=w.shared_action).count() == 1
    w.shared_action.refresh_from_db()
    assert w.shared_action.status == "in_progress"


def test_bad_input_gets_a_japanese_message_and_changes_nothing(org, owner, portal_world):
    w = portal_world
    url = portal_url(org, "action", pk=w.shared_action.pk)
    client = client_for(owner)
    for data in (
        {"version": 1, "status": w.shared_action.status},  # nothing to record
        {"version": 1, "status": "nonsense", "result": "x"},
        {"status": "done", "result": "版なし"},
        {"version": "abc", "status": "done", "result": "x"},
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "form-errors" in response.content.decode()
    assert not ActionReview.objects.filter(action=w.shared_action).exists()


def test_editing_another_companys_or_an_internal_action_is_404(org, owner, employee, portal_world):
    w = portal_world
    data = {"version": 1, "status": "done", "result": "書き換え"}
    for user, pk in (
        (owner, w.foreign_action.pk),
        (owner, w.internal_action.pk),
        (employee, w.shared_action.pk),
    ):
        assert client_for(user).post(portal_url(org, "action", pk=pk), data).status_code == 404
    assert not ActionReview.objects.exists()


def test_employee_updates_their_own_action(org, employee, portal_world):
    w = portal_world
    response = client_for(employee).post(
        portal_url(org, "action", pk=w.employee_action.pk),
        {"version": 1, "status": "done", "result": "毎朝共有できた"},
    )
    assert response.status_code == 302
    assert ActionReview.objects.get(action=w.employee_action).by_company
    text = client_for(employee).get(portal_url(org, "actions")).content.decode()
    assert "朝礼で不良件数を共有する" in text
    assert "主要10品目の原価を計算する" not in text


def test_home_shows_this_months_key_actions_and_the_next_meeting(
    org, owner, company, supporter, portal_world
):
    w = portal_world
    today = timezone.localdate()
    NextMonthAction.objects.create(
        company=company, month=today.replace(day=1), title="新規見込み先への営業訪問"
    )
    NextMonthAction.objects.create(company=company, month=dt.date(2026, 1, 1), title="昔の重点アクション")
    DialogueFactory(
        engagement=w.engagement,
        held_at=timezone.now() + dt.timedelta(days=5),
        title="第3回 タスクチーム",
        agreements="",
    )
    text = client_for(owner).get(portal_url(org, "home")).content.decode()
    assert "新規見込み先への営業訪問" in text
    assert "昔の重点アクション" not in text
    assert "第3回 タスクチーム" in text
    assert "主要10品目の原価を計算する" in text  # due today: this month's action


def test_support_side_does_not_use_the_portal(org, supporter, admin_user, portal_world):
    for user in (supporter, admin_user):
        assert client_for(user).get(portal_url(org, "home")).status_code == 404


def test_the_pages_ask_the_database_the_same_number_of_times_for_more_actions(org, owner, portal_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.engagements.factories import ActionFactory, ActionReviewFactory

    w = portal_world
    client = client_for(owner)

    def count(name):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(portal_url(org, name)).status_code == 200
        return len(queries)

    count("home")  # the first request of a session stores its organization
    before = {name: count(name) for name in ("home", "actions")}
    for n in range(5):
        action = ActionFactory(
            engagement=w.engagement,
            owner=w.owner_person,
            what=f"追加のアクション{n}",
            root_issue=w.agreed_root,
        )
        ActionReviewFactory(action=action, reviewed_on=w.engagement.started_on)
    assert {name: count(name) for name in ("home", "actions")} == before
