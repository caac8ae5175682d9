"""The API of issue 12's remaining parts: the owner portal (my actions with their version, my figures
with the month close), members (list, invite, change role, deactivate: tokens stop at once) and the
lender's read-only shared data (granted scope only, every read logged, a scope not granted → 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from banso.core.models import ActivityLog
from banso.core.roles import Role
from banso.engagements.models import ActionReview
from banso.monitoring.domain.actuals import save_actuals
from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonitoringReport, MonthlyActual
from banso.orgs.models import Membership
from banso.sharing import domain as sharing
from banso.sharing.models import ShareAccessLog
from tests.api.test_companies_api import Api, token_for
from tests.factories import MembershipFactory, UserFactory
from tests.monitoring.factories import make_plan
from tests.portal.conftest import employee, portal_world  # noqa: F401 (fixtures)
from tests.sharing.factories import lender_org

pytestmark = pytest.mark.django_db


def _patch(api, path, body):
    return api.patch(path, body)


def _put(api, path, body):
    import json

    return api.client.put(path, json.dumps(body), content_type="application/json", **api.headers)


# --- the owner portal ---


def test_owner_updates_an_action_with_its_version_and_a_stale_one_is_409(owner, portal_world):  # noqa: F811
    w = portal_world
    api = Api(token_for(owner))
    listed = api.get("/api/v1/portal/actions")
    assert listed.status_code == 200
    whats = {a["what"] for a in listed.json()["results"]}
    assert "主要10品目の原価を計算する" in whats and "専務との関係を探る（支援者メモ）" not in whats
    path = f"/api/v1/portal/actions/{w.shared_action.pk}"
    version = api.get(path).json()["version"]
    body = {"status": "in_progress", "result": "6品目の原価を計算した", "learning": "赤字品目が見えた"}
    assert _patch(api, path, body).status_code == 428
    done = _patch(api, path, body | {"version": version})
    assert done.status_code == 200 and done.json()["version"] == version + 1
    assert done.json()["reviews"][-1]["by_company"] is True
    stale = _patch(api, path, body | {"version": version, "result": "上書き"})
    assert stale.status_code == 409
    assert list(ActionReview.objects.filter(action=w.shared_action).values_list("result", "by_company")) == [
        ("6品目の原価を計算した", True)
    ]
    # an internal action or another company's is a 404
    assert api.get(f"/api/v1/portal/actions/{w.internal_action.pk}").status_code == 404
    assert (
        _patch(api, f"/api/v1/portal/actions/{w.foreign_action.pk}", body | {"version": 1}).status_code == 404
    )


def test_an_employee_sees_only_their_actions_and_never_the_figures(employee, portal_world):  # noqa: F811
    api = Api(token_for(employee))
    whats = {a["what"] for a in api.get("/api/v1/portal/actions").json()["results"]}
    assert whats == {"朝礼で不良件数を共有する"}
    assert api.get("/api/v1/portal/figures").status_code == 404


def test_owner_figures_put_with_version_month_close_and_conflict(company, owner, supporter):
    api = Api(token_for(owner))
    month = Month.of(timezone.localdate())
    current = api.get("/api/v1/portal/figures").json()
    assert current["month"] == str(month) and current["version"] == "-"
    body = {"month": str(month), "net_sales": 1_000_000, "gross_profit": 300_000, "cash_and_deposits": 50_000}
    assert _put(api, "/api/v1/portal/figures", body).status_code == 428
    saved = _put(api, "/api/v1/portal/figures", body | {"version": current["version"]})
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["net_sales"], saved.json()["gross_profit"]) == (1_000_000, 300_000)
    assert MonthlyActual.objects.get(company=company, line="cost_of_sales").amount == 700_000
    # the supporter saves the month: the owner's version is stale
    save_actuals(
        company,
        by=supporter,
        amounts={month: {"net_sales": 1_100_000}},
        expected_versions={(month, "net_sales"): 1},
    )
    older = {"version": saved.json()["version"], "net_sales": 900_000}
    stale = _put(api, "/api/v1/portal/figures", body | older)
    assert stale.status_code == 409
    assert MonthlyActual.objects.get(company=company, line="net_sales").amount == 1_100_000
    # once a report covering the month is issued, the month is closed
    MonitoringReport.objects.create(
        company=company,
        from_month=month.first_day,
        to_month=month.first_day,
        plan_version=make_plan(company, by=supporter),
        status=MonitoringReport.Status.ISSUED,
        issued_at=timezone.now(),
        issued_by=supporter,
    )
    fresh = api.get("/api/v1/portal/figures").json()
    assert fresh["closed"] is True
    closed = _put(api, "/api/v1/portal/figures", body | {"version": fresh["version"]})
    assert closed.status_code == 400 and "修正の理由" in closed.json()["detail"]
    fixed = _put(
        api, "/api/v1/portal/figures", body | {"version": fresh["version"], "correction_reason": "返品"}
    )
    assert fixed.status_code == 200
    assert ActivityLog.objects.filter(code="monitoring.owner_figures.saved", actor=owner).count() == 2


def test_support_side_tokens_get_404_on_the_portal(supporter, portal_world):  # noqa: F811
    api = Api(token_for(supporter))
    assert api.get("/api/v1/portal/actions").status_code == 404
    assert api.get("/api/v1/portal/figures").status_code == 404


# --- members ---


def test_admin_invites_changes_and_deactivates_and_the_tokens_stop_at_once(
    org, admin_user, supporter, company
):
    api = Api(token_for(admin_user))
    listed = api.get("/api/v1/members").json()
    assert {m["email"] for m in listed["results"]} >= {supporter.email}
    invited = api.post(
        "/api/v1/members", {"email": "New@Example.jp", "full_name": "新人 花子", "role": "supporter"}
    )
    assert invited.status_code == 201 and invited.json()["invited"] is True
    assert len(mail.outbox) == 1 and "new@example.jp" in mail.outbox[0].to
    bad = api.post("/api/v1/members", {"email": "not-an-email", "role": "supporter"})
    assert bad.status_code == 422

    member = Membership.objects.get(user=supporter)
    path = f"/api/v1/members/{member.pk}"
    assert api.patch(path, {"role": "viewer"}).status_code == 428
    changed = api.patch(path, {"role": "viewer", "version": member.version})
    assert changed.status_code == 200 and changed.json()["role"] == "viewer"
    assert api.patch(path, {"role": "supporter", "version": member.version}).status_code == 409

    supporter_api = Api(token_for(supporter))
    assert supporter_api.get("/api/v1/companies").status_code == 200
    gone = api.post(f"{path}/deactivate", {"version": changed.json()["version"]})
    assert gone.status_code == 200 and gone.json()["tokens_revoked"] == 1
    assert supporter_api.get("/api/v1/companies").status_code == 401

    me = Membership.objects.get(user=admin_user)
    last = api.post(f"/api/v1/members/{me.pk}/deactivate", {"version": me.version})
    assert last.status_code == 400


def test_non_admins_cannot_list_or_touch_members(supporter, viewer, admin_user):
    for user in (supporter, viewer):
        api = Api(token_for(user))
        assert api.get("/api/v1/members").status_code == 403
        target = Membership.objects.get(user=admin_user)
        assert api.get(f"/api/v1/members/{target.pk}").status_code == 404
        assert api.post(f"/api/v1/members/{target.pk}/deactivate", {"version": 1}).status_code == 404
    assert Membership.objects.get(user=admin_user).is_active


# --- the lender's shared data ---


@pytest.fixture
def lender(db):
    shinkin = lender_org()
    user = UserFactory(username="lender", full_name="小林 亮")
    MembershipFactory(user=user, organization=shinkin, role=Role.SUPPORTER)
    return user


def test_the_lender_reads_only_the_granted_scope_and_every_read_is_logged(company, owner, supporter, lender):
    from tests.monitoring.report_world import matrix_reports

    issued = matrix_reports(company, by=supporter)["issued"]
    grant = sharing.grant_consent(
        company,
        by=owner,
        membership=Membership.objects.get(user=owner),
        grantee="shinkin",
        scopes=["monitoring_reports"],
        expires_on=sharing.today() + dt.timedelta(days=30),
    )
    api = Api(token_for(lender))
    listed = api.get("/api/v1/shared/companies").json()["results"]
    assert [(c["id"], [s["code"] for s in c["scopes"]]) for c in listed] == [
        (company.pk, ["monitoring_reports"])
    ]
    reports = api.get(f"/api/v1/shared/companies/{company.pk}/monitoring_reports")
    assert reports.status_code == 200
    assert [r["id"] for r in reports.json()["data"]] == [issued.pk]
    assert "<form" not in reports.json()["html"]
    table = api.get(f"/api/v1/shared/companies/{company.pk}/monitoring_table")
    assert table.status_code == 404
    unknown = api.get(f"/api/v1/shared/companies/{company.pk}/everything")
    assert unknown.status_code == 404
    assert list(ShareAccessLog.objects.order_by("id").values_list("action", "scope")) == [
        ("view", "monitoring_reports"),
        ("refused", "monitoring_table"),
        ("refused", "everything"),
    ]
    sharing.revoke_grant(grant, by=owner, expected_version=grant.version)
    assert api.get(f"/api/v1/shared/companies/{company.pk}/monitoring_reports").status_code == 404
    assert api.get("/api/v1/shared/companies").json()["results"] == []
    # the company side never reaches the lender's API
    assert Api(token_for(owner)).get("/api/v1/shared/companies").status_code == 404
