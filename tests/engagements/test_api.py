"""/api/v1 engagements, dialogues, issues, wall-assessments and stakeholders: the api.md names, the
same rules as the pages (domain functions), the access rule (404 foreign, 403 read-only), the audit
trail, 409 on a stale version or a duplicate, 422 / 400 with Japanese messages."""

import datetime as dt

import pytest

from banso.core.errors import STALE_EDIT_MESSAGE
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain.issues import CYCLE_MESSAGE
from banso.engagements.domain.suitability import NO_DECISION_MESSAGE
from banso.engagements.models import Dialogue, Engagement, IssueNode, WallAssessment
from tests.api.test_companies_api import Api, token_for
from tests.engagements.conftest import rate_all_points
from tests.engagements.factories import DialogueFactory, EngagementFactory, StakeholderFactory

pytestmark = pytest.mark.django_db
RATINGS = {"unseen": 3, "unfaced": 3, "unexecuted": 2, "unfollowed": 2, "under_resourced": 1}


@pytest.fixture
def api_as():
    return lambda user: Api(token_for(user))


def e_url(engagement, tail=""):
    return f"/api/v1/engagements/{engagement.pk}{tail}"


class TestEngagements:
    def test_start_an_engagement_with_defaults(self, api_as, supporter, admin_user, company):
        response = api_as(supporter).post(
            f"/api/v1/companies/{company.pk}/engagements",
            {"started_on": "2026-04-01", "members": [admin_user.pk], "title": "利益体質への転換"},
        )
        assert response.status_code == 201
        body = response.json()
        assert {
            k: body[k] for k in ("kind", "status", "step", "started_on", "planned_months", "lead_supporter")
        } == {
            "kind": "process",
            "status": "candidate",
            "step": 1,
            "started_on": "2026-04-01",
            "planned_months": 12,
            "lead_supporter": supporter.pk,
        }
        assert (body["members"], body["planned_end_on"], body["step_label"]) == (
            [admin_user.pk],
            "2027-04-01",
            "① 支援対象の見極め",
        )
        assert Engagement.objects.get().history.get().history_user == supporter
        assert ActivityLog.objects.filter(code="engagement.started").count() == 1

    def test_list_reads_and_foreign_is_404(self, api_as, viewer, owner, outsider, company, engagement):
        listed = api_as(viewer).get(f"/api/v1/companies/{company.pk}/engagements").json()
        assert (listed["count"], listed["results"][0]["id"]) == (1, engagement.pk)
        assert api_as(owner).get(f"/api/v1/companies/{company.pk}/engagements").status_code == 404
        assert api_as(outsider).get(e_url(engagement)).status_code == 404
        refused = api_as(outsider).post(f"/api/v1/companies/{company.pk}/engagements", {})
        assert refused.status_code == 404
        assert refused.json()["detail"].startswith("お探しのデータは見つかりません")

    def test_viewer_is_403(self, api_as, viewer, company, engagement):
        response = api_as(viewer).patch(e_url(engagement), {"title": "書き換え"})
        assert response.status_code == 403
        assert "閲覧のみ" in response.json()["detail"]

    def test_step_jump_without_go_is_refused_in_japanese(self, api_as, supporter, engagement):
        response = api_as(supporter).patch(
            e_url(engagement), {"step": 4, "step_reason": "急ぎたい", "version": engagement.version}
        )
        assert (response.status_code, response.json()["detail"]) == (400, NO_DECISION_MESSAGE)
        engagement.refresh_from_db()
        assert engagement.step == 1

    def test_go_then_step_and_status_follow(self, api_as, supporter, engagement):
        domain.advance_step(engagement, by=supporter, reason="把握した", decided_on=dt.date(2026, 4, 2))
        rate_all_points(engagement, supporter)
        domain.decide_suitability(engagement, by=supporter, decision="go", reason="十分")
        engagement.refresh_from_db()
        response = api_as(supporter).patch(
            e_url(engagement), {"step": 3, "step_reason": "Go と判断", "version": engagement.version}
        )
        assert response.status_code == 200
        assert (response.json()["step"], response.json()["status"]) == (3, "active")
        back = api_as(supporter).patch(
            e_url(engagement), {"step": 2, "step_reason": "見直す", "version": response.json()["version"]}
        )
        assert back.json()["step"] == 2

    def test_stale_version_is_409_and_nothing_changes(self, api_as, supporter, engagement):
        api_as(supporter).patch(e_url(engagement), {"title": "一人目", "version": 1})
        response = api_as(supporter).patch(e_url(engagement), {"title": "二人目", "version": 1})
        assert (response.status_code, response.json()["detail"]) == (409, STALE_EDIT_MESSAGE)
        engagement.refresh_from_db()
        assert engagement.title == "一人目"

    def test_cancel_needs_a_reason_then_is_recorded(self, api_as, supporter, engagement):
        refused = api_as(supporter).patch(e_url(engagement), {"status": "cancelled", "version": 1})
        assert (refused.status_code, refused.json()["detail"]) == (400, "中止にする理由を入力してください。")
        done = api_as(supporter).patch(
            e_url(engagement),
            {"status": "cancelled", "status_reason": "社長の入院", "status_on": "2026-05-01", "version": 1},
        )
        assert (done.json()["status"], done.json()["ended_on"]) == ("cancelled", "2026-05-01")

    def test_unknown_kind_is_422_in_japanese(self, api_as, supporter, company):
        response = api_as(supporter).post(
            f"/api/v1/companies/{company.pk}/engagements", {"kind": "consulting"}
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "kind", "message": "指定できない値です。"}]


