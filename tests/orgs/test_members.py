"""Members without the Django admin: invitations, roles, deactivation, handover, bulk assignment,
branches. Domain rules first, then the pages (three actors: the 管理者 may, a supporter of the same
organization gets 403, another organization's user 404)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.core.roles import Role
from banso.orgs.domain import create_api_token, members
from banso.orgs.models import ApiToken, Branch, Membership, User
from tests.engagements.factories import EngagementFactory
from tests.factories import CompanyFactory, MembershipFactory


def m(user, org):
    return Membership.objects.get(user=user, organization=org)


def url(name, **kwargs):
    return reverse(f"orgs:{name}", kwargs={"org": "minato", **kwargs})


def invite(org, admin_user, **kwargs):
    data = {"email": "new.person@example.jp", "full_name": "新人 花子", "role": Role.SUPPORTER} | kwargs
    return members.invite_member(org, membership=m(admin_user, org), by=admin_user, **data)


def link_in_outbox() -> str:
    return re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)


@pytest.mark.django_db
class TestInvite:
    def test_invite_creates_an_inactive_user_and_mails_a_link_that_works_once(self, org, admin_user, client):
        invitation = invite(org, admin_user)
        members.send_invitation(
            invitation,
            url_for=lambda mm, t: f"http://testserver/accounts/invitation/{mm.pk}/{t}/",
            sign_in_url="",
        )
        user = User.objects.get(email="new.person@example.jp")
        assert (user.is_active, user.has_usable_password(), invitation.new_user) == (False, False, True)
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.jp"]
        link = link_in_outbox().replace("http://testserver", "")
        assert client.get(link).status_code == 200
        response = client.post(link, {"password1": "kaisha-2026-ok", "password2": "kaisha-2026-ok"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.is_active and user.check_password("kaisha-2026-ok")
        signed_in = client.post(
            reverse("login"), {"username": "new.person@example.jp", "password": "kaisha-2026-ok"}
        )
        assert signed_in.status_code == 302 and "_auth_user_id" in client.session
        # Used: the same link no longer works.
        assert Client().get(link).status_code == 410
        assert (
            Client().post(link, {"password1": "other-pass-2026", "password2": "other-pass-2026"}).status_code
            == 410
        )
        user.refresh_from_db()
        assert user.check_password("kaisha-2026-ok")
        codes = list(ActivityLog.objects.filter(code__startswith="member.").values_list("code", flat=True))
        assert sorted(codes) == ["member.invited", "member.joined"]

    def test_expired_link_is_refused(self, org, admin_user, settings):
        invitation = invite(org, admin_user)
        token = members.invite_tokens.make_token(invitation.membership)
        assert members.invitation_for(invitation.membership.pk, token) is not None
        later = timezone.now() + dt.timedelta(hours=settings.BANSO_INVITE_HOURS, minutes=1)
        members.InviteTokenGenerator._now = staticmethod(lambda: int(later.timestamp()))
        try:
            assert members.invitation_for(invitation.membership.pk, token) is None
        finally:
            members.InviteTokenGenerator._now = staticmethod(lambda: int(timezone.now().timestamp()))

    def test_a_resent_invitation_replaces_the_old_link(self, org, admin_user):
        invitation = invite(org, admin_user)
        old = members.invite_tokens.make_token(invitation.membership)
        invitation.membership.invited_at -= dt.timedelta(minutes=5)
        invitation.membership.save()
        old = members.invite_tokens.make_token(invitation.membership)
        members.resend_invitation(invitation.membership, membership=m(admin_user, org), by=admin_user)
        assert members.invitation_for(invitation.membership.pk, old) is None
        assert members.invitation_for(invitation.membership.pk, "zz-bad") is None
        assert members.invitation_for("x", old) is None

    def test_bad_input_is_refused_in_japanese(self, org, admin_user, supporter, foreign_company, company):
        User.objects.filter(pk=supporter.pk).update(email="supporter@example.jp")
        with pytest.raises(ValidationError) as exc:
            invite(org, admin_user, email="not-an-address")
        assert "形式" in exc.value.message_dict["email"][0]
        with pytest.raises(ValidationError) as exc:
            invite(org, admin_user, email="Supporter@Example.jp")
        assert "すでに" in exc.value.message_dict["email"][0]
        with pytest.raises(ValidationError) as exc:
            invite(org, admin_user, role=Role.OWNER, company_id=foreign_company.pk)
        assert "見つかりません" in exc.value.message_dict["company"][0]
        with pytest.raises(ValidationError) as exc:
            invite(org, admin_user, role=Role.OWNER)
        assert "1社" in exc.value.message_dict["company"][0]
        assert not User.objects.filter(email="new.person@example.jp").exists()
        owner = invite(org, admin_user, role=Role.OWNER, company_id=company.pk).membership
        assert owner.company_id == company.pk

    def test_existing_user_of_another_org_gets_a_membership_without_a_link(self, org, admin_user, outsider):
        outsider.email = "outsider@example.jp"
        outsider.save()
        invitation = invite(org, admin_user, email=outsider.email, role=Role.VIEWER)
        assert invitation.new_user is False
        assert invitation.membership.is_active and invitation.membership.invited_at is None
        assert User.objects.filter(email__iexact=outsider.email).count() == 1

    def test_only_an_admin_invites(self, org, supporter):
        with pytest.raises(PermissionDenied):
            members.invite_member(
                org, membership=m(supporter, org), by=supporter, email="a@example.jp", role=Role.VIEWER
            )


@pytest.mark.django_db
class TestRoles:
    def test_last_admin_cannot_be_demoted_or_deactivated(self, org, admin_user, supporter):
        me = m(admin_user, org)
        with pytest.raises(DomainError, match="管理者が1人もいなくなる"):
            members.change_member(me, membership=me, by=admin_user, expected_version=1, role=Role.SUPPORTER)
        second = m(supporter, org)
        members.change_member(second, membership=me, by=admin_user, expected_version=1, role=Role.ORG_ADMIN)
        with pytest.raises(DomainError):
            members.deactivate_member(me, membership=me, by=admin_user, expected_version=me.version)
        # With a second admin, the first may step down.
        members.change_member(me, membership=me, by=admin_user, expected_version=1, role=Role.VIEWER)
        assert m(admin_user, org).role == Role.VIEWER
        log = ActivityLog.objects.filter(code="member.role.changed").first()
        assert "管理者から閲覧者" in log.message

    def test_stale_version_is_refused(self, org, admin_user, supporter):
        target = m(supporter, org)
        me = m(admin_user, org)
        members.change_member(target, membership=me, by=admin_user, expected_version=1, role=Role.VIEWER)
        with pytest.raises(ConflictError):
            members.change_member(
                target, membership=me, by=admin_user, expected_version=1, role=Role.ORG_ADMIN
            )
        assert m(supporter, org).role == Role.VIEWER

    def test_foreign_branch_is_refused(self, org, foreign_org, admin_user, supporter):
        foreign_branch = Branch.objects.create(organization=foreign_org, name="本店")
        with pytest.raises(ValidationError) as exc:
            members.change_member(
                m(supporter, org),
                membership=m(admin_user, org),
                by=admin_user,
                expected_version=1,
                role=Role.SUPPORTER,
                branch_id=foreign_branch.pk,
            )
        assert "支店" in exc.value.message_dict["branch"][0]


@pytest.mark.django_db
class TestDeactivate:
    def test_deactivated_members_token_and_session_stop_at_once(self, org, admin_user, supporter, company):
        target = m(supporter, org)
        _, raw = create_api_token(target, name="連携")
        api = Client()
        assert api.get("/api/v1/companies", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
        session = Client()
        session.force_login(supporter)
        assert session.get(reverse("companies:list", kwargs={"org": "minato"})).status_code == 200
        revoked = members.deactivate_member(
            target, membership=m(admin_user, org), by=admin_user, expected_version=target.version
        )
        assert revoked == 1
        assert api.get("/api/v1/companies", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
        assert ApiToken.objects.get().revoked_at is not None
        response = session.get(reverse("companies:list", kwargs={"org": "minato"}))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert ActivityLog.objects.filter(code="member.deactivated").count() == 1

    def test_member_of_two_orgs_keeps_the_other(self, org, foreign_org, admin_user, outsider):
        MembershipFactory(user=outsider, organization=org, role=Role.SUPPORTER)
        target = m(outsider, org)
        members.deactivate_member(target, membership=m(admin_user, org), by=admin_user, expected_version=1)
        outsider.refresh_from_db()
        assert outsider.is_active
        session = Client()
        session.force_login(outsider)
        assert session.get(reverse("companies:list", kwargs={"org": "minato"})).status_code == 404
        assert session.get(reverse("companies:list", kwargs={"org": "sakura"})).status_code == 200


@pytest.mark.django_db
class TestHandoverAndAssignment:
    def test_leaving_supporters_companies_and_open_engagements_move(
        self, org, admin_user, supporter, colleague, company, other_company
    ):
        third = CompanyFactory(
            organization=org, name="株式会社あおば", name_kana="アオバ", supporters=[supporter]
        )
        open_one = EngagementFactory(company=company, lead_supporter=supporter, status="active", step=3)
        closed = EngagementFactory(company=third, lead_supporter=supporter, status="candidate")
        viewer_two = MembershipFactory(organization=org, role=Role.SUPPORTER).user
        leaving = m(supporter, org)
        plan = members.plan_handover(leaving, successor_ids=[colleague.pk, viewer_two.pk])
        assert plan.total == 4  # two companies, two open engagements
        assert {c: u.pk for c, u in plan.successors.items()} == {
            third.pk: colleague.pk,
            company.pk: viewer_two.pk,
        }
        members.hand_over(
            leaving, membership=m(admin_user, org), by=admin_user, successor_ids=[colleague.pk, viewer_two.pk]
        )
        assert list(company.supporters.all()) == [viewer_two]
        assert list(third.supporters.all()) == [colleague]
        open_one.refresh_from_db()
        closed.refresh_from_db()
        assert open_one.lead_supporter == viewer_two and closed.lead_supporter == colleague
        assert ActivityLog.objects.filter(code="member.handed_over").count() == 1
        assert ActivityLog.objects.filter(code="company.supporters.changed").count() == 2

    def test_handover_to_an_outsider_is_refused(self, org, admin_user, supporter, outsider, company):
        with pytest.raises(ValidationError):
            members.plan_handover(m(supporter, org), successor_ids=[outsider.pk])
        assert list(company.supporters.all()) == [supporter]

    def test_bulk_assign_and_unassign(
        self, org, admin_user, colleague, company, other_company, foreign_company
    ):
        me = m(admin_user, org)
        changed = members.assign_companies(
            org,
            membership=me,
            by=admin_user,
            supporter_id=colleague.pk,
            company_ids=[company.pk, other_company.pk],
            assign=True,
        )
        assert changed == 2 and colleague in other_company.supporters.all()
        with pytest.raises(ValidationError):
            members.assign_companies(
                org,
                membership=me,
                by=admin_user,
                supporter_id=colleague.pk,
                company_ids=[company.pk, foreign_company.pk],
                assign=False,
            )
        assert colleague in company.supporters.all()  # all or nothing
        members.assign_companies(
            org,
            membership=me,
            by=admin_user,
            supporter_id=colleague.pk,
            company_ids=[company.pk],
            assign=False,
        )
        assert colleague not in company.supporters.all()


@pytest.mark.django_db
class TestPages:
    def test_admin_invites_through_the_page(self, login, admin_user, foreign_company):
        client = login(admin_user)
        response = client.post(url("member_invite"), {"email": "x@", "role": "supporter"})
        assert response.status_code == 200 and "形式" in response.content.decode()
        response = client.post(
            url("member_invite"),
            {"email": "owner2@example.jp", "role": "owner", "company": foreign_company.pk},
        )
        assert "見つかりません" in response.content.decode()
        response = client.post(
            url("member_invite"), {"email": "ok@example.jp", "role": "viewer", "full_name": "閲覧 太郎"}
        )
        assert response.status_code == 302
        assert "/accounts/invitation/" in mail.outbox[-1].body
        page = client.get(url("members"), {"status": "invited"}).content.decode()
        assert "閲覧 太郎" in page and "招待中" in page

    def test_member_list_filters_by_branch(self, login, org, admin_user, supporter, colleague):
        branch = members.create_branch(
            org, membership=m(admin_user, org), by=admin_user, name="港北支店", code="101"
        )
        Membership.objects.filter(user=supporter).update(branch=branch)
        page = login(admin_user).get(url("members"), {"branch": branch.pk})
        names = [mm.user.username for mm in page.context["page"].object_list]
        assert names == ["supporter"]

    def test_only_the_admin_reaches_member_pages(self, login, admin_user, supporter, outsider, viewer):
        for name, kwargs in (("members", {}), ("member_invite", {}), ("member_assign", {}), ("branches", {})):
            assert login(admin_user).get(url(name, **kwargs)).status_code == 200
            assert login(supporter).get(url(name, **kwargs)).status_code == 403
            assert login(viewer).get(url(name, **kwargs)).status_code == 403
            assert login(outsider).get(url(name, **kwargs)).status_code == 404

    def test_another_orgs_member_is_404(self, login, admin_user, outsider, foreign_org):
        other = m(outsider, foreign_org)
        assert login(admin_user).get(url("member_edit", pk=other.pk)).status_code == 404
        response = login(admin_user).post(url("member_deactivate", pk=other.pk), {"version": 1})
        assert response.status_code == 404
        assert m(outsider, foreign_org).is_active

    def test_handover_page_previews_then_moves(self, login, org, admin_user, supporter, colleague, company):
        client = login(admin_user)
        leaving = m(supporter, org)
        preview = client.get(url("member_handover", pk=leaving.pk), {"successors": colleague.pk})
        assert preview.status_code == 200 and preview.context["plan"].total == 1
        assert list(company.supporters.all()) == [supporter]  # the preview changes nothing
        response = client.post(
            url("member_handover", pk=leaving.pk), {"successors": colleague.pk, "confirm": "1"}
        )
        assert response.status_code == 302
        assert list(company.supporters.all()) == [colleague]
