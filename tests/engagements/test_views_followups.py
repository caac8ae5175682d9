"""Follow-up pages: schedule the guideline's dates, record one, the baseline, before / after side by side."""

import datetime as dt

import pytest

from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.models import FollowUp, OutcomeBaseline
from tests.engagements.factories import FollowUpFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def test_scheduling_the_guideline_dates_once(login, supporter, step6, page_url):
    client = login(supporter)
    assert client.post(page_url("followup_schedule", step6)).status_code == 302
    assert list(FollowUp.objects.values_list("scheduled_on", flat=True)) == [
        dt.date(2027, 7, 1),
        dt.date(2027, 10, 1),
        dt.date(2028, 4, 1),
    ]
    again = client.post(page_url("followup_schedule", step6), follow=True)
    assert "すでに予定されています" in again.content.decode()
    page = client.get(page_url("followup_list", step6)).content.decode()
    assert "支援終了の6か月後" in page and "この日程で予定する" not in page


def test_recording_a_follow_up_typed_in_thousand_yen(login, supporter, step6, page_url):
    follow_up = follow_up_domain.add_follow_up(step6, by=supporter, scheduled_on=dt.date(2026, 10, 1))
    data = {
        "scheduled_on": "2026/10/1",
        "done_on": "2026/10/3",
        "sets_own_issues": "3",
        "runs_own_pdca": "4",
        "staff_ownership": "2",
        "evidence": "月次会議を社長抜きで開いている",
        "fiscal_year": "２０２７",
        "net_sales": "５１０，０００",
        "operating_income": "△1,200",
        "employees": "33",
        "average_salary": "4,200,000",
        "wage_increase_rate": "３．２",
        "note": "",
        "version": "1",
    }
    response = login(supporter).post(page_url("followup_edit", step6, pk=follow_up.pk), data)
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.net_sales, follow_up.operating_income, follow_up.average_salary) == (
        510_000_000,
        -1_200_000,
        4_200_000,
    )
    assert (follow_up.runs_own_pdca, str(follow_up.wage_increase_rate), follow_up.conducted_by) == (
        4,
        "3.20",
        supporter,
    )


def test_ratings_without_the_done_day_are_explained(login, supporter, step6, page_url):
    follow_up = follow_up_domain.add_follow_up(step6, by=supporter, scheduled_on=dt.date(2026, 10, 1))
    data = {"scheduled_on": "2026/10/1", "done_on": "", "runs_own_pdca": "3", "version": "1"}
    response = login(supporter).post(page_url("followup_edit", step6, pk=follow_up.pk), data)
    assert response.context["form"].errors["done_on"] == [follow_up_domain.NEEDS_DONE_MESSAGE]
    follow_up.refresh_from_db()
    assert follow_up.runs_own_pdca is None


def test_before_and_after_side_by_side(login, viewer, supporter, step6, page_url):
    login(supporter).post(
        page_url("baseline_edit", step6),
        {
            "source": "2026年3月期 決算書",
            "fiscal_year": "2026",
            "net_sales": "480,000",
            "operating_income": "△3,000",
            "employees": "32",
        },
    )
    assert OutcomeBaseline.objects.get().net_sales == 480_000_000
    follow_up_domain.add_follow_up(
        step6,
        by=supporter,
        scheduled_on=dt.date(2026, 10, 1),
        done_on=dt.date(2026, 10, 1),
        net_sales=516_000_000,
        operating_income=2_000_000,
        employees=33,
    )
    page = login(viewer).get(page_url("followup_list", step6))
    rows = {row.label: row for row in page.context["comparisons"]}
    assert (
        rows["売上高"].before,
        rows["売上高"].afters,
        rows["売上高"].difference,
        rows["売上高"].change,
    ) == (
        "480,000千円",
        ["516,000千円"],
        "+36,000千円",
        "+7.5%",
    )
    assert (rows["営業利益"].difference, rows["営業利益"].change, rows["営業利益"].direction) == (
        "+5,000千円",
        "—",
        "↑ 増加",
    )
    body = page.content.decode()
    assert "2026年3月期" in body and "支援開始時の数値を編集" not in body


def test_three_actors_on_follow_ups(login, viewer, colleague, outsider, step6, page_url):
    follow_up = FollowUpFactory(engagement=step6)
    assert login(viewer).get(page_url("followup_list", step6)).status_code == 200
    assert login(viewer).get(page_url("followup_edit", step6, pk=follow_up.pk)).status_code == 403
    assert login(viewer).post(page_url("followup_schedule", step6)).status_code == 403
    assert login(colleague).get(page_url("followup_list", step6)).status_code == 404
    assert login(outsider).get(page_url("followup_list", step6, org="sakura")).status_code == 404
    assert FollowUp.objects.count() == 1


def test_query_count_does_not_grow_with_follow_ups(login, supporter, step6, page_url):
    client = login(supporter)
    counts = []
    start = dt.date(2026, 5, 1)
    for size in (2, 15):
        for n in range(size):
            day = start + dt.timedelta(days=size * 10 + n)
            follow_up_domain.add_follow_up(
                step6, by=supporter, scheduled_on=day, done_on=day, runs_own_pdca=3, net_sales=1_000_000 + n
            )
        counts.append(count_queries(client, page_url("followup_list", step6)))
    assert counts[0] == counts[1]
