"""The consent ledger end to end without a browser: granting (owner and documented), the bad inputs
of the issue, revocation with its version, and what a lender sees — exactly the granted scopes, a 404
(logged) for anything else, a 404 at once after revocation or expiry — and the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from banso.core.errors import ConflictError, DomainError
from banso.core.roles import Role
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from banso.sharing import domain
from banso.sharing.models import ConsentGrant, ShareAccessLog
from tests.conftest import client_for
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.sharing.factories import consent_pdf, lender_org, make_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def shinkin(db):
    return lender_org()


@pytest.fixture
def lender(shinkin):
    user = UserFactory(username="lender", full_name="小林 亮")
    MembershipFactory(user=user, organization=shinkin, role=Role.SUPPORTER)
    return user


@pytest.fixture
def lender_client(lender):
    return client_for(lender)


@pytest.fixture
def issued_report(company, supporter):
    from tests.monitoring.report_world import matrix_reports

    return matrix_reports(company, by=supporter)["issued"]


def _membership(user):
    return Membership.objects.get(user=user)


def _shared(name, org="shinkin", **kwargs):
    return reverse(f"shared:{name}", kwargs={"org": org, **kwargs})


def _ledger(company, org="minato"):
    return reverse("sharing:consents", kwargs={"org": org, "company_pk": company.pk})


def _owner_grant(company, owner, shinkin, scopes=("monitoring_reports", "local_benchmark"), days=30):
    return domain.grant_consent(
        company,
        by=owner,
        membership=_membership(owner),
        grantee=shinkin.slug,
        scopes=list(scopes),
        expires_on=domain.today() + dt.timedelta(days=days),
    )


# --- granting ----------------------------------------------------------------------------------------


def test_owner_grants_in_banso_without_a_document(company, owner, shinkin):
    grant = _owner_grant(company, owner, shinkin)
    assert grant.method == ConsentGrant.Method.OWNER
    assert grant.consented_on == domain.today()
    assert grant.scopes == ["monitoring_reports", "local_benchmark"]
    assert grant.history.count() == 1
    from banso.core.models import ActivityLog

    assert ActivityLog.objects.filter(code="sharing.grant.created", company_id=company.pk).count() == 1


def test_supporter_records_documented_consent(company, supporter, shinkin):
    grant = make_grant(company, by=supporter, grantee=shinkin)
    assert grant.method == ConsentGrant.Method.DOCUMENTED
    assert grant.document.name.startswith(f"sharing/consents/{company.pk}/")
    assert grant.document_name == "同意書.pdf"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"grantee": "no-such-org"}, "grantee_organization"),
        ({"grantee": "minato"}, "grantee_organization"),  # the company's own organization
        ({"expires_on": dt.date(2020, 1, 1)}, "expires_on"),  # in the past
        ({"scopes": []}, "scopes"),
        ({"scopes": ["engagements"]}, "scopes"),  # not a shareable scope
        ({"consented_on": None}, "consented_on"),
        ({"document": None}, "document"),
        ({"document": "exe"}, "document"),
        ({"document": "empty"}, "document"),
    ],
)
def test_bad_grants_are_refused_with_a_japanese_message_and_change_nothing(
    company, supporter, shinkin, change, field
):
    arguments = {
        "grantee": shinkin.slug,
        "scopes": ["monitoring_reports"],
        "expires_on": domain.today() + dt.timedelta(days=10),
        "consented_on": domain.today(),
        "document": consent_pdf(),
        **change,
    }
    if arguments["document"] == "exe":
        arguments["document"] = consent_pdf("同意書.pdf", b"MZ\x90\x00 not a pdf")
    elif arguments["document"] == "empty":
        arguments["document"] = consent_pdf("同意書.pdf", b"")
    with pytest.raises(ValidationError) as caught:
        domain.grant_consent(company, by=supporter, membership=_membership(supporter), **arguments)
    message = caught.value.message_dict[field][0]
    assert any("\u3040" <= ch <= "\u9fff" for ch in message), message
    assert not ConsentGrant.objects.exists()


def test_the_grant_form_shows_the_error_where_the_field_is(company, supporter, shinkin):
    client = client_for(supporter)
    response = client.post(
        _ledger(company),
        {"grantee_organization": shinkin.slug, "scopes": ["monitoring_reports"], "expires_on": "2020/1/1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "共有の期限が過去の日付です" in page or "経営者が同意した日を入力してください" in page
    assert "同意書の PDF・写真）を添付してください" in page
    assert not ConsentGrant.objects.exists()


def test_the_owner_grants_through_the_page(company, owner, shinkin):
    response = client_for(owner).post(
        _ledger(company),
        {
            "grantee_organization": shinkin.slug,
            "scopes": ["monitoring_table"],
            "expires_on": (domain.today() + dt.timedelta(days=5)).strftime("%Y/%m/%d"),
        },
    )
    assert response.status_code == 302
    grant = ConsentGrant.objects.get()
    assert (grant.grantee_organization, grant.scopes, grant.method) == (
        shinkin,
        ["monitoring_table"],
        "owner",
    )


def test_an_employee_does_not_see_the_ledger(company, org):
    employee = UserFactory(username="employee")
    MembershipFactory(user=employee, organization=org, role=Role.EMPLOYEE, company=company)
    assert client_for(employee).get(_ledger(company)).status_code == 404


# --- revocation --------------------------------------------------------------------------------------


def test_revocation_is_version_checked_and_happens_once(company, owner, shinkin):
    grant = _owner_grant(company, owner, shinkin)
    with pytest.raises(ConflictError):
        domain.revoke_grant(grant, by=owner, expected_version=grant.version + 1)
    revoked = domain.revoke_grant(grant, by=owner, expected_version=grant.version)
    assert revoked.revoked_at is not None and revoked.revoked_by == owner and revoked.version == 2
    with pytest.raises(DomainError):
        domain.revoke_grant(revoked, by=owner, expected_version=revoked.version)


def test_a_stale_revoke_on_the_page_changes_nothing(company, owner, shinkin):
    grant = _owner_grant(company, owner, shinkin)
    url = reverse("sharing:grant_revoke", kwargs={"org": "minato", "company_pk": company.pk, "pk": grant.pk})
    response = client_for(owner).post(url, {"version": grant.version + 3}, follow=True)
    assert "他の方が更新しました" in response.content.decode()
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_a_viewer_cannot_grant_or_revoke(company, viewer, owner, shinkin):
    grant = _owner_grant(company, owner, shinkin)
    client = client_for(viewer)
    assert client.get(_ledger(company)).status_code == 200
    page = client.get(_ledger(company)).content.decode()
    assert 'data-testid="grant-form"' not in page and "取り消す</button>" not in page
    url = reverse("sharing:grant_revoke", kwargs={"org": "minato", "company_pk": company.pk, "pk": grant.pk})
    assert client.post(url, {"version": grant.version}).status_code == 403
    assert client.post(_ledger(company), {"grantee_organization": shinkin.slug}).status_code == 403
    grant.refresh_from_db()
    assert grant.revoked_at is None and ConsentGrant.objects.count() == 1


# --- what the lender sees ----------------------------------------------------------------------------


def test_the_lender_sees_exactly_the_granted_scopes_and_every_view_is_logged(
    company, owner, shinkin, lender, lender_client, issued_report
):
    _owner_grant(company, owner, shinkin)
    listing = lender_client.get(_shared("list")).content.decode()
    assert company.name in listing and "モニタリング報告書、ローカルベンチマーク" in listing
    overview = lender_client.get(_shared("company", company_pk=company.pk)).content.decode()
    assert "共有・閲覧のみ" in overview and "月次モニタリング表" not in overview
    reports = lender_client.get(_shared("scope", company_pk=company.pk, scope="monitoring_reports"))
    assert reports.status_code == 200
    page = reports.content.decode()
    assert "<form" not in page.split('data-testid="shared-content"')[1].split("</section>")[0]
    assert f"/o/minato/companies/{company.pk}" not in page  # no link into the owner's pages
    download = lender_client.get(
        _shared(
            "download",
            company_pk=company.pk,
            scope="monitoring_reports",
            item=f"report-{issued_report.pk}.pdf",
        )
    )
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    b"".join(download.streaming_content)
    log = list(ShareAccessLog.objects.order_by("id").values_list("scope", "action", "user__username"))
    assert log == [
        ("monitoring_reports", "view", "lender"),
        ("monitoring_reports", "download", "lender"),
    ]


@pytest.mark.parametrize("scope", ["monitoring_table", "plan", "cash_flow", "no_such_scope"])
def test_a_scope_not_granted_is_404_and_the_attempt_is_logged(company, owner, shinkin, lender_client, scope):
    _owner_grant(company, owner, shinkin)
    response = lender_client.get(_shared("scope", company_pk=company.pk, scope=scope))
    assert response.status_code == 404
    assert "見つかりません" in response.content.decode()
    row = ShareAccessLog.objects.get()
    assert (row.scope, row.action) == (scope, "refused")


def test_a_draft_report_or_another_companys_report_is_not_downloadable(
    company, owner, shinkin, lender_client, issued_report, foreign_company, outsider
):
    from tests.monitoring.report_world import matrix_reports

    _owner_grant(company, owner, shinkin)
    draft = issued_report.company.monitoring_reports.exclude(pk=issued_report.pk).first()
    foreign = matrix_reports(foreign_company, by=outsider)["issued"]
    for item in (
        f"report-{draft.pk}.pdf",
        f"report-{foreign.pk}.pdf",
        "report-9999999999999999.pdf",
        "report-1.exe",
    ):
        response = lender_client.get(
            _shared("download", company_pk=company.pk, scope="monitoring_reports", item=item)
        )
        assert response.status_code == 404, item
    assert not ShareAccessLog.objects.filter(action="download").exists()


def test_revocation_is_effective_at_once(company, owner, shinkin, lender_client):
    grant = _owner_grant(company, owner, shinkin)
    url = _shared("scope", company_pk=company.pk, scope="local_benchmark")
    assert lender_client.get(url).status_code == 200
    domain.revoke_grant(grant, by=owner, expected_version=grant.version)
    assert lender_client.get(url).status_code == 404
    assert lender_client.get(_shared("company", company_pk=company.pk)).status_code == 404
    assert company.name not in lender_client.get(_shared("list")).content.decode()
    assert list(ShareAccessLog.objects.order_by("id").values_list("action", flat=True)) == [
        "view",
        "refused",
        "refused",
    ]


def test_an_expired_or_not_yet_started_grant_shows_nothing(company, owner, shinkin, lender_client):
    grant = _owner_grant(company, owner, shinkin)
    url = _shared("scope", company_pk=company.pk, scope="local_benchmark")
    ConsentGrant.objects.filter(pk=grant.pk).update(
        starts_on=domain.today() - dt.timedelta(days=40), expires_on=domain.today() - dt.timedelta(days=1)
    )
    assert lender_client.get(url).status_code == 404
    ConsentGrant.objects.filter(pk=grant.pk).update(
        starts_on=domain.today() + dt.timedelta(days=1), expires_on=domain.today() + dt.timedelta(days=9)
    )
    assert lender_client.get(url).status_code == 404
    assert not ShareAccessLog.objects.filter(action="view").exists()


def test_without_any_grant_the_company_is_404_and_nothing_is_logged(company, lender_client):
    assert lender_client.get(_shared("company", company_pk=company.pk)).status_code == 404
    assert (
        lender_client.get(_shared("scope", company_pk=company.pk, scope="local_benchmark")).status_code == 404
    )
    assert not ShareAccessLog.objects.exists()


def test_a_grant_never_opens_the_companys_own_pages_or_api(company, owner, shinkin, lender, lender_client):
    _owner_grant(company, owner, shinkin)
    for url in (
        f"/o/minato/companies/{company.pk}/",
        f"/o/shinkin/companies/{company.pk}/",
        f"/o/shinkin/companies/{company.pk}/diagnosis/local-benchmark/",
        f"/o/shinkin/companies/{company.pk}/monitoring/reports/",
        f"/o/shinkin/companies/{company.pk}/sharing/",
    ):
        assert lender_client.get(url).status_code == 404, url
    _, token = create_api_token(_membership(lender), name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for url in (
        f"/api/v1/companies/{company.pk}",
        f"/api/v1/companies/{company.pk}/local-benchmark",
        f"/api/v1/companies/{company.pk}/monitoring-reports",
        f"/api/v1/companies/{company.pk}/consent-grants",
        f"/api/v1/companies/{company.pk}/share-log",
    ):
        assert api.get(url).status_code == 404, url


def test_the_lenders_company_side_users_see_no_shared_company(company, owner, shinkin):
    _owner_grant(company, owner, shinkin)
    lender_client_company = UserFactory(username="shinkin-owner")
    from tests.factories import CompanyFactory

    own = CompanyFactory(organization=shinkin, name="株式会社しんきん取引先")
    MembershipFactory(user=lender_client_company, organization=shinkin, role=Role.OWNER, company=own)
    client = client_for(lender_client_company)
    assert client.get(_shared("list")).status_code == 404
    assert client.get(_shared("scope", company_pk=company.pk, scope="local_benchmark")).status_code == 404


# --- the owner and the supporter read the log ----------------------------------------------------------


def test_the_owner_and_the_supporter_see_who_saw_what(company, owner, supporter, shinkin, lender_client):
    _owner_grant(company, owner, shinkin)
    lender_client.get(_shared("scope", company_pk=company.pk, scope="local_benchmark"))
    lender_client.get(_shared("scope", company_pk=company.pk, scope="cash_flow"))
    for user in (owner, supporter):
        page = client_for(user).get(_ledger(company)).content.decode()
        assert page.count('data-action="view"') == 1 and page.count('data-action="refused"') == 1
        assert "小林 亮" in page and "みなと信用金庫" in page
        log = client_for(user).get(
            reverse("sharing:share_log", kwargs={"org": "minato", "company_pk": company.pk})
        )
        assert log.status_code == 200 and "ローカルベンチマーク" in log.content.decode()


# --- API -----------------------------------------------------------------------------------------------


def _api(user):
    _, token = create_api_token(_membership(user), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_grant_revoke_and_log(company, owner, supporter, shinkin, lender_client):
    url = f"/api/v1/companies/{company.pk}/consent-grants"
    body = {
        "grantee_organization": shinkin.slug,
        "scopes": ["local_benchmark"],
        "expires_on": (domain.today() + dt.timedelta(days=20)).isoformat(),
    }
    created = _api(owner).post(url, json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    grant = created.json()
    assert (grant["grantee_organization"], grant["method"], grant["state"]) == ("shinkin", "owner", "live")
    # A supporter must attach the document: JSON alone is refused naming the fields.
    refused = _api(supporter).post(url, json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    assert {"consented_on", "document"} <= fields
    documented = _api(supporter).post(
        url,
        {**body, "consented_on": domain.today().isoformat(), "document": consent_pdf()},
    )
    assert documented.status_code == 201, documented.content
    assert documented.json()["has_document"] is True
    # Bad input: unknown and same organization, past expiry.
    for change in (
        {"grantee_organization": "nowhere"},
        {"grantee_organization": "minato"},
        {"expires_on": "2020-01-01"},
    ):
        response = _api(owner).post(url, json.dumps({**body, **change}), content_type="application/json")
        assert response.status_code == 422, change
    assert ConsentGrant.objects.count() == 2
    lender_client.get(_shared("scope", company_pk=company.pk, scope="local_benchmark"))
    revoke = f"{url}/{grant['id']}/revoke"
    assert _api(owner).post(revoke, "{}", content_type="application/json").status_code == 428
    assert (
        _api(owner).post(revoke, json.dumps({"version": 9}), content_type="application/json").status_code
        == 409
    )
    done = _api(owner).post(revoke, json.dumps({"version": 1}), content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "revoked"
    log = _api(supporter).get(f"/api/v1/companies/{company.pk}/share-log").json()
    assert log["count"] == 1
    assert (log["results"][0]["organization"], log["results"][0]["action"]) == ("shinkin", "view")


# --- lists do the same number of queries at two sizes; user text is escaped -----------------------------


def test_ledger_and_shared_list_query_counts_do_not_grow(company, owner, supporter, lender, lender_client):
    from tests.factories import OrganizationFactory
    from tests.helpers import count_queries

    counts = {"ledger": [], "shared": []}
    made = 0
    for size in (2, 6):
        while made < size:
            grantee = OrganizationFactory(slug=f"bank-{made}", name=f"銀行{made}")
            _owner_grant(company, owner, grantee)
            made += 1
            other = CompanyFactory(organization=company.organization, name=f"株式会社取引先{made}")
            _owner_grant(other, owner_for(other), Membership.objects.get(user=lender).organization)
            lender_client.get(_shared("scope", company_pk=other.pk, scope="local_benchmark"))
        counts["ledger"].append(count_queries(client_for(supporter), _ledger(company)))
        counts["shared"].append(count_queries(lender_client, _shared("list")))
    assert counts["ledger"][0] == counts["ledger"][1], counts
    assert counts["shared"][0] == counts["shared"][1], counts


def owner_for(company):
    user = UserFactory(username=f"owner-{company.pk}")
    MembershipFactory(user=user, organization=company.organization, role=Role.OWNER, company=company)
    return user


def test_user_text_is_escaped_on_both_sides(company, owner, lender_client):
    from tests.factories import OrganizationFactory

    hostile = OrganizationFactory(slug="evil", name="<script>alert(1)</script>銀行")
    grant = _owner_grant(company, owner, hostile)
    ConsentGrant.objects.filter(pk=grant.pk).update(note="<img src=x onerror=alert(1)>")
    page = client_for(owner).get(_ledger(company)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;銀行" in page
    assert "<img src=x" not in page
