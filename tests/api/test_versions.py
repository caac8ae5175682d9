"""Every change of an existing record through the API names the version it changes: `version` in the
body or an If-Match header; without either 428 with a Japanese detail and nothing written; a stale
one 409. Creating needs no version, and neither does a PUT that creates the record."""

import json

import pytest

from banso.api.common import IF_MATCH_INVALID_MESSAGE, VERSION_REQUIRED_MESSAGE
from banso.companies.models import Company
from banso.diagnosis.models import FinancialStatement
from banso.engagements.models import OutcomeBaseline
from tests.api.test_companies_api import Api, token_for
from tests.diagnosis.factories import make_design_sheet, make_non_financial_sheet, make_statement
from tests.engagements.factories import (
    ActionFactory,
    DialogueFactory,
    EngagementFactory,
    FollowUpFactory,
    IssueNodeFactory,
    OutcomeBaselineFactory,
    ReferralFactory,
    StakeholderFactory,
    SupportBodyFactory,
    WallAssessmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(company, supporter):
    return EngagementFactory(company=company, lead_supporter=supporter)


def _updates(company, engagement, supporter):
    """(method, path, body, the object to re-read) for every update operation of the API."""
    e = f"/api/v1/engagements/{engagement.pk}"
    c = f"/api/v1/companies/{company.pk}"
    make_statement(company, 2025, by=supporter)
    sheet = make_non_financial_sheet(company, by=supporter)
    design = make_design_sheet(company, by=supporter)
    dialogue = DialogueFactory(engagement=engagement)
    issue = IssueNodeFactory(engagement=engagement)
    walls = WallAssessmentFactory(engagement=engagement)
    person = StakeholderFactory(engagement=engagement)
    action = ActionFactory(engagement=engagement)
    referral = ReferralFactory(engagement=engagement)
    follow_up = FollowUpFactory(engagement=engagement)
    baseline = OutcomeBaselineFactory(engagement=engagement)
    body = SupportBodyFactory(organization=company.organization)
    return [
        ("patch", c, {"employees": 99}, company),
        ("put", f"{c}/financial-statements/2025", {"net_sales": 1}, FinancialStatement.objects.get()),
        ("patch", f"{c}/non-financial-sheets/{sheet.pk}", {"as_of": "2026-05-01"}, sheet),
        ("patch", f"{c}/design-sheets/{design.pk}", {"title": "改訂"}, design),
        ("patch", e, {"title": "改題"}, engagement),
        ("patch", f"{e}/dialogues/{dialogue.pk}", {"insights": "上書き"}, dialogue),
        ("patch", f"{e}/issues/{issue.pk}", {"text": "上書き"}, issue),
        ("patch", f"{e}/wall-assessments/{walls.pk}", {"ratings": {"unseen": 0}}, walls),
        ("patch", f"{e}/stakeholders/{person.pk}", {"title": "会長"}, person),
        ("patch", f"{e}/actions/{action.pk}", {"status": "done"}, action),
        ("patch", f"{e}/referrals/{referral.pk}", {"status": "completed"}, referral),
        ("patch", f"{e}/follow-ups/{follow_up.pk}", {"note": "上書き"}, follow_up),
        ("put", f"{e}/outcome-baseline", {"net_sales": 1}, baseline),
        ("patch", f"/api/v1/support-bodies/{body.pk}", {"phone": "000"}, body),
    ]


def _send(api: Api, method, path, body, headers=None):
    return getattr(api.client, method)(
        path, json.dumps(body), content_type="application/json", headers=headers, **api.headers
    )


def test_every_update_without_a_version_is_428_and_writes_nothing(admin_user, company, engagement):
    api = Api(token_for(admin_user))
    updates = _updates(company, engagement, admin_user)
    assert len(updates) == 14
    for method, path, body, obj in updates:
        before = type(obj).objects.get(pk=obj.pk).version
        response = _send(api, method, path, body)
        assert (response.status_code, response.json()["detail"]) == (428, VERSION_REQUIRED_MESSAGE), path
        assert type(obj).objects.get(pk=obj.pk).version == before, path


@pytest.mark.parametrize("header", ['"1"', "1", 'W/"1"'])
def test_if_match_names_the_version(admin_user, company, header):
    api = Api(token_for(admin_user))
    response = api.patch(f"/api/v1/companies/{company.pk}", {"employees": 40}, headers={"If-Match": header})
    assert (response.status_code, response.json()["employees"], response.json()["version"]) == (200, 40, 2)
    stale = api.patch(f"/api/v1/companies/{company.pk}", {"employees": 41}, headers={"If-Match": header})
    assert stale.status_code == 409
    assert Company.objects.get(pk=company.pk).employees == 40


def test_a_wrong_if_match_or_one_that_contradicts_the_body_is_422(admin_user, company):
    api = Api(token_for(admin_user))
    garbled = api.patch(f"/api/v1/companies/{company.pk}", {"employees": 40}, headers={"If-Match": "*"})
    assert (garbled.status_code, garbled.json()["detail"]) == (422, IF_MATCH_INVALID_MESSAGE)
    both = api.patch(
        f"/api/v1/companies/{company.pk}", {"employees": 40, "version": 1}, headers={"If-Match": '"2"'}
    )
    assert both.status_code == 422
    assert "一致しません" in both.json()["detail"]
    assert Company.objects.get(pk=company.pk).employees == 12


def test_a_put_that_creates_needs_no_version(admin_user, company, engagement):
    api = Api(token_for(admin_user))
    statement = _send(
        api, "put", f"/api/v1/companies/{company.pk}/financial-statements/2024", {"net_sales": 1}
    )
    assert statement.status_code == 201
    assert FinancialStatement.objects.get(company=company, fiscal_year=2024).net_sales == 1
    baseline = _send(api, "put", f"/api/v1/engagements/{engagement.pk}/outcome-baseline", {"net_sales": 5})
    assert (baseline.status_code, baseline.json()["version"]) == (200, 1)
    again = _send(api, "put", f"/api/v1/engagements/{engagement.pk}/outcome-baseline", {"net_sales": 6})
    assert again.status_code == 428
    assert OutcomeBaseline.objects.get(engagement=engagement).net_sales == 5


def test_the_openapi_documents_the_version_rule(admin_user):
    schema = Api(token_for(admin_user)).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/companies/{company_id}"]["patch"]
    assert "428" in operation["responses"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"])
    assert "If-Match" in operation["description"]
    created = schema["paths"]["/api/v1/companies"]["post"]
    assert "428" not in created["responses"]
