"""Comment threads: posting from both sides (pages and domain), who is notified, what the company side
never sees, deleting one's own comment, hostile text, and the bell / notification pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from banso.comments import domain
from banso.comments.models import Comment
from banso.core.errors import ConflictError
from banso.core.forms import MISSING_VERSION_MESSAGE
from banso.core.models import ActivityLog, Notification
from banso.core.roles import Role
from banso.core.visibility import Visibility
from banso.orgs.models import Membership
from tests.comments.conftest import HTMX, thread_url
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _m(user, org=None):
    qs = Membership.objects.filter(user=user)
    return (qs.filter(organization=org) if org else qs).get()


def _post(membership, user, action, body="進め方を相談させてください。"):
    return domain.post_comment(membership, by=user, kind="action", object_id=action.pk, body=body)


class TestPosting:
    def test_owner_comments_from_the_portal_and_the_supporter_is_notified(
        self, login, org, owner, supporter, portal_world
    ):
        action = portal_world.shared_action
        response = login(owner).post(
            thread_url(org, "action", action.pk), {"body": "単価はいつ時点のものを使えばよいですか？"}, **HTMX
        )
        assert response.status_code == 200
        assert "単価はいつ時点のものを使えばよいですか？" in response.content.decode()
        assert 'id="thread-action-' in response.content.decode()  # the fragment, not a page
        comment = Comment.objects.get()
        assert (comment.author, comment.author_side, comment.company_id) == (
            owner,
            "company",
            action.engagement.company_id,
        )
        note = Notification.objects.get(recipient=supporter)
        assert note.kind == "comment" and note.read_at is None
        assert "単価はいつ時点" in note.text
        assert note.link == reverse(
            "engagements:action_detail",
            kwargs={
                "org": org.slug,
                "company_pk": action.engagement.company_id,
                "engagement_pk": action.engagement_id,
                "pk": action.pk,
            },
        )
        assert not Notification.objects.filter(recipient=owner).exists()  # never told of one's own act
        assert (
            ActivityLog.objects.filter(code="comment.posted", company_id=action.engagement.company_id).count()
            == 1
        )

    def test_a_reply_notifies_the_other_participants_with_their_own_link(
        self, org, owner, supporter, employee, portal_world
    ):
        action = portal_world.shared_action
        _post(_m(owner), owner, action)
        _post(_m(supporter), supporter, action, body="直近3か月の平均で揃えましょう。")
        to_owner = Notification.objects.get(recipient=owner)
        assert to_owner.link == reverse("portal:action", kwargs={"org": org.slug, "pk": action.pk})
        assert "直近3か月" in to_owner.text
        # The employee is not assigned this action: they cannot see it, so they are not told.
        assert not Notification.objects.filter(recipient=employee).exists()

    def test_supporter_page_and_portal_page_hold_the_thread_slot(
        self, login, org, owner, supporter, portal_world
    ):
        action = portal_world.shared_action
        portal = login(owner).get(reverse("portal:action", kwargs={"org": org.slug, "pk": action.pk}))
        assert thread_url(org, "action", action.pk) in portal.content.decode()
        support = login(supporter).get(
            reverse(
                "engagements:action_detail",
                kwargs={
                    "org": org.slug,
                    "company_pk": action.engagement.company_id,
                    "engagement_pk": action.engagement_id,
                    "pk": action.pk,
                },
            )
        )
        assert thread_url(org, "action", action.pk) in support.content.decode()

    def test_without_htmx_the_post_redirects_back_to_a_safe_next(self, login, org, owner, portal_world):
        action = portal_world.shared_action
        url = thread_url(org, "action", action.pk)
        back = reverse("portal:action", kwargs={"org": org.slug, "pk": action.pk})
        response = login(owner).post(url, {"body": "よろしくお願いします。", "next": back})
        assert response.status_code == 302 and response["Location"] == back
        outside = login(owner).post(url, {"body": "二通目", "next": "https://evil.example/"})
        assert outside["Location"] == url  # an outside address is never followed

    def test_empty_or_too_long_text_is_refused_and_nothing_written(self, login, org, owner, portal_world):
        url = thread_url(org, "action", portal_world.shared_action.pk)
        client = login(owner)
        empty = client.post(url, {"body": "   "}, **HTMX)
        # htmx swaps only 2xx: the thread comes back with the message
        assert empty.status_code == 200 and "コメントを入力してください。" in empty.content.decode()
        long = client.post(url, {"body": "あ" * 2001}, **HTMX)
        assert long.status_code == 200 and "2000 文字以内" in long.content.decode()
        assert client.post(url, {"body": ""}).status_code == 400  # without htmx
        assert not Comment.objects.exists() and not Notification.objects.exists()

    def test_hostile_text_is_escaped_in_the_thread_and_stored_as_typed(
        self, login, org, owner, supporter, portal_world
    ):
        action = portal_world.shared_action
        _post(_m(owner), owner, action, body=HOSTILE)
        page = login(supporter).get(thread_url(org, "action", action.pk)).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert Comment.objects.get().body == HOSTILE
        bell = (
            login(supporter).get(reverse("comments:notifications", kwargs={"org": org.slug})).content.decode()
        )
        assert "<script>alert" not in bell and "&lt;script&gt;" in bell


class TestWhoMayComment:
    def test_owner_on_another_companys_action_is_404_and_nothing_changes(
        self, login, org, owner, portal_world
    ):
        foreign = portal_world.foreign_action
        client = login(owner)
        assert client.get(thread_url(org, "action", foreign.pk)).status_code == 404
        assert client.post(thread_url(org, "action", foreign.pk), {"body": "x"}).status_code == 404
        with pytest.raises(Http404):
            _post(_m(owner), owner, foreign)
        assert not Comment.objects.exists()

    def test_owner_on_an_internal_action_is_404(self, login, org, owner, portal_world):
        internal = portal_world.internal_action
        response = login(owner).post(thread_url(org, "action", internal.pk), {"body": "x"})
        assert response.status_code == 404
        assert not Comment.objects.exists()

    def test_employee_only_on_the_actions_assigned_to_them(self, org, employee, portal_world):
        with pytest.raises(Http404):
            _post(_m(employee), employee, portal_world.shared_action)
        assert _post(_m(employee), employee, portal_world.employee_action).author == employee

    def test_viewer_reads_but_may_not_write(self, login, org, viewer, supporter, portal_world):
        _post(_m(supporter), supporter, portal_world.shared_action)
        client = login(viewer)
        url = thread_url(org, "action", portal_world.shared_action.pk)
        assert client.get(url).status_code == 200
        assert client.post(url, {"body": "x"}).status_code == 403
        with pytest.raises(PermissionDenied):
            _post(_m(viewer), viewer, portal_world.shared_action)
        assert Comment.objects.count() == 1

    def test_other_organization_and_lender_get_404(
        self, login, org, outsider, lender, supporter, portal_world
    ):
        _post(_m(supporter), supporter, portal_world.shared_action)
        for user in (outsider, lender):
            client = login(user)
            assert client.get(thread_url(org, "action", portal_world.shared_action.pk)).status_code == 404
            own_org = _m(user).organization
            assert client.get(thread_url(own_org, "action", portal_world.shared_action.pk)).status_code == 404

    def test_unknown_kind_and_huge_id_are_404(self, login, org, supporter, portal_world):
        client = login(supporter)
        assert client.get(thread_url(org, "dialogue", portal_world.shared_dialogue.pk)).status_code == 404
        assert client.get(thread_url(org, "action", 2**60)).status_code == 404


class TestCompanySideNeverSeesInternal:
    def test_comment_on_an_internal_action_is_not_shown_nor_notified(
        self, org, owner, supporter, admin_user, portal_world
    ):
        internal = portal_world.internal_action
        _post(_m(supporter), supporter, internal, body="専務との関係について（支援者メモ）")
        assert not Notification.objects.filter(recipient=owner).exists()
        assert not Comment.objects.visible_to(_m(owner)).exists()
        assert Comment.objects.visible_to(_m(admin_user)).count() == 1

    def test_an_action_made_internal_later_hides_its_thread(self, login, org, owner, supporter, portal_world):
        action = portal_world.shared_action
        _post(_m(owner), owner, action)
        assert Comment.objects.visible_to(_m(owner)).count() == 1
        type(action).objects.filter(pk=action.pk).update(visibility=Visibility.INTERNAL)
        assert not Comment.objects.visible_to(_m(owner)).exists()
        assert login(owner).get(thread_url(org, "action", action.pk)).status_code == 404

    def test_monitoring_report_thread_only_once_issued(self, org, company, owner, supporter):
        from tests.monitoring.report_world import matrix_reports

        reports = matrix_reports(company, by=supporter)
        with pytest.raises(Http404):
            domain.load_target(_m(owner), "monitoring_report", reports["draft"].pk)
        target = domain.load_target(_m(owner), "monitoring_report", reports["issued"].pk)
        assert target.portal_url.endswith("/portal/documents/")
        domain.post_comment(
            _m(supporter),
            by=supporter,
            kind="monitoring_report",
            object_id=reports["draft"].pk,
            body="下書きへのメモ",
        )
        assert not Comment.objects.visible_to(_m(owner)).exists()


class TestDelete:
    def test_author_deletes_softly_and_it_is_logged(self, login, org, owner, supporter, portal_world):
        comment = _post(_m(owner), owner, portal_world.shared_action, body="消したい一言")
        response = login(owner).post(
            reverse("comments:delete", kwargs={"org": org.slug, "pk": comment.pk}),
            {"version": comment.version},
            **HTMX,
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "このコメントは削除されました。" in page and "消したい一言" not in page
        comment.refresh_from_db()
        assert comment.deleted_at is not None and comment.version == 2
        assert ActivityLog.objects.filter(code="comment.deleted").count() == 1
        assert comment.history.count() == 2

    def test_someone_elses_comment_is_403_and_a_stale_version_409(
        self, login, org, owner, supporter, portal_world
    ):
        comment = _post(_m(owner), owner, portal_world.shared_action)
        url = reverse("comments:delete", kwargs={"org": org.slug, "pk": comment.pk})
        assert login(supporter).post(url, {"version": 1}).status_code == 403
        with pytest.raises(ConflictError):
            domain.delete_comment(_m(owner), by=owner, pk=comment.pk, expected_version=7)
        missing = login(owner).post(url, {}, **HTMX)
        assert missing.status_code == 200 and MISSING_VERSION_MESSAGE in missing.content.decode()
        stale = login(owner).post(url, {"version": 7}, **HTMX)
        assert stale.status_code == 200 and "他の方が更新しました" in stale.content.decode()
        comment.refresh_from_db()
        assert comment.deleted_at is None
        domain.delete_comment(_m(owner), by=owner, pk=comment.pk, expected_version=1)
        with pytest.raises(ValidationError):
            domain.delete_comment(_m(owner), by=owner, pk=comment.pk, expected_version=2)


class TestNotificationsPages:
    def test_bell_counts_unread_and_the_list_marks_them_read(
        self, login, org, owner, supporter, portal_world
    ):
        _post(_m(owner), owner, portal_world.shared_action)
        _post(_m(owner), owner, portal_world.shared_action, body="追伸です。")
        client = login(supporter)
        home = client.get(reverse("home:today", kwargs={"org": org.slug})).content.decode()
        assert 'data-testid="bell-count">2<' in home
        page = client.get(reverse("comments:notifications", kwargs={"org": org.slug})).content.decode()
        assert page.count("新着") == 2 and "追伸です。" in page
        assert not Notification.objects.filter(recipient=supporter, read_at__isnull=True).exists()
        home = client.get(reverse("home:today", kwargs={"org": org.slug})).content.decode()
        assert 'data-testid="bell-count"' not in home

    def test_owner_sees_the_bell_in_the_portal(self, login, org, owner, supporter, portal_world):
        _post(_m(supporter), supporter, portal_world.shared_action)
        page = login(owner).get(reverse("portal:home", kwargs={"org": org.slug})).content.decode()
        assert 'data-testid="bell-count">1<' in page
        assert "支援者からの新しいお知らせ" in page and "進め方を相談させてください。" in page

    def test_notifications_are_per_organization(
        self, login, org, foreign_org, supporter, owner, portal_world
    ):
        MembershipFactory(user=supporter, organization=foreign_org, role=Role.SUPPORTER)
        _post(_m(owner), owner, portal_world.shared_action)
        page = login(supporter).get(reverse("comments:notifications", kwargs={"org": foreign_org.slug}))
        assert "新着" not in page.content.decode()
        assert Notification.objects.get(recipient=supporter).read_at is None

    def test_mark_all_read(self, login, org, owner, supporter, portal_world):
        _post(_m(owner), owner, portal_world.shared_action)
        response = login(supporter).post(reverse("comments:notifications", kwargs={"org": org.slug}))
        assert response.status_code == 302
        assert not Notification.objects.filter(read_at__isnull=True).exists()

    def test_digest_setting_is_saved_and_versioned(self, login, org, owner):
        url = reverse("comments:notification_settings", kwargs={"org": org.slug})
        client = login(owner)
        assert client.get(url).status_code == 200
        assert client.post(url, {"digest": "none"}).status_code == 302
        assert owner.notification_preference.digest == "none"
        missing = client.post(url, {"digest": "daily"})
        assert missing.status_code == 400 and MISSING_VERSION_MESSAGE in missing.content.decode()
        stale = client.post(url, {"digest": "daily", "version": 9})
        assert stale.status_code == 400 and "他の方が更新しました" in stale.content.decode()
        bad = client.post(url, {"digest": "hourly", "version": 2})
        assert bad.status_code == 400 and "選択肢から選んでください。" in bad.content.decode()


class TestOwnersUpdateNotifiesTheSupporter:
    def test_portal_entry_tells_the_supporters(self, login, org, owner, supporter, portal_world):
        action = portal_world.shared_action
        response = login(owner).post(
            reverse("portal:action", kwargs={"org": org.slug, "pk": action.pk}),
            {
                "version": action.version,
                "status": "in_progress",
                "result": "6品目終わりました",
                "learning": "",
                "next_step": "",
            },
        )
        assert response.status_code == 302
        note = Notification.objects.get(recipient=supporter)
        assert note.kind == "action.company_update"
        assert action.what in note.text and "実行中" in note.text

    def test_inactive_supporter_is_not_notified(self, org, owner, supporter, portal_world):
        supporter.is_active = False
        supporter.save()
        _post(_m(owner), owner, portal_world.shared_action)
        assert not Notification.objects.exists()


def test_notify_kit_drops_outside_links_and_folds_lines(org, supporter, owner):
    from banso.core.notifications import notify

    rows = notify(
        [supporter, supporter, owner],
        kind="knowledge.consultation",
        text="一行目\n二行目" + "あ" * 400,
        link="https://evil.example/",
        organization=org,
        by=owner,
    )
    assert len(rows) == 1
    row = Notification.objects.get()
    assert row.link == "" and "\n" not in row.text and len(row.text) == 300
    assert (
        notify([UserFactory()], kind="x", text="t", link="//evil.example/x", organization=org)[0].link == ""
    )
