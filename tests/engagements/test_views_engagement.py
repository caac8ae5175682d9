"""The company's 伴走支援 tab, starting an engagement, the overview, editing it and its status —
as the three actors use them (may / same organization may not / another organization)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import STALE_EDIT_MESSAGE
from banso.engagements import domain
from banso.engagements.domain.suitability import NO_DECISION_MESSAGE
from banso.engagements.models import Engagement
from tests.engagements.factories import (
    START,
    DialogueFactory,
    EngagementFactory,
    IssueNodeFactory,
    WallAssessmentFactory,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def url(name, company, engagement=None, org="minato", **kwargs):
    kw = {"org": org, "company_pk": company.pk, **kwargs}
    if engagement is not None:
        kw["engagement_pk"] = engagement.pk
    return reverse(f"engagements:{name}", kwargs=kw)


class TestList:
    def test_lists_the_companys_engagements_newest_first(self, login, supporter, company):
        old = EngagementFactory(
            company=company,
            started_on=dt.date(2023, 4, 1),
            status="closed",
            step=7,
            ended_on=dt.date(2024, 3, 31),
            title="早期経営改善計画",
        )
        new = domain.start_engagement(company, by=supporter, started_on=START, title="利益体質への転換")
        response = login(supporter).get(url("list", company))
        assert [e.pk for e in response.context["engagements"]] == [new.pk, old.pk]
        body = response.content.decode()
        assert "利益体質への転換" in body and "① 支援対象の見極め" in body and "候補" in body
        assert "＋ 伴走支援を始める" in body

    def test_empty_list_says_what_to_do_and_viewer_cannot_start(self, login, viewer, supporter, company):
        viewer_body = login(viewer).get(url("list", company)).content.decode()
        assert "伴走支援案件はまだありません" in viewer_body
        assert "＋ 伴走支援を始める" not in viewer_body
        assert (
            "ステップ①（支援対象の見極め）から進めましょう"
            in login(supporter).get(url("list", company)).content.decode()
        )

    def test_colleague_and_outsider_get_404(self, login, colleague, outsider, company):
        assert login(colleague).get(url("list", company)).status_code == 404
        assert login(outsider).get(url("list", company, org="sakura")).status_code == 404

    def test_query_count_does_not_grow_with_engagements(self, login, supporter, company, admin_user):
        client = login(supporter)
        counts = []
        for size in (2, 12):
            for _ in range(size):
                engagement = EngagementFactory(company=company)
                engagement.members.add(admin_user)
                DialogueFactory(engagement=engagement)
            counts.append(count_queries(client, url("list", company)))
        assert counts[0] == counts[1]


class TestStart:
    def test_supporter_starts_an_engagement_and_lands_on_its_overview(
        self, login, supporter, admin_user, company
    ):
        response = login(supporter).post(
            url("start", company),
            {
                "kind": "process",
                "title": "",
                "started_on": "２０２６/４/１",
                "planned_months": "１２",
                "step": "1",
                "lead_supporter": supporter.pk,
                "members": [admin_user.pk],
            },
        )
        engagement = Engagement.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("detail", company, engagement)
        assert (engagement.status, engagement.step, engagement.started_on) == ("candidate", 1, START)
        assert list(engagement.members.all()) == [admin_user]
        assert engagement.history.get().history_user == supporter

    def test_form_defaults_to_today_twelve_months_step_one_and_the_user_as_lead(
        self, login, supporter, company
    ):
        form = login(supporter).get(url("start", company)).context["form"]
        assert form.initial["started_on"] == timezone.localdate()
        assert (form.initial["planned_months"], form.initial["step"], form.initial["lead_supporter"]) == (
            12,
            1,
            supporter.pk,
        )

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("planned_months", "72", "支援予定期間は1〜60か月の範囲で入力してください。"),
            ("started_on", "2099/1/1", "開始日に未来の日付は入力できません。"),
            ("started_on", "4月1日", "「4月1日」は日付として読み取れません。"),
        ],
    )
    def test_bad_input_gets_a_japanese_message_and_creates_nothing(
        self, login, supporter, company, field, value, message
    ):
        data = {
            "kind": "process",
            "started_on": "2026-04-01",
            "planned_months": "12",
            "step": "1",
            "lead_supporter": supporter.pk,
        }
        data[field] = value
        response = login(supporter).post(url("start", company), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Engagement.objects.exists()

    def test_viewer_gets_403(self, login, viewer, company):
        assert login(viewer).post(url("start", company), {"kind": "process"}).status_code == 403
        assert not Engagement.objects.exists()


class TestOverview:
    def test_overview_shows_step_walls_roots_dialogues_and_history(
        self, login, supporter, company, active_engagement
    ):
        WallAssessmentFactory(engagement=active_engagement, assessed_on=dt.date(2026, 4, 5), unfaced=3)
        WallAssessmentFactory(engagement=active_engagement, assessed_on=dt.date(2026, 5, 5), unfaced=0)
        root = IssueNodeFactory(
            engagement=active_engagement,
            kind="root",
            text="経営が数字で見える化されていない",
            agreed_on=dt.date(2026, 5, 1),
        )
        DialogueFactory(engagement=active_engagement, title="第4回 社長面談")
        response = login(supporter).get(url("detail", company, active_engagement))
        body = response.content.decode()
        current = [s for s in response.context["steps"] if s.state == "current"]
        assert [s.number for s in current] == [4]
        assert 'aria-current="step"' in body
        assert "0 乗り越えた" in body and "↓ 低くなりました" in body
        assert root.text in body and "経営者が腹落ち: 2026/05/01" in body
        assert "第4回 社長面談" in body and "結局、全部自分で決めてしまっているんですよね。" in body
        assert "② 事業者・支援者双方の理解 → ④ 気づき・腹落ちの促進（進める）" in body

    def test_owner_sees_the_overview_without_the_advisors_assessment(
        self, login, owner, supporter, company, engagement
    ):
        supporter_body = login(supporter).get(url("detail", company, engagement)).content.decode()
        owner_body = login(owner).get(url("detail", company, engagement)).content.decode()
        assert "見極め（Go / No-Go）" in supporter_body
        assert "見極め（Go / No-Go）" not in owner_body
        assert "＋ 対話を記録する" not in owner_body

    def test_company_header_shows_the_current_engagement_step(
        self, login, viewer, company, active_engagement
    ):
        body = (
            login(viewer)
            .get(reverse("companies:detail", kwargs={"org": "minato", "pk": company.pk}))
            .content.decode()
        )
        assert "<dt>伴走支援</dt>" in body
        assert (
            f'href="{url("detail", company, active_engagement)}">④ 気づき・腹落ちの促進（進行中）</a>' in body
        )

    def test_company_header_without_an_open_engagement_shows_no_step(self, login, viewer, company):
        EngagementFactory(company=company, status="closed", step=7, ended_on=dt.date(2026, 5, 1))
        body = (
            login(viewer)
            .get(reverse("companies:detail", kwargs={"org": "minato", "pk": company.pk}))
            .content.decode()
        )
        assert "<dt>伴走支援</dt>" not in body

    def test_engagement_of_another_company_is_404_under_this_company(
        self, login, supporter, company, other_company
    ):
        foreign = EngagementFactory(company=other_company)
        assert login(supporter).get(url("detail", company, foreign)).status_code == 404


class TestEditAndStatus:
    def test_edit_changes_fields_and_team(self, login, supporter, admin_user, company, engagement):
        response = login(supporter).post(
            url("edit", company, engagement),
            {
                "kind": "early_plan",
                "title": "計画づくり",
                "started_on": "2026-04-01",
                "planned_months": "6",
                "lead_supporter": supporter.pk,
                "members": [admin_user.pk],
                "version": 1,
            },
        )
        assert response.status_code == 302
        engagement.refresh_from_db()
        assert (engagement.kind, engagement.title, engagement.planned_months, engagement.version) == (
            "early_plan",
            "計画づくり",
            6,
            2,
        )
        assert list(engagement.members.all()) == [admin_user]

    def test_stale_edit_keeps_input_and_says_why(self, login, supporter, company, engagement):
        domain.update_engagement(engagement, by=supporter, title="先に保存")
        response = login(supporter).post(
            url("edit", company, engagement),
            {
                "kind": "process",
                "title": "後から保存",
                "started_on": "2026-04-01",
                "planned_months": "12",
                "lead_supporter": supporter.pk,
                "version": 1,
            },
        )
        body = response.content.decode()
        assert STALE_EDIT_MESSAGE in body and 'value="後から保存"' in body
        engagement.refresh_from_db()
        assert engagement.title == "先に保存"

    def test_cancel_needs_a_reason(self, login, supporter, company, engagement):
        client = login(supporter)
        refused = client.post(
            url("status", company, engagement), {"status": "cancelled", "reason": "", "version": 1}
        )
        assert "中止にする理由を入力してください。" in refused.content.decode()
        done = client.post(
            url("status", company, engagement),
            {"status": "cancelled", "reason": "社長が入院されたため", "on": "2026-05-01", "version": 1},
        )
        assert done.status_code == 302
        engagement.refresh_from_db()
        assert (engagement.status, engagement.ended_on, engagement.status_reason) == (
            "cancelled",
            dt.date(2026, 5, 1),
            "社長が入院されたため",
        )

    def test_going_active_without_a_go_decision_is_refused_in_japanese(
        self, login, supporter, company, engagement
    ):
        response = login(supporter).post(
            url("status", company, engagement), {"status": "active", "version": 1}
        )
        assert NO_DECISION_MESSAGE in response.content.decode()
        engagement.refresh_from_db()
        assert engagement.status == "candidate"

    def test_viewer_cannot_change_status(self, login, viewer, company, engagement):
        response = login(viewer).post(
            url("status", company, engagement), {"status": "cancelled", "reason": "x"}
        )
        assert response.status_code == 403
        engagement.refresh_from_db()
        assert engagement.status == "candidate"
