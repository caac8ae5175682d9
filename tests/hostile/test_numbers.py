"""Hostile numbers: oversized integers as pages, ids and references, in every API operation (walked
from the OpenAPI itself) and in the list pages. Each answer is a 4xx with a Japanese message (or a
200 page), never a 500, and nothing is written."""

import datetime as dt
import hashlib
import io
import json
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from banso.engagements.models import OutcomeBaseline
from banso.monitoring.domain import plans as monitoring_plans
from banso.monitoring.domain.segment_imports import upload_segment_import
from banso.monitoring.models import AccountingImport, Gap, Kpi, MonitoringReport, NextMonthAction
from tests.api.test_companies_api import Api, token_for
from tests.diagnosis.factories import make_design_sheet, make_non_financial_sheet, make_statement
from tests.engagements.factories import (
    ActionFactory,
    DialogueFactory,
    EngagementFactory,
    FollowUpFactory,
    IssueNodeFactory,
    ReferralFactory,
    StakeholderFactory,
    SupportBodyFactory,
    WallAssessmentFactory,
)
from tests.monitoring.factories import make_plan
from tests.sharing.factories import make_grant

pytestmark = pytest.mark.django_db

HUGE = [2**63, 10**30, 2**53 + 1]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
REFERENCE_FIELDS = {
    "supporters",
    "lead_supporter",
    "members",
    "parent",
    "dialogues",
    "participants",
    "advisors",
    "owner",
    "root_issue",
    "dialogue",
    "support_body",
    "issue",
    "copy_from",
    "network",
}


def _rows() -> int:
    return sum(model.objects.count() for model in apps.get_models())


@pytest.fixture
def world(admin_user, company):
    """One of every object the API addresses, so each path can be filled with a real id."""
    engagement = EngagementFactory(company=company, lead_supporter=admin_user)
    make_statement(company, 2025, by=admin_user)
    action = ActionFactory(engagement=engagement)
    return {
        "company_id": company.pk,
        "engagement_id": engagement.pk,
        "fiscal_year": 2025,
        "sheet_id": make_non_financial_sheet(company, by=admin_user).pk,
        "design_sheet_id": make_design_sheet(company, by=admin_user).pk,
        "dialogue_id": DialogueFactory(engagement=engagement).pk,
        "issue_id": IssueNodeFactory(engagement=engagement).pk,
        "assessment_id": WallAssessmentFactory(engagement=engagement).pk,
        "stakeholder_id": StakeholderFactory(engagement=engagement).pk,
        "action_id": action.pk,
        "referral_id": ReferralFactory(engagement=engagement).pk,
        "follow_up_id": FollowUpFactory(engagement=engagement).pk,
        "support_body_id": SupportBodyFactory(organization=company.organization).pk,
        "grant_id": make_grant(company, by=admin_user).pk,
        **_monitoring_ids(company, admin_user),
        **_knowledge_ids(company, engagement, admin_user),
        **_consultation_ids(admin_user),
        **_comment_ids(admin_user, action),
        "job_id": _job_id(company, admin_user),
        "work_log_id": _work_log_id(engagement, admin_user),
        "member_id": admin_user.memberships.get().pk,
        "scope": "monitoring_reports",
    }


def _work_log_id(engagement, by) -> int:
    from banso.engagements.models import WorkLog

    return WorkLog.objects.create(
        engagement=engagement,
        worked_on=engagement.started_on or dt.date(2026, 4, 1),
        kind="preparation",
        minutes=30,
        worker=by,
        recorded_by=by,
    ).pk


def _job_id(company, by) -> int:
    """A background job of the signed-in user (GET /jobs/{job_id})."""
    from banso.core.models import Job

    return Job.objects.create(
        organization_id=company.organization_id,
        user=by,
        kind="monitoring.accounting_import",
        title="読み取り",
    ).pk


def _knowledge_ids(company, engagement, by) -> dict:
    """A case draft of the engagement and a case published inside the organization."""
    from django.utils import timezone

    from banso.knowledge.models import CaseDraft, PublishedCase

    draft = CaseDraft.objects.create(
        organization=company.organization,
        source_engagement_id=engagement.pk,
        source_company_id=company.pk,
        author=by,
        title="事例",
    )
    case = PublishedCase.objects.create(
        organization=company.organization, published_at=timezone.now(), title="事例"
    )
    return {"draft_id": draft.pk, "case_id": case.pk}


def _consultation_ids(by) -> dict:
    """A consultation of the organization with an answer (the admin asks, a colleague answers)."""
    from banso.knowledge.domain import consultations as consultation_domain
    from banso.orgs.models import Membership

    membership = Membership.objects.get(user=by)
    consultation = consultation_domain.ask(membership, by=by, title="相談", body="本文")
    answer = consultation_domain.answer(consultation, membership, by=by, body="回答")
    return {"consultation_id": consultation.pk, "answer_id": answer.pk}


