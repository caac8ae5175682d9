"""/api/v1/engagements/{id}/actions (+ reviews), /referrals, /follow-ups, /outcome-baseline and
/support-bodies: api.md names, the access rule, the audit trail, 409 on a stale version, 422 in Japanese."""

import datetime as dt

import pytest

from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.models import Action, ActionReview, FollowUp, Referral, SupportBody
from tests.api.test_companies_api import Api, token_for
from tests.engagements.factories import (
    START,
    EngagementFactory,
    IssueNodeFactory,
    StakeholderFactory,
    SupportBodyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(company, supporter):
    return domain.start_engagement(company, by=supporter, started_on=START)


@pytest.fixture
def leader(engagement):
    return StakeholderFactory(engagement=engagement, name="佐藤 健", role="field_leader")


@pytest.fixture
def api_as():
    return lambda user: Api(token_for(user))


def base(engagement):
    return f"/api/v1/engagements/{engagement.pk}"


class TestActions:
    def test_create_read_list_with_api_md_names_and_audit(self, api_as, supporter, engagement, leader):
        root = IssueNodeFactory(engagement=engagement, kind="root", text="原価が見えていない")
        response = api_as(supporter).post(
            f"{base(engagement)}/actions",
            {
                "owner": leader.pk,
                "due_on": "2026-05-31",
                "what": "主要10品目の原価を計算する",
                "how_much": "売上上位10品目",
                "expected_effect": "赤字受注をなくす",
                "expected_value": 10,
                "expected_unit": "品目",
                "root_issue": root.pk,
            },
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert {
            k: body[k]
            for k in ("owner", "owner_name", "due_on", "status", "root_issue", "expected_value", "version")
        } == {
            "owner": leader.pk,
            "owner_name": "佐藤 健",
            "due_on": "2026-05-31",
            "status": "not_started",
            "root_issue": root.pk,
            "expected_value": 10.0,
            "version": 1,
        }
        assert body["is_overdue"] is True and body["reviews"] == []
        action = Action.objects.get()
        assert action.history.latest().history_user == supporter
        assert ActivityLog.objects.filter(code="engagement.action.created", actor=supporter).exists()
        listed = api_as(supporter).get(f"{base(engagement)}/actions").json()
        assert (listed["count"], [a["id"] for a in listed["results"]]) == (1, [action.pk])
        assert (
            api_as(supporter).get(f"{base(engagement)}/actions/{action.pk}").json()["what"]
            == "主要10品目の原価を計算する"
        )

    def test_a_due_date_before_the_start_and_a_foreign_owner_are_422_in_japanese(
        self, api_as, supporter, engagement, leader
    ):
        api = api_as(supporter)
        early = api.post(
            f"{base(engagement)}/actions", {"owner": leader.pk, "due_on": "2026-03-31", "what": "x"}
        )
        assert early.status_code == 422
        assert early.json()["errors"] == [
            {
                "field": "due_on",
                "message": "案件の開始日（2026年4月1日）より前の日付は入力できません。"
                "日付を確かめるか、案件の開始日を見直してください。",
            }
        ]
        stranger = StakeholderFactory(name="他案件の人")
        foreign = api.post(
            f"{base(engagement)}/actions", {"owner": stranger.pk, "due_on": "2026-05-01", "what": "x"}
        )
        assert foreign.status_code == 422
        assert foreign.json()["errors"][0]["message"] == "担当者は、この案件の関係者から選んでください。"
        bad_status = api.post(
            f"{base(engagement)}/actions",
            {"owner": leader.pk, "due_on": "2026-05-01", "what": "x", "status": "paused"},
        )
        assert bad_status.status_code == 422 and bad_status.json()["detail"].startswith(
            "入力内容に誤りがあります"
        )
        assert not Action.objects.exists()

    def test_patch_with_a_stale_version_is_409(self, api_as, supporter, admin_user, engagement, leader):
        action = domain.create_action(engagement, by=supporter, owner=leader, what="朝礼", due_on=START)
        api = api_as(supporter)
        ok = api.patch(f"{base(engagement)}/actions/{action.pk}", {"status": "in_progress", "version": 1})
        assert (ok.status_code, ok.json()["version"], ok.json()["status"]) == (200, 2, "in_progress")
        stale = api_as(admin_user).patch(
            f"{base(engagement)}/actions/{action.pk}", {"what": "上書き", "version": 1}
        )
        assert stale.status_code == 409
        assert stale.json()["detail"].startswith("この内容は、編集を始めた後に他の方が更新しました。")
        assert Action.objects.get().what == "朝礼"

    def test_reviews_are_a_nested_resource_and_keep_the_history(self, api_as, supporter, engagement, leader):
        action = domain.create_action(engagement, by=supporter, owner=leader, what="朝礼", due_on=START)
        api = api_as(supporter)
        url = f"{base(engagement)}/actions/{action.pk}/reviews"
        first = api.post(
            url,
            {
                "reviewed_on": "2026-05-01",
                "status": "in_progress",
                "result": "18日実施",
                "small_success": True,
                "version": 1,
            },
        )
        assert first.status_code == 201, first.json()
        second = api.post(
            url, {"reviewed_on": "2026-06-01", "status": "done", "learning": "習慣になった", "version": 2}
        )
        assert second.status_code == 201
        history = api.get(url).json()
        assert history["count"] == 2
        assert [(r["reviewed_on"], r["status"], r["small_success"]) for r in history["results"]] == [
            ("2026-05-01", "in_progress", True),
            ("2026-06-01", "done", False),
        ]
        action_body = api.get(f"{base(engagement)}/actions/{action.pk}").json()
        assert (action_body["status"], len(action_body["reviews"])) == ("done", 2)
        stale = api.post(url, {"status": "revising", "result": "x", "version": 1})
        assert stale.status_code == 409
        empty = api.post(url, {"status": "done"})
        assert empty.status_code == 400 and "振り返りの内容がありません" in empty.json()["detail"]
        assert ActionReview.objects.count() == 2

    def test_readers_and_foreigners(self, api_as, owner, viewer, outsider, engagement, leader, supporter):
        action = domain.create_action(engagement, by=supporter, owner=leader, what="朝礼", due_on=START)
        assert api_as(viewer).get(f"{base(engagement)}/actions/{action.pk}").status_code == 200
        assert api_as(owner).get(f"{base(engagement)}/actions/{action.pk}").status_code == 404
        refused = api_as(viewer).post(
            f"{base(engagement)}/actions/{action.pk}/reviews", {"status": "done", "result": "x"}
        )
        assert refused.status_code == 403
        foreign = api_as(outsider).get(f"{base(engagement)}/actions")
        assert foreign.status_code == 404 and foreign.json()["detail"].startswith(
            "お探しのデータは見つかりません"
        )
        other = EngagementFactory(company=engagement.company)
        assert api_as(supporter).get(f"{base(other)}/actions/{action.pk}").status_code == 404


class TestReferralsAndDirectory:
    def test_directory_then_referral_lifecycle(self, api_as, supporter, engagement):
        api = api_as(supporter)
        created = api.post(
            "/api/v1/support-bodies",
            {"name": "静岡県よろず支援拠点", "body_type": "yorozu", "region": "静岡県"},
        )
        assert created.status_code == 201
        body_id = created.json()["id"]
        assert created.json()["body_type_name"] == "よろず支援拠点"
        duplicate = api.post(
            "/api/v1/support-bodies", {"name": "静岡県よろず支援拠点", "body_type": "yorozu"}
        )
        assert (
            duplicate.status_code == 409
            and duplicate.json()["detail"] == "同じ名称の橋渡し先がすでに登録されています。"
        )
        referral = api.post(
            f"{base(engagement)}/referrals",
            {"support_body": body_id, "reason": "販路開拓", "referred_on": "2026-06-01"},
        )
        assert referral.status_code == 201
        assert {
            k: referral.json()[k] for k in ("support_body", "support_body_name", "status", "closed_on")
        } == {
            "support_body": body_id,
            "support_body_name": "静岡県よろず支援拠点",
            "status": "planned",
            "closed_on": None,
        }
        closed = api.patch(
            f"{base(engagement)}/referrals/{referral.json()['id']}",
            {"status": "completed", "closed_on": "2026-07-01", "outcome": "展示会に出展", "version": 1},
        )
        assert (closed.status_code, closed.json()["closed_on"], closed.json()["version"]) == (
            200,
            "2026-07-01",
            2,
        )
        assert Referral.objects.get().history.latest().history_user == supporter

    def test_a_body_of_another_organization_is_422_and_the_owner_cannot_see_the_directory(
        self, api_as, supporter, owner, foreign_org, engagement, org
    ):
        foreign_body = SupportBodyFactory(organization=foreign_org)
        response = api_as(supporter).post(
            f"{base(engagement)}/referrals", {"support_body": foreign_body.pk, "reason": "x"}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0] == {
            "field": "support_body",
            "message": "橋渡し先は、自分の支援機関の一覧から選んでください。",
        }
        SupportBodyFactory(organization=org)
        assert api_as(owner).get("/api/v1/support-bodies").status_code == 404
        assert api_as(supporter).get(f"/api/v1/support-bodies/{foreign_body.pk}").status_code == 404
        assert not Referral.objects.exists()

    def test_support_body_patch_checks_the_version(self, api_as, supporter, admin_user, org):
        body = SupportBodyFactory(organization=org)
        api_as(admin_user).patch(f"/api/v1/support-bodies/{body.pk}", {"is_active": False, "version": 1})
        stale = api_as(supporter).patch(f"/api/v1/support-bodies/{body.pk}", {"phone": "053", "version": 1})
        assert stale.status_code == 409
        assert SupportBody.objects.get().is_active is False


class TestFollowUps:
    def test_schedule_record_and_compare_with_the_baseline(self, api_as, supporter, engagement):
        api = api_as(supporter)
        baseline = api.client.put(
            f"{base(engagement)}/outcome-baseline",
            '{"fiscal_year": 2026, "net_sales": 480000000, "employees": 32, "source": "2026年3月期 決算書"}',
            content_type="application/json",
            **api.headers,
        )
        assert baseline.status_code == 200 and baseline.json()["net_sales"] == 480_000_000
        assert api.get(f"{base(engagement)}/outcome-baseline").json()["source"] == "2026年3月期 決算書"
        created = api.post(f"{base(engagement)}/follow-ups", {"scheduled_on": "2026-10-01"})
        assert created.status_code == 201 and created.json()["done_on"] is None
        follow_up_id = created.json()["id"]
        bad = api.patch(
            f"{base(engagement)}/follow-ups/{follow_up_id}",
            {"done_on": "2026-10-02", "runs_own_pdca": 7, "version": 1},
        )
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["message"].startswith("「自らPDCAを回している」の評価は1〜4の範囲")
        recorded = api.patch(
            f"{base(engagement)}/follow-ups/{follow_up_id}",
            {
                "done_on": "2026-10-02",
                "runs_own_pdca": 3,
                "net_sales": 500_000_000,
                "wage_increase_rate": 3.2,
                "version": 1,
            },
        )
        assert recorded.status_code == 200, recorded.json()
        assert {
            k: recorded.json()[k]
            for k in ("runs_own_pdca", "net_sales", "wage_increase_rate", "conducted_by")
        } == {
            "runs_own_pdca": 3,
            "net_sales": 500_000_000,
            "wage_increase_rate": 3.2,
            "conducted_by": supporter.pk,
        }
        assert FollowUp.objects.get().history.latest().history_user == supporter

    def test_a_missing_baseline_is_404_and_viewers_cannot_write(self, api_as, viewer, engagement):
        assert api_as(viewer).get(f"{base(engagement)}/outcome-baseline").status_code == 404
        assert (
            api_as(viewer).post(f"{base(engagement)}/follow-ups", {"scheduled_on": "2026-10-01"}).status_code
            == 403
        )
        assert not FollowUp.objects.exists()

    def test_results_without_a_done_day_are_422(self, api_as, supporter, engagement):
        response = api_as(supporter).post(
            f"{base(engagement)}/follow-ups", {"scheduled_on": "2026-10-01", "staff_ownership": 2}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "done_on"
        assert dt.date(2026, 10, 1) not in set(FollowUp.objects.values_list("scheduled_on", flat=True))
