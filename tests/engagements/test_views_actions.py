"""The action plan pages as users use them: list with overdue marks, add / edit with the 409 message,
the PDCA history and review, the monthly review, the Excel export; three actors each."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain import actions as action_domain
from banso.engagements.models import Action, ActionReview
from tests.engagements.factories import START, DialogueFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _form(leader, **overrides):
    data = {
        "what": "朝礼で前日の不良件数を共有する",
        "owner": str(leader.pk),
        "due_on": "２０２６/５/３１",
        "how_much": "毎朝5分",
        "how": "ホワイトボードで",
        "expected_effect": "不良率を3%から2%へ",
        "expected_value": "２",
        "expected_unit": "%",
        "root_issue": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def action(step6, supporter, leader):
    return domain.create_action(
        step6, by=supporter, owner=leader, what="主要10品目の原価を計算する", due_on=dt.date(2026, 6, 30)
    )


class TestActionList:
    def test_overdue_actions_say_so_in_words(self, login, supporter, step6, leader, page_url):
        domain.create_action(
            step6, by=supporter, owner=leader, what="期限切れの取組", due_on=dt.date(2026, 5, 1)
        )
        domain.create_action(
            step6,
            by=supporter,
            owner=leader,
            what="先の取組",
            due_on=timezone.localdate() + dt.timedelta(days=10),
        )
        response = login(supporter).get(page_url("action_list", step6))
        body = response.content.decode()
        overdue_days = (timezone.localdate() - dt.date(2026, 5, 1)).days
        assert f"⚠ 期限切れ（{overdue_days}日超過）" in body
        assert body.count("期限切れ（") == 1
        assert [f["count"] for f in response.context["filters"] if f["key"] == "overdue"] == [1]

    def test_filter_by_status_and_overdue_with_htmx(self, login, supporter, step6, leader, page_url):
        late = domain.create_action(
            step6, by=supporter, owner=leader, what="遅れ", due_on=dt.date(2026, 5, 1)
        )
        done = domain.create_action(
            step6, by=supporter, owner=leader, what="済み", due_on=dt.date(2026, 5, 1)
        )
        domain.update_action(done, by=supporter, status="done")
        client = login(supporter)
        overdue = client.get(page_url("action_list", step6), {"status": "overdue"})
        assert [a.pk for a in overdue.context["actions"]] == [late.pk]
        partial = client.get(
            page_url("action_list", step6),
            {"status": "done"},
            headers={"HX-Request": "true", "HX-Target": "results"},
        )
        assert [a.pk for a in partial.context["actions"]] == [done.pk]
        assert "<html" not in partial.content.decode()

    def test_viewer_reads_but_gets_no_buttons_owner_and_outsiders_get_404(
        self, login, owner, viewer, colleague, outsider, step6, action, page_url
    ):
        body = login(viewer).get(page_url("action_list", step6)).content.decode()
        assert "主要10品目の原価を計算する" in body and "＋ アクションを追加" not in body
        assert login(owner).get(page_url("action_list", step6)).status_code == 404
        assert login(colleague).get(page_url("action_list", step6)).status_code == 404
        assert login(outsider).get(page_url("action_list", step6, org="sakura")).status_code == 404

    def test_an_engagement_of_another_company_is_404_under_this_company(
        self, login, supporter, step6, other_company, page_url
    ):
        from django.urls import reverse

        url = reverse(
            "engagements:action_list",
            kwargs={"org": "minato", "company_pk": other_company.pk, "engagement_pk": step6.pk},
        )
        assert login(supporter).get(url).status_code == 404

    def test_without_company_people_the_list_says_to_add_them_first(self, login, supporter, step6, page_url):
        body = login(supporter).get(page_url("action_list", step6)).content.decode()
        assert "先に関係者（経営者・現場リーダーなど）を登録してください" in body

    def test_query_count_does_not_grow_with_actions(self, login, supporter, step6, leader, page_url):
        client = login(supporter)
        counts = []
        for size in (3, 25):
            for n in range(size):
                a = domain.create_action(
                    step6, by=supporter, owner=leader, what=f"取組{size}-{n}", due_on=dt.date(2026, 5, 1)
                )
                action_domain.review_action(
                    a, by=supporter, status="in_progress", result="着手", small_success=True
                )
            counts.append(count_queries(client, page_url("action_list", step6)))
        assert counts[0] == counts[1]


class TestActionForm:
    def test_supporter_adds_an_action_typed_the_japanese_way(self, login, supporter, step6, leader, page_url):
        response = login(supporter).post(page_url("action_create", step6), _form(leader))
        action = Action.objects.get()
        assert response.status_code == 302
        assert (action.owner, action.due_on, action.expected_value, action.created_by) == (
            leader,
            dt.date(2026, 5, 31),
            2,
            supporter,
        )
        assert ActivityLog.objects.filter(code="engagement.action.created").count() == 1

    def test_a_due_date_before_the_start_gets_the_japanese_message(
        self, login, supporter, step6, leader, page_url
    ):
        response = login(supporter).post(page_url("action_create", step6), _form(leader, due_on="2026/3/31"))
        assert response.status_code == 200
        assert response.context["form"].errors["due_on"] == [
            "案件の開始日（2026年4月1日）より前の日付は入力できません。日付を確かめるか、案件の開始日を見直してください。"
        ]
        assert not Action.objects.exists()

    def test_only_company_side_people_are_offered_as_owner(
        self, login, supporter, step6, leader, lender, page_url
    ):
        form = login(supporter).get(page_url("action_create", step6)).context["form"]
        assert list(form.fields["owner"].queryset) == [leader]
        response = login(supporter).post(
            page_url("action_create", step6), _form(leader, owner=str(lender.pk))
        )
        assert "owner" in response.context["form"].errors

    def test_a_stale_edit_shows_the_409_message_and_keeps_the_input(
        self, login, supporter, admin_user, step6, leader, action, page_url
    ):
        domain.update_action(action, by=admin_user, expected_version=1, how="管理者が先に変更")
        data = _form(leader, what="私の変更", status="in_progress", version="1")
        response = login(supporter).post(page_url("action_edit", step6, pk=action.pk), data)
        assert response.status_code == 200
        assert "他の方が更新しました" in response.content.decode()
        assert response.context["form"]["what"].value() == "私の変更"
        action.refresh_from_db()
        assert (action.what, action.how) == ("主要10品目の原価を計算する", "管理者が先に変更")

    def test_viewer_and_owner_may_not_edit(self, login, viewer, owner, step6, action, leader, page_url):
        for user, status in ((viewer, 403), (owner, 404)):
            assert login(user).get(page_url("action_edit", step6, pk=action.pk)).status_code == status
            assert login(user).post(page_url("action_create", step6), _form(leader)).status_code == status
        assert Action.objects.count() == 1


class TestActionReview:
    def test_the_pdca_history_grows_and_is_never_overwritten(self, login, supporter, step6, action, page_url):
        client = login(supporter)
        url = page_url("action_detail", step6, pk=action.pk)
        first = {"reviewed_on": "2026/5/15", "status": "in_progress", "result": "5品目まで", "version": "1"}
        assert client.post(url, first).status_code == 302
        second = {
            "reviewed_on": "2026/6/15",
            "status": "done",
            "result": "10品目完了",
            "learning": "赤字品目が分かった",
            "next_step": "価格交渉",
            "small_success": "on",
            "version": "2",
        }
        assert client.post(url, second).status_code == 302
        page = client.get(url)
        assert [(r.reviewed_on, r.status, r.result) for r in page.context["reviews"]] == [
            (dt.date(2026, 5, 15), "in_progress", "5品目まで"),
            (dt.date(2026, 6, 15), "done", "10品目完了"),
        ]
        body = page.content.decode()
        assert "PDCA の記録（振り返り 2回）" in body and "★ 小さな成功体験" in body
        action.refresh_from_db()
        assert action.status == "done"

    def test_an_empty_review_and_a_stale_one_are_refused_in_japanese(
        self, login, supporter, admin_user, step6, action, page_url
    ):
        url = page_url("action_detail", step6, pk=action.pk)
        client = login(supporter)
        empty = client.post(url, {"reviewed_on": "2026/5/15", "status": "not_started", "version": "1"})
        assert action_domain.EMPTY_REVIEW_MESSAGE in empty.content.decode()
        domain.update_action(action, by=admin_user, how="変更")
        stale = client.post(
            url, {"reviewed_on": "2026/5/15", "status": "done", "result": "済", "version": "1"}
        )
        assert "他の方が更新しました" in stale.content.decode()
        assert not ActionReview.objects.exists()

    def test_readers_see_the_history_without_the_form(
        self, login, owner, viewer, step6, action, supporter, page_url
    ):
        action_domain.review_action(action, by=supporter, status="in_progress", result="着手")
        response = login(viewer).get(page_url("action_detail", step6, pk=action.pk))
        assert response.context["form"] is None and len(response.context["reviews"]) == 1
        posted = login(viewer).post(page_url("action_detail", step6, pk=action.pk), {"status": "done"})
        assert posted.status_code == 403
        posted = login(owner).post(page_url("action_detail", step6, pk=action.pk), {"status": "done"})
        assert posted.status_code == 404
        assert ActionReview.objects.count() == 1


class TestMonthlyReview:
    def test_several_actions_are_reviewed_on_one_page(
        self, login, supporter, step6, leader, action, page_url
    ):
        other = domain.create_action(step6, by=supporter, owner=leader, what="週1回の工程会議", due_on=START)
        untouched = domain.create_action(step6, by=supporter, owner=leader, what="5S", due_on=START)
        dialogue = DialogueFactory(engagement=step6)
        data = {"reviewed_on": "2026/6/30", "dialogue": str(dialogue.pk)}
        for a, status, result in (
            (action, "in_progress", "半分"),
            (other, "done", "定着"),
            (untouched, "not_started", ""),
        ):
            data |= {f"a{a.pk}-status": status, f"a{a.pk}-result": result, f"a{a.pk}-version": "1"}
        data[f"a{other.pk}-small_success"] = "on"
        response = login(supporter).post(page_url("action_monthly_review", step6), data)
        assert response.status_code == 302
        reviews = ActionReview.objects.order_by("action__what")
        assert [(r.action.what, r.status, r.dialogue) for r in reviews] == [
            ("主要10品目の原価を計算する", "in_progress", dialogue),
            ("週1回の工程会議", "done", dialogue),
        ]
        assert not untouched.reviews.exists()

    def test_a_stale_row_names_the_action_and_nothing_is_saved(
        self, login, supporter, admin_user, step6, leader, action, page_url
    ):
        domain.update_action(action, by=admin_user, how="先に変更")
        data = {"reviewed_on": "2026/6/30", f"a{action.pk}-status": "done", f"a{action.pk}-version": "1"}
        response = login(supporter).post(page_url("action_monthly_review", step6), data)
        assert response.status_code == 200
        assert (
            "「主要10品目の原価を計算する」: この内容は、編集を始めた後に他の方が更新しました"
            in response.content.decode()
        )
        assert not ActionReview.objects.exists()

    def test_only_open_actions_are_listed(self, login, supporter, step6, leader, action, page_url):
        done = domain.create_action(step6, by=supporter, owner=leader, what="済み", due_on=START)
        domain.update_action(done, by=supporter, status="done")
        rows = login(supporter).get(page_url("action_monthly_review", step6)).context["rows"]
        assert [row["action"].pk for row in rows] == [action.pk]


class TestActionExport:
    def test_excel_has_real_dates_numbers_safe_text_and_print_setup(
        self, login, viewer, supporter, step6, leader, page_url
    ):
        action = domain.create_action(
            step6,
            by=supporter,
            owner=leader,
            what='=HYPERLINK("http://x")',
            due_on=dt.date(2026, 5, 31),
            expected_value=2,
            expected_unit="%",
        )
        action_domain.review_action(
            action, by=supporter, reviewed_on=dt.date(2026, 6, 1), status="done", result="済"
        )
        response = login(viewer).get(page_url("action_export", step6))
        assert response.status_code == 200
        assert (
            "filename*=UTF-8''%E3%82%A2%E3%82%AF%E3%82%B7%E3%83%A7%E3%83%B3%E3%83%97%E3%83%A9%E3%83%B3_"
            in (response["Content-Disposition"])
        )
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = workbook["アクションプラン"]
        header = [c.value for c in sheet[4]]
        row = {h: c for h, c in zip(header, sheet[5], strict=True)}
        assert row["何を"].value == '=HYPERLINK("http://x")'
        assert (row["何を"].data_type, row["何を"].quotePrefix) == ("s", True)  # shown as typed, never run
        assert (
            row["いつまでに"].value == dt.datetime(2026, 5, 31)
            and row["いつまでに"].number_format == "yyyy/mm/dd"
        )
        assert row["目標値"].value == 2 and row["状況"].value == "完了" and row["振り返り回数"].value == 1
        assert (sheet.freeze_panes, sheet.page_setup.orientation, sheet.page_setup.paperSize) == (
            "C5",
            "landscape",
            9,
        )
        log = workbook["振り返り履歴"]
        assert [c.value for c in log[5]][2:5] == [dt.datetime(2026, 6, 1), "完了", "済"]


def test_monthly_review_query_count_does_not_grow_with_actions(login, supporter, step6, leader, page_url):
    client = login(supporter)
    counts = []
    for size in (3, 25):
        for n in range(size):
            a = domain.create_action(step6, by=supporter, owner=leader, what=f"取組{size}-{n}", due_on=START)
            action_domain.review_action(a, by=supporter, status="in_progress", next_step="続ける")
        counts.append(count_queries(client, page_url("action_monthly_review", step6)))
    assert counts[0] == counts[1]
