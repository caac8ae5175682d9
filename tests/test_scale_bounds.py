"""Bounds found by the bank-scale benchmark (issue 10): what a page renders or counts must not grow
with the organization — the company list's supporter filter, the activity log's count and paging,
the reviews per action in the 支援経過報告書, and the indexes behind the list's sort and counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banso.companies import queries as company_queries
from banso.companies.models import Company
from banso.core.models import ActivityLog
from banso.core.pagination import CappedPaginator
from banso.core.roles import Role
from banso.engagements.exports.progress_report import MAX_REVIEWS_PER_ACTION, latest_reviews
from banso.orgs.views import organization as org_views
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _supporters(org, n):
    users = [UserFactory(username=f"sup{i:04d}", full_name=f"支援 太郎{i:04d}") for i in range(n)]
    for user in users:
        MembershipFactory(user=user, organization=org, role=Role.SUPPORTER)
    return users


def test_company_list_offers_a_bounded_supporter_filter(login, admin_user, company, org, monkeypatch):
    monkeypatch.setattr(company_queries, "SUPPORTER_OPTIONS_MAX", 5)
    url = reverse("companies:list", kwargs={"org": "minato"})
    client = login(admin_user)
    # Few supporters: a select with every one of them.
    page = client.get(url).content.decode()
    assert '<select id="supporter"' in page
    users = _supporters(org, 8)
    Company.supporters.through.objects.create(company_id=company.pk, user_id=users[3].pk)
    page = client.get(url).content.decode()
    # More than the bound: no option per supporter, a name search instead.
    assert '<select id="supporter"' not in page
    assert len(re.findall(r"<option ", page)) <= 5
    assert 'name="supporter_name"' in page
    found = client.get(url, {"supporter_name": "太郎0003"}).content.decode()
    assert company.name in found
    assert company.name not in client.get(url, {"supporter_name": "太郎0004"}).content.decode()
    # A link with ?supporter=<id> (the portfolio's) still filters and names the person.
    chosen = client.get(url, {"supporter": users[3].pk}).content.decode()
    assert company.name in chosen and "支援 太郎0003" in chosen


def test_supporter_filter_options_is_one_bounded_query(org, monkeypatch):
    monkeypatch.setattr(company_queries, "SUPPORTER_OPTIONS_MAX", 5)
    _supporters(org, 4)
    with CaptureQueriesContext(connection) as queries:
        assert len(company_queries.supporter_filter_options(org)) == 4
    assert len(queries) == 1
    for i in range(4, 10):
        MembershipFactory(user=UserFactory(username=f"more{i}"), organization=org, role=Role.SUPPORTER)
    with CaptureQueriesContext(connection) as queries:
        assert company_queries.supporter_filter_options(org) is None
    assert "LIMIT 6" in queries[0]["sql"]


def test_capped_paginator_counts_at_most_the_cap(org):
    for i in range(12):
        ActivityLog.objects.create(organization_id=org.pk, code="company.updated", message=f"m{i}")
    events = ActivityLog.objects.filter(organization_id=org.pk).order_by("-created_at", "-id")
    paginator = CappedPaginator(events, 3, max_count=7)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 7  # counted up to the cap + 1, "more than the cap"
    assert "LIMIT 8" in queries[0]["sql"].upper()
    assert paginator.capped
    assert paginator.num_pages == 3  # 7 rows reachable
    assert len(paginator.get_page(99).object_list) == 1  # the last reachable page
    small = CappedPaginator(events, 5, max_count=100)
    assert (small.count, small.capped, small.num_pages) == (12, False, 3)


def test_activity_log_page_is_capped(login, admin_user, org, monkeypatch):
    monkeypatch.setattr(org_views, "ACTIVITY_MAX_ROWS", 60)
    ActivityLog.objects.bulk_create(
        [ActivityLog(organization_id=org.pk, code="company.updated", message=f"記録{i}") for i in range(80)]
    )
    client = login(admin_user)
    url = reverse("orgs:activity", kwargs={"org": "minato"})
    first = client.get(url).content.decode()
    assert "1 / 2+ ページ" in first
    last = client.get(url, {"page": 99}).content.decode()
    assert "2 / 2+ ページ" in last
    assert "種類で絞り込んで" in last


def test_report_shows_the_latest_reviews_of_each_action():
    history = [f"r{i}" for i in range(10)]
    shown, hidden = latest_reviews(history)
    assert shown == history[-MAX_REVIEWS_PER_ACTION:]
    assert hidden == 10 - MAX_REVIEWS_PER_ACTION
    assert latest_reviews(history[:2]) == (history[:2], 0)


def test_report_of_a_long_action_history_names_the_left_out_reviews(supporter, company, monkeypatch):
    import banso.core.pdf as core_pdf
    from banso.engagements.domain import actions as action_domain
    from banso.engagements.exports.progress_report import ProgressReportPdf
    from tests.engagements.factories import EngagementFactory, StakeholderFactory

    engagement = EngagementFactory(company=company, lead_supporter=supporter)
    owner = StakeholderFactory(engagement=engagement, role="owner")
    due = engagement.started_on + dt.timedelta(days=30)
    action = action_domain.create_action(
        engagement, by=supporter, owner=owner, what="値上げの提案", due_on=due
    )
    for i in range(MAX_REVIEWS_PER_ACTION + 4):
        action_domain.review_action(action, by=supporter, status="in_progress", result=f"結果{i}")
    rendered = []
    real = core_pdf.markup_paragraph

    def spy(text, style):
        rendered.append(text)
        return real(text, style)

    monkeypatch.setattr(core_pdf, "markup_paragraph", spy)
    ProgressReportPdf().render(engagement=engagement)
    block = next(t for t in rendered if "振り返り（PDCA）" in t)
    assert block.count("→") == MAX_REVIEWS_PER_ACTION
    assert "ほか4件" in block
    assert "結果6" in block and "結果3" not in block


def test_indexes_behind_the_list_and_the_log():
    def index_fields(model):
        return {tuple(index.fields) for index in model._meta.indexes}

    assert ("organization", "employees") in index_fields(Company)
    assert ("organization", "industry_code") in index_fields(Company)
    assert ("organization_id", "-created_at", "-id", "code") in index_fields(ActivityLog)
    assert ("organization", "name_kana", "name") in index_fields(Company)


def test_walls_chart_is_drawn_once_per_version_of_the_ratings(login, supporter, company, monkeypatch):
    from django.core.cache import cache

    from banso.engagements.views import walls as walls_views
    from tests.engagements.factories import EngagementFactory, WallAssessmentFactory

    cache.clear()
    engagement = EngagementFactory(company=company, lead_supporter=supporter)
    first = WallAssessmentFactory(engagement=engagement, assessed_on=engagement.started_on)
    WallAssessmentFactory(engagement=engagement, assessed_on=engagement.started_on + dt.timedelta(days=30))
    drawn = []
    real = walls_views.wall_chart
    monkeypatch.setattr(walls_views, "wall_chart", lambda rows: drawn.append(len(rows)) or real(rows))
    url = reverse(
        "engagements:walls",
        kwargs={"org": "minato", "company_pk": company.pk, "engagement_pk": engagement.pk},
    )
    client = login(supporter)
    pages = [client.get(url).content for _ in range(3)]
    assert drawn == [2]  # drawn once, then read from the cache
    assert b"data:image/svg+xml;base64," in pages[2]
    first.unseen = 0  # an edit of a rating changes the key
    first.save()
    client.get(url)
    assert drawn == [2, 2]


def test_company_list_reaches_a_bounded_number_of_pages(login, admin_user, supporter, org, monkeypatch):
    from banso.companies import views as company_views

    monkeypatch.setattr(company_views, "LIST_MAX_ROWS", 30)
    for i in range(40):
        Company.objects.create(
            organization=org,
            name=f"会社{i:02d}",
            name_kana=f"カイシャ{i:02d}",
            industry_code="0501",
            fiscal_year_end_month=3,
            employees=i,
        )
    client = login(admin_user)
    url = reverse("companies:list", kwargs={"org": "minato"})
    first = client.get(url)
    body = first.content.decode()
    assert "40件" in body  # the full count is stated
    assert "1 / 2+ ページ" in body  # 30 rows reachable: two pages of 25
    last = client.get(url, {"page": 99})
    names = [c.name for c in last.context["page"].object_list]
    assert names == [f"会社{i:02d}" for i in range(25, 30)]  # the last reachable page, in order
    assert "先頭の30件まで" in last.content.decode()
    # Sorted the other way, the rows past the bound come first.
    newest = client.get(url, {"sort": "-kana"}).context["page"].object_list
    assert [c.name for c in newest][:2] == ["会社39", "会社38"]
    # A search counts and pages its own matches.
    found = client.get(url, {"q": "カイシャ3"})
    assert [c.name for c in found.context["page"].object_list] == [f"会社3{i}" for i in range(10)]
    assert "10件（絞り込み中）" in found.content.decode()


def test_bounded_paginator_reads_a_page_by_its_ids(org, supporter):
    from banso.core.pagination import BoundedPaginator

    companies = [
        Company.objects.create(
            organization=org,
            name=f"社{i}",
            name_kana=f"シャ{i}",
            industry_code="0501",
            fiscal_year_end_month=3,
            employees=1,
        )
        for i in range(7)
    ]
    companies[3].supporters.add(supporter)
    rows = (
        Company.objects.filter(organization=org)
        .order_by("name_kana", "name", "id")
        .prefetch_related("supporters")
    )
    paginator = BoundedPaginator(rows, 3, max_rows=5)
    assert (paginator.count, paginator.num_pages, paginator.capped) == (7, 2, True)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(2)
        listed = list(page.object_list)
    assert [c.name for c in listed] == ["社3", "社4"]  # only the reachable rows
    assert [s.pk for s in listed[0].supporters.all()] == [supporter.pk]  # prefetch kept
    assert len(queries) == 2  # the page (ids in a subquery) and the prefetch
    assert "LIMIT 2 OFFSET 3" in queries[0]["sql"].upper()
    assert not page.has_next()
    assert BoundedPaginator(rows, 3, max_rows=100).num_pages == 3