def _comment_ids(by, action) -> dict:
    """A comment on the action and a notification of the signed-in user."""
    from banso.comments.domain import post_comment
    from banso.core.notifications import notify
    from banso.orgs.models import Membership

    membership = Membership.objects.get(user=by)
    comment = post_comment(membership, by=by, kind="action", object_id=action.pk, body="確認します")
    note = notify([by], kind="comment", text="お知らせ", organization=membership.organization_id)[0]
    return {"kind": "action", "object_id": action.pk, "comment_id": comment.pk, "notification_id": note.pk}


def _monitoring_ids(company, by) -> dict:
    """The monitoring objects the API addresses: a plan with a measure, an import waiting for
    confirmation, a gap, a next-month action, a KPI and an issued report (stand-in files)."""
    plan_version = make_plan(company, by=by, years=3)
    measure = monitoring_plans.add_measure(plan_version, by=by, title="施策")
    content = "勘定科目,2025年4月\n売上高,1000\n".encode()
    record = AccountingImport.objects.create(
        company=company,
        file="imports/hostile.csv",
        filename="推移表.csv",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        layout="generic_trial",
        uploaded_by=by,
    )
    april = dt.date(2025, 4, 1)
    gap = Gap.objects.create(company=company, line="sga", month=april, plan_version=plan_version)
    action = NextMonthAction.objects.create(company=company, month=april, title="訪問")
    kpi = Kpi.objects.create(company=company, name="訪問件数", unit="件")
    report = MonitoringReport(
        company=company,
        from_month=april,
        to_month=april,
        plan_version=plan_version,
        status=MonitoringReport.Status.ISSUED,
        figures={"company": {"id": company.pk, "name": company.name}},
        issued_at=timezone.now(),
        issued_by=by,
    )
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=False)
    report.xlsx.save("report.xlsx", ContentFile(b"PK stand-in"), save=False)
    report.save()
    return {
        "plan_id": plan_version.plan_id,
        "number": plan_version.number,
        "measure_id": measure.pk,
        "import_id": record.pk,
        "gap_id": gap.pk,
        "next_action_id": action.pk,
        "kpi_id": kpi.pk,
        "report_id": report.pk,
        "segment_import_id": upload_segment_import(
            company, by=by, upload=io.BytesIO("区分,2025年4月\n主力製品,1000\n".encode())
        ).pk,
        "month": "2026-04",
    }


@pytest.fixture
def api(admin_user):
    return Api(token_for(admin_user))


def _operations(api):
    schema = api.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation, schema


def _fill(path: str, ids: dict, **override) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(override.get(m.group(1), ids[m.group(1)])), path)


def _send(api, method, path, body=None, params=None):
    if method == "get":
        return api.client.get(path, params or {}, **api.headers)
    if params:
        path = f"{path}?{urlencode(params)}"
    return getattr(api.client, method)(
        path, json.dumps(body or {}), content_type="application/json", **api.headers
    )


def _assert_refused(response, statuses, where):
    assert response.status_code in statuses, (where, response.status_code, response.content[:300])
    assert JAPANESE.search(response.json()["detail"]), where


def test_every_path_id_out_of_range_is_404(api, world):
    before = _rows()
    walked = 0
    for path, method, _operation, _schema in _operations(api):
        for name in re.findall(r"\{(\w+)\}", path):
            for huge in HUGE:
                response = _send(api, method, _fill(path, world, **{name: huge}), {"version": 1})
                _assert_refused(response, {404}, (method, path, name, huge))
                walked += 1
    assert walked > 150
    assert _rows() == before


def test_every_integer_query_parameter_out_of_range_is_422(api, world):
    before = _rows()
    walked = 0
    for path, method, operation, _schema in _operations(api):
        for parameter in operation.get("parameters", []):
            types = [parameter["schema"].get("type")] + [
                s.get("type") for s in parameter["schema"].get("anyOf", [])
            ]
            if parameter["in"] != "query" or "integer" not in types:
                continue
            for huge in [*HUGE, -1, 0]:
                response = _send(api, method, _fill(path, world), params={parameter["name"]: huge})
                if parameter["name"] in ("page", "page_size") or huge in HUGE:
                    _assert_refused(response, {422}, (path, parameter["name"], huge))
                else:
                    assert response.status_code < 500, (path, parameter["name"], huge)
                walked += 1
    assert walked >= 40
    assert _rows() == before


def _body_fields(operation, schema) -> dict:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return {}
    if "$ref" not in content["schema"]:  # a body documented inline (e.g. JSON or multipart)
        return content["schema"].get("properties", {})
    ref = content["schema"]["$ref"].rsplit("/", 1)[-1]
    return schema["components"]["schemas"][ref].get("properties", {})