class TestDialogues:
    def test_record_a_dialogue_in_japan_time_with_participants(self, api_as, supporter, active_engagement):
        person = StakeholderFactory(engagement=active_engagement)
        response = api_as(supporter).post(
            e_url(active_engagement, "/dialogues"),
            {"held_at": "2026-04-20T14:00:00", "participants": [person.pk], "owner_words": "一行目\n二行目"},
        )
        assert response.status_code == 201
        body = response.json()
        assert body["held_at"] == "2026-04-20T14:00:00+09:00"
        assert (body["duration_minutes"], body["form"], body["step"], body["advisors"]) == (
            60,
            "meeting",
            4,
            [supporter.pk],
        )
        assert (body["participants"], body["owner_quotes"]) == ([person.pk], ["一行目", "二行目"])

    def test_participants_of_another_engagement_are_refused(self, api_as, supporter, active_engagement):
        stranger = StakeholderFactory(engagement=EngagementFactory(company=active_engagement.company))
        response = api_as(supporter).post(
            e_url(active_engagement, "/dialogues"),
            {"held_at": "2026-04-20T14:00:00+09:00", "participants": [stranger.pk]},
        )
        assert (response.status_code, response.json()["errors"]) == (
            422,
            [
                {
                    "field": "participants",
                    "message": "参加者（事業者側）は、この案件の関係者から選んでください。",
                }
            ],
        )
        assert not Dialogue.objects.exists()

    def test_before_the_start_is_422_naming_the_field(self, api_as, supporter, active_engagement):
        response = api_as(supporter).post(
            e_url(active_engagement, "/dialogues"), {"held_at": "2026-03-01T10:00:00+09:00"}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "held_at"
        assert "より前の日付は入力できません" in response.json()["errors"][0]["message"]

    def test_second_save_with_a_stale_version_is_409(self, api_as, supporter, admin_user, active_engagement):
        dialogue = DialogueFactory(engagement=active_engagement)
        assert (
            api_as(supporter)
            .patch(
                e_url(active_engagement, f"/dialogues/{dialogue.pk}"), {"insights": "一人目", "version": 1}
            )
            .status_code
            == 200
        )
        response = api_as(admin_user).patch(
            e_url(active_engagement, f"/dialogues/{dialogue.pk}"), {"insights": "二人目", "version": 1}
        )
        assert response.status_code == 409
        dialogue.refresh_from_db()
        assert dialogue.insights == "一人目"

    def test_viewer_reads_owner_does_not_and_another_engagements_dialogue_is_404(
        self, api_as, viewer, owner, active_engagement, company
    ):
        dialogue = DialogueFactory(engagement=active_engagement)
        other = EngagementFactory(company=company)
        assert (
            api_as(viewer).get(e_url(active_engagement, f"/dialogues/{dialogue.pk}")).json()["id"]
            == dialogue.pk
        )
        assert api_as(viewer).get(e_url(other, f"/dialogues/{dialogue.pk}")).status_code == 404
        listed = api_as(viewer).get(e_url(active_engagement, "/dialogues")).json()
        assert [d["id"] for d in listed["results"]] == [dialogue.pk]
        # The listening notes are the support side's record, not the owner's (SupportSideQuerySet).
        assert api_as(owner).get(e_url(active_engagement, f"/dialogues/{dialogue.pk}")).status_code == 404


class TestIssues:
    def test_build_a_tree_to_a_root_issue(self, api_as, supporter, active_engagement):
        client = api_as(supporter)
        dialogue = DialogueFactory(engagement=active_engagement)
        surface = client.post(
            e_url(active_engagement, "/issues"), {"text": "利益が出ない", "dialogues": [dialogue.pk]}
        ).json()
        why = client.post(
            e_url(active_engagement, "/issues"), {"text": "原価が見えない", "parent": surface["id"]}
        ).json()
        assert (surface["kind"], why["kind"], why["parent"], surface["dialogues"]) == (
            "surface",
            "why",
            surface["id"],
            [dialogue.pk],
        )
        root = client.patch(
            e_url(active_engagement, f"/issues/{why['id']}"),
            {"kind": "root", "agreed_on": "2026-05-17", "version": 1},
        ).json()
        assert (root["kind"], root["agreed_on"], root["version"]) == ("root", "2026-05-17", 2)
        listed = client.get(e_url(active_engagement, "/issues")).json()
        assert [n["text"] for n in listed["results"]] == ["利益が出ない", "原価が見えない"]

    def test_a_cycle_is_refused_with_the_rules_message(self, api_as, supporter, active_engagement):
        surface = domain.add_issue_node(active_engagement, by=supporter, text="利益が出ない")
        why = domain.add_issue_node(active_engagement, by=supporter, text="原価が見えない", parent=surface)
        response = api_as(supporter).patch(
            e_url(active_engagement, f"/issues/{surface.pk}"), {"parent": why.pk, "version": 1}
        )
        assert (response.status_code, response.json()["detail"]) == (400, CYCLE_MESSAGE)
        moved = api_as(supporter).patch(
            e_url(active_engagement, f"/issues/{why.pk}"), {"parent": None}, headers={"If-Match": '"1"'}
        )
        assert (moved.json()["parent"], moved.json()["kind"]) == (None, "surface")

    def test_agreed_date_on_a_why_is_422(self, api_as, supporter, active_engagement):
        surface = domain.add_issue_node(active_engagement, by=supporter, text="利益が出ない")
        response = api_as(supporter).post(
            e_url(active_engagement, "/issues"),
            {"text": "x", "parent": surface.pk, "agreed_on": "2026-05-01"},
        )
        assert response.status_code == 422
        assert "裏課題（本質的課題）にだけ記録できます" in response.json()["errors"][0]["message"]
        assert IssueNode.objects.count() == 1


class TestWallAssessments:
    def test_record_and_correct(self, api_as, supporter, active_engagement):
        client = api_as(supporter)
        created = client.post(
            e_url(active_engagement, "/wall-assessments"),
            {"assessed_on": "2026-04-10", "ratings": RATINGS, "notes": {"unfaced": "目をそらしている"}},
        )
        assert created.status_code == 201
        body = created.json()
        assert body["ratings"] == RATINGS
        assert body["notes"]["unfaced"] == "目をそらしている"
        corrected = client.patch(
            e_url(active_engagement, f"/wall-assessments/{body['id']}"),
            {"ratings": {"unfaced": 1}, "version": 1},
        ).json()
        assert (corrected["ratings"]["unfaced"], corrected["ratings"]["unseen"], corrected["version"]) == (
            1,
            3,
            2,
        )

    def test_a_rating_of_7_is_422_naming_the_wall(self, api_as, supporter, active_engagement):
        response = api_as(supporter).post(
            e_url(active_engagement, "/wall-assessments"),
            {"assessed_on": "2026-04-10", "ratings": {**RATINGS, "unexecuted": 7}},
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {
                "field": "unexecuted",
                "message": "「実行できない壁」の評価は 0（乗り越えた）〜3（強い壁）の整数で"
                "入力してください（入力: 7）。",
            }
        ]
        assert not WallAssessment.objects.exists()

    def test_a_second_assessment_on_the_same_day_is_409(self, api_as, supporter, active_engagement):
        body = {"assessed_on": "2026-04-10", "ratings": RATINGS}
        api_as(supporter).post(e_url(active_engagement, "/wall-assessments"), body)
        response = api_as(supporter).post(e_url(active_engagement, "/wall-assessments"), body)
        assert response.status_code == 409
        assert (
            response.json()["detail"] == "この日の5つの壁の評価はすでにあります。その評価を編集してください。"
        )


class TestStakeholders:
    def test_add_change_stance_and_refuse_duplicates(self, api_as, supporter, active_engagement):
        client = api_as(supporter)
        created = client.post(
            e_url(active_engagement, "/stakeholders"),
            {"name": "村松 和夫", "role": "executive", "stance": "resisting", "influence": 3},
        )
        assert created.status_code == 201
        person = created.json()
        assert (person["stance"], person["influence"], person["dialogues"]) == ("resisting", 3, [])
        changed = client.patch(
            e_url(active_engagement, f"/stakeholders/{person['id']}"), {"stance": "neutral", "version": 1}
        )
        assert changed.json()["stance"] == "neutral"
        assert ActivityLog.objects.filter(code="engagement.stakeholder.stance_changed").count() == 1
        duplicate = client.post(
            e_url(active_engagement, "/stakeholders"), {"name": "村松 和夫", "role": "employee"}
        )
        assert (duplicate.status_code, duplicate.json()["detail"]) == (
            409,
            "同じ氏名の関係者がすでに登録されています。",
        )

    def test_influence_outside_1_to_3_is_422(self, api_as, supporter, active_engagement):
        response = api_as(supporter).post(
            e_url(active_engagement, "/stakeholders"), {"name": "新人", "role": "employee", "influence": 9}
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "influence", "message": "影響力は1〜3の範囲で入力してください。"}
        ]


def test_naming_another_organizations_user_reveals_nothing_about_them(api_as, supporter, outsider, company):
    response = api_as(supporter).post(
        f"/api/v1/companies/{company.pk}/engagements",
        {"kind": "process", "started_on": "2026-04-01", "lead_supporter": outsider.pk},
    )
    assert response.status_code == 422
    assert "outsider" not in response.content.decode()
    assert response.json()["errors"][0]["field"] == "lead_supporter"
    assert "担当支援者か管理者" in response.json()["errors"][0]["message"]
