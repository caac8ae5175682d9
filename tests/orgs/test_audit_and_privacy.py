"""The organization's activity log, private caching, the CSRF failure page and remembered organizations."""

import pytest
from django.test import Client
from django.urls import reverse

from banso.companies.domain import delete_company
from banso.orgs.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory

ACTIVITY = reverse("orgs:activity", kwargs={"org": "minato"})


@pytest.mark.django_db
def test_admin_sees_who_deleted_a_company_after_it_is_gone(login, admin_user, company):
    delete_company(company, membership=admin_user.memberships.get(), by=admin_user)
    body = login(admin_user).get(ACTIVITY).content.decode()
    assert "事業者「有限会社丸山精工」を削除しました。" in body
    assert "admin さん" in body


@pytest.mark.django_db
def test_activity_log_is_for_admins_only(login, supporter, viewer, company):
    assert login(supporter).get(ACTIVITY).status_code == 403
    assert login(viewer).get(ACTIVITY).status_code == 403


@pytest.mark.django_db
def test_activity_log_of_another_organization_is_404(login, outsider, company):
    assert login(outsider).get(ACTIVITY).status_code == 404


@pytest.mark.django_db
def test_signed_in_pages_are_not_cached(login, supporter, company):
    response = login(supporter).get(reverse("companies:detail", kwargs={"org": "minato", "pk": company.pk}))
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_csrf_failure_is_explained_in_japanese(supporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supporter)
    response = client.post(reverse("companies:create", kwargs={"org": "minato"}), {"name": "x"})
    assert response.status_code == 403
    assert "再読み込み" in response.content.decode()


@pytest.mark.django_db
def test_next_sign_in_opens_the_organization_used_last(supporter, org):
    second = OrganizationFactory(name="第二商工会", slug="second")
    MembershipFactory(user=supporter, organization=second, role="viewer")
    first_session = Client()
    first_session.force_login(supporter)
    first_session.get(reverse("companies:list", kwargs={"org": "second"}))
    new_session = Client()
    new_session.force_login(supporter)
    assert new_session.get("/")["Location"] == reverse("home:today", kwargs={"org": "second"})


@pytest.mark.django_db
def test_owner_lands_on_their_portal(owner, company):
    client = Client()
    client.force_login(owner)
    portal = reverse("portal:home", kwargs={"org": "minato"})
    assert client.get("/")["Location"] == portal
    assert client.get(reverse("orgs:home", kwargs={"org": "minato"}))["Location"] == portal


@pytest.mark.django_db
def test_role_changes_are_audited(admin_user, supporter):
    membership = Membership.objects.get(user=supporter)
    membership.role = "viewer"
    membership._history_user = admin_user
    membership.save()
    latest = membership.history.first()
    assert (latest.role, latest.history_user, latest.history_organization_id) == (
        "viewer",
        admin_user,
        membership.organization_id,
    )


@pytest.mark.django_db
def test_company_with_an_owner_account_cannot_be_deleted(login, admin_user, owner, company):
    response = login(admin_user).post(reverse("companies:delete", kwargs={"org": "minato", "pk": company.pk}))
    assert response.status_code == 200
    assert "経営者・従業員のアカウントがひも付いている" in response.content.decode()
    company.refresh_from_db()


@pytest.mark.django_db
def test_activity_details_show_names_never_codes_split_into_letters(login, admin_user, company):
    from banso.core.models import log_activity

    log_activity(
        organization_id=company.organization_id,
        company_id=company.pk,
        code="engagement.action.reviewed",
        message="アクション「原価計算」を振り返りました（実行中 → 完了）。",
        by=admin_user,
        data={"old": "in_progress", "new": "done"},
    )
    body = login(admin_user).get(ACTIVITY).content.decode()
    assert "（実行中 → 完了）" in body
    assert "i、n" not in body and "in_progress" not in body


@pytest.mark.django_db
def test_admin_sees_who_downloaded_which_file_under_the_download_filter(
    login, admin_user, supporter, company
):
    template = reverse("diagnosis:statement_template", kwargs={"org": "minato", "company_pk": company.pk})
    response = login(supporter).get(template)
    assert response.status_code == 200
    admin = login(admin_user)
    downloads = admin.get(ACTIVITY, {"kind": "download."}).content.decode()
    assert "ダウンロード" in downloads
    assert (
        "有限会社丸山精工の「決算書入力テンプレート_有限会社丸山精工.xlsx」をダウンロードしました。"
        in downloads
    )
    assert "supporter さん" in downloads
    # Other filters do not list it.
    assert "をダウンロードしました" not in admin.get(ACTIVITY, {"kind": "company."}).content.decode()