def test_every_reference_field_out_of_range_is_422_naming_the_field(api, world):
    before = _rows()
    walked = set()
    for path, method, operation, schema in _operations(api):
        for name, spec in _body_fields(operation, schema).items():
            if name not in REFERENCE_FIELDS:
                continue
            is_list = "array" in json.dumps(spec)
            for huge in HUGE:
                body = {name: [huge] if is_list else huge, "version": 1}
                response = _send(api, method, _fill(path, world), body)
                _assert_refused(response, {422}, (method, path, name, huge))
                assert name in {e["field"].split(".")[0] for e in response.json()["errors"]}, (path, name)
                walked.add(name)
    assert walked == REFERENCE_FIELDS
    assert _rows() == before


def test_every_list_answers_a_huge_page_with_a_japanese_422(api, world):
    # The owner portal's lists answer the company side only: this walk's support-side token gets the
    # same 404 before the page is read, so they are left out here (they use the same paging helper).
    lists = [
        (path, operation)
        for path, method, operation, _schema in _operations(api)
        if method == "get"
        and any(p["name"] == "page" for p in operation.get("parameters", []))
        and not path.startswith("/api/v1/portal/")
    ]
    # Every collection of the API (tests/api/test_contract.py holds that each one is paged).
    assert len(lists) >= 14
    for path, _operation in lists:
        # a search needs its words; the paging is the same as every list's
        words = {"q": "在庫"} if path == "/api/v1/knowledge/search" else {}
        ok = _send(api, "get", _fill(path, world), params={"page": 100_000, "page_size": 10, **words})
        assert (ok.status_code, ok.json().get("results")) == (200, []), (path, ok.json())
        refused = _send(api, "get", _fill(path, world), params={"page": "9223372036854775808", **words})
        _assert_refused(refused, {422}, path)
        assert refused.json()["errors"] == [{"field": "page", "message": "値が大きすぎます。"}]


# --- The pages -----------------------------------------------------------------------------------


def _ui(name, **kwargs):
    return reverse(name, kwargs={"org": "minato", **kwargs})


@pytest.mark.parametrize(
    "query",
    [
        {"supporter": "99999999999999999999999"},
        {"supporter": "-1"},
        {"supporter": "１２"},
        {"page": "9223372036854775808"},
        {"page": "99999999999999999999999999999999"},
        {"page": "-5"},
    ],
)
def test_the_company_list_and_activity_log_take_any_number(login, admin_user, company, query):
    client = login(admin_user)
    listed = client.get(_ui("companies:list"), query)
    assert listed.status_code == 200
    assert company.name in listed.content.decode() or "page" in query
    assert client.get(_ui("orgs:activity"), query).status_code == 200


@pytest.mark.parametrize("page", ["9223372036854775808", "10000000000000000000000", "0", "ページ"])
def test_the_timeline_and_dialogue_list_take_any_page(login, admin_user, company, page):
    engagement = EngagementFactory(company=company, lead_supporter=admin_user)
    DialogueFactory(engagement=engagement, title="初回面談")
    client = login(admin_user)
    for name in ("engagements:timeline", "engagements:dialogues"):
        url = _ui(name, company_pk=company.pk, engagement_pk=engagement.pk)
        response = client.get(url, {"page": page})
        assert response.status_code == 200, (name, page)


@pytest.mark.parametrize("pk", [2**63, 10**25])
def test_page_urls_with_an_id_out_of_range_are_404(login, admin_user, company, pk):
    client = login(admin_user)
    assert client.get(_ui("companies:detail", pk=pk)).status_code == 404
    assert client.get(_ui("engagements:timeline", company_pk=company.pk, engagement_pk=pk)).status_code == 404


@pytest.mark.parametrize("field", ["net_sales", "operating_income", "average_salary", "fiscal_year"])
def test_oversized_amounts_in_a_follow_up_are_422_not_500(api, world, field):
    """Found by schemathesis: a 33-digit 売上高 reached the database (500)."""
    before = _rows()
    response = _send(
        api,
        "post",
        f"/api/v1/engagements/{world['engagement_id']}/follow-ups",
        {"scheduled_on": "2026-12-01", field: 942335676809475830477846959095808},
    )
    _assert_refused(response, {422}, field)
    assert response.json()["errors"][0]["field"] == field
    assert _rows() == before


def test_a_wage_rate_out_of_range_is_422_with_the_ranges_message(api, world):
    """Found by schemathesis: the label's "%" broke the message's formatting (500)."""
    response = _send(
        api,
        "put",
        f"/api/v1/engagements/{world['engagement_id']}/outcome-baseline",
        {"wage_increase_rate": 278.6, "net_sales": 1},
    )
    _assert_refused(response, {422}, "wage_increase_rate")
    assert response.json()["errors"] == [
        {"field": "wage_increase_rate", "message": "賃上げ率（%）は-100〜100の範囲で入力してください。"}
    ]
    assert not OutcomeBaseline.objects.exists()
