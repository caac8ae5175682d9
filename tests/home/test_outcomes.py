"""The portfolio's outcomes (成果) and the organization's statistics (組織の学び・満足度): pages, the
company list behind each number, per branch, the API, hostile parameters and constant query counts."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.engagements.domain import surveys as survey_domain
from banso.orgs.domain import create_api_token
from banso.orgs.models import Branch, Membership
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement
from tests.engagements.factories import (
    DialogueFactory,
    EngagementFactory,
    FollowUpFactory,
    IssueNodeFactory,
    OutcomeBaselineFactory,
    WallAssessmentFactory,
)
from tests.factories import CompanyFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def url(name, **params):
    base = reverse(f"home:{name}", kwargs={"org": "minato"})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def grow_company(company, supporter, *, improved=True):
    """Two confirmed years (sales 200 → 210 百万円), two wall assessments, an agreed root issue about
    見える化, a baseline and a follow-up with the average salary (4.0 → 4.2 百万円), one dialogue."""
    make_statement(company, 2024, by=supporter, **PREVIOUS_YEAR)
    make_statement(company, 2025, by=supporter)
    engagement = EngagementFactory(company=company, lead_supporter=supporter, status="active", step=6)
    WallAssessmentFactory(engagement=engagement, assessed_on=dt.date(2026, 4, 10))
    WallAssessmentFactory(
        engagement=engagement, assessed_on=dt.date(2026, 5, 10), unseen=1 if improved else 3, unfaced=3
    )
    IssueNodeFactory(
        engagement=engagement, kind="root", text="経営の見える化ができていない", agreed_on=dt.date(2026, 5, 1)
    )
    OutcomeBaselineFactory(engagement=engagement, average_salary=4_000_000)
    FollowUpFactory(engagement=engagement, done_on=dt.date(2026, 6, 1), average_salary=4_200_000)
    DialogueFactory(engagement=engagement)
    return engagement


@pytest.fixture
def grown(company, other_company, supporter):
    return grow_company(company, supporter)


def test_outcomes_page_counts_and_links_to_the_companies_behind(
    login, admin_user, grown, company, other_company
):
    client = login(admin_user)
    page = client.get(url("outcomes")).content.decode()
    sales_up = url("outcomes").replace("portfolio/outcomes/", "companies/") + "?outcome=sales&amp;bucket=up"
    assert sales_up in page
    assert "ローカルベンチマークのランク" in page and "5つの壁" in page and "平均給与（賃上げ）" in page
    # the rate of the totals: 200 → 210 百万円 = 5.0 %, salary 4.0 → 4.2 百万円 = 5.0 %
    assert "5.0%" in page
    listed = client.get(
        reverse("companies:list", kwargs={"org": "minato"}), {"outcome": "sales", "bucket": "up"}
    )
    text = listed.content.decode()
    assert company.name in text and other_company.name not in text
    assert "売上高: 増加" in text  # the filter chip says what the list is
    walls = client.get(
        reverse("companies:list", kwargs={"org": "minato"}), {"outcome": "wall:unseen", "bucket": "improved"}
    ).content.decode()
    assert company.name in walls and other_company.name not in walls


def test_per_branch_and_per_supporter(login, admin_user, supporter, grown, company, other_company):
    admin_membership = Membership.objects.get(user=admin_user)
    branch = Branch.objects.create(organization=admin_membership.organization, name="浜松支店", code="101")
    Membership.objects.filter(user=supporter).update(branch=branch)
    client = login(admin_user)
    page = client.get(url("outcomes", group="branch")).content.decode()
    assert "浜松支店" in page and "支店なし" in page
    assert f"branch={branch.pk}" in page
    listed = client.get(
        reverse("companies:list", kwargs={"org": "minato"}), {"branch": branch.pk}
    ).content.decode()
    assert company.name in listed and other_company.name not in listed and "支店: 浜松支店" in listed
    by_supporter = client.get(url("outcomes", group="supporter")).content.decode()
    assert supporter.display_name in by_supporter and "担当者なし" in by_supporter


def test_only_admins_and_viewers_see_them(login, supporter, viewer, owner, grown):
    assert login(supporter).get(url("outcomes")).status_code == 403
    assert login(supporter).get(url("statistics")).status_code == 403
    assert login(viewer).get(url("statistics")).status_code == 200
    assert login(owner).get(url("outcomes")).status_code == 404
    # a supporter cannot use the outcome filter to learn about companies: it is ignored for them
    listed = login(supporter).get(
        reverse("companies:list", kwargs={"org": "minato"}), {"outcome": "sales", "bucket": "up"}
    )
    assert "売上高: 増加" not in listed.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"outcome": "<script>", "bucket": "up"},
        {"outcome": "sales", "bucket": "x" * 500},
        {"theme": "'; DROP TABLE"},
        {"approach": "%00"},
        {"branch": "9" * 40},
        {"branch": "-1"},
        {"group": "<b>"},
    ],
)
def test_hostile_parameters_are_ignored_not_a_500(login, admin_user, grown, params):
    client = login(admin_user)
    assert client.get(reverse("companies:list", kwargs={"org": "minato"}), params).status_code == 200
    assert client.get(url("outcomes"), params).status_code == 200


def test_statistics_page_themes_steps_and_the_survey_aggregate(
    login, admin_user, supporter, owner, grown, company
):
    survey = survey_domain.create_survey(grown, by=supporter)
    survey_domain.answer_survey(
        survey_domain.link_token(survey),
        answers={"dialogue": 5, "listening": 4, "insight": 4, "support": 5, "change": 3},
        comment="<b>丁寧</b>でした",
    )
    survey_domain.create_survey(grown, by=supporter, milestone="end")  # sent, not answered
    page = login(admin_user).get(url("statistics")).content.decode()
    assert "経営の見える化・数字の把握（1社）" in page
    assert "?theme=visibility" in page
    # sent 2, answered 1 → 50.0 %; mean of the answered scores (5+4+4+5+3)/5 = 4.20
    assert "送付 2件・回答 1件・回答率 50.0%" in page and "4.20" in page
    assert "&lt;b&gt;丁寧&lt;/b&gt;でした" in page
    # never the owner's name or the company's name beside the comments
    comments = page.split("自由記述（支援機関の中だけで")[1].split("</ul>")[0]
    assert owner.display_name not in comments and company.name not in comments


def test_api_outcomes_and_statistics(admin_user, supporter, grown):
    _, raw = create_api_token(Membership.objects.get(user=admin_user), name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    from django.test import Client

    client = Client()
    body = client.get("/api/v1/portfolio/outcomes?group=supporter", **headers).json()
    sales = next(m for m in body["overall"]["money"] if m["metric"] == "sales")
    assert (sales["n"], sales["first_total"], sales["latest_total"], sales["change_pct"]) == (
        1,
        200_000_000,
        210_000_000,
        5.0,
    )
    assert any(g["filter"] == {"supporter": supporter.pk} for g in body["groups"])
    stats = client.get("/api/v1/portfolio/statistics", **headers).json()
    assert stats["root_issue_themes"][0] == {
        "key": "visibility",
        "label": "経営の見える化・数字の把握",
        "count": 1,
    }
    assert client.get("/api/v1/portfolio/outcomes?group=nope", **headers).status_code == 422
    _, raw_supporter = create_api_token(Membership.objects.get(user=supporter), name="t")
    refused = client.get("/api/v1/portfolio/outcomes", HTTP_AUTHORIZATION=f"Bearer {raw_supporter}")
    assert refused.status_code == 403 and "管理者と閲覧者" in json.loads(refused.content)["detail"]


def test_api_surveys_list_and_create(supporter, viewer, grown):
    from django.test import Client

    _, raw = create_api_token(Membership.objects.get(user=supporter), name="t")
    client = Client()
    path = f"/api/v1/engagements/{grown.pk}/surveys"
    created = client.post(
        path, {"milestone": "manual"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert (
        created.status_code == 201
        and created.json()["state"] == "open"
        and "/survey/" in created.json()["link"]
    )
    listed = client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert listed["count"] == 1
    bad = client.post(
        path, {"milestone": "nope"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert bad.status_code == 422
    _, raw_viewer = create_api_token(Membership.objects.get(user=viewer), name="t")
    refused = client.post(
        path, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw_viewer}"
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("name", ["outcomes", "statistics"])
def test_constant_query_count(login, admin_user, org, supporter, name):
    client = login(admin_user)
    counts = []
    for size in (2, 6):
        while len(counts) < 1 or org.companies.count() < size:
            company = CompanyFactory(organization=org, supporters=[supporter])
            engagement = grow_company(company, supporter)
            survey = survey_domain.create_survey(engagement, by=supporter)
            survey_domain.answer_survey(
                survey_domain.link_token(survey),
                answers={"dialogue": 5, "listening": 4, "insight": 4, "support": 5, "change": 3},
                now=timezone.now(),
            )
            if org.companies.count() >= size:
                break
        counts.append(count_queries(client, url(name, group="branch") if name == "outcomes" else url(name)))
    assert counts[0] == counts[1]
